// Socket.IO on the app's HTTP server. Handlers here are thin: validate with the contract's zod
// schema, call a service, acknowledge with { ok, data } or { ok: false, error }.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { ZodType } from "zod";
import { toErrorBody } from "@/lib/errors";
import {
  pingInput,
  type AckFn,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from "./events";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Wraps a handler so that bad input and thrown AppErrors become a `{ ok: false }` ack and a
 * missing ack function (a client that did not ask for one) is tolerated.
 */
function handler<I, O>(schema: ZodType<I>, run: (input: I, socket: RealtimeSocket) => Promise<O> | O) {
  return (socket: RealtimeSocket) =>
    async (raw: unknown, ack?: AckFn<O>) => {
      const reply: AckFn<O> = typeof ack === "function" ? ack : () => {};
      const parsed = schema.safeParse(raw ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        reply({ ok: false, error: { code: "BAD_REQUEST", message: `${issue.path.join(".") || "input"}: ${issue.message}` } });
        return;
      }
      try {
        reply({ ok: true, data: await run(parsed.data, socket) });
      } catch (err) {
        reply({ ok: false, error: toErrorBody(err) });
      }
    };
}

const onPing = handler(pingInput, (input) => ({
  serverTime: new Date().toISOString(),
  sentAt: input.sentAt ?? null,
}));

export function createRealtimeServer(httpServer: HttpServer): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    // Bounded payloads: nothing in the contract comes close to 100 kB.
    maxHttpBufferSize: 100_000,
    serveClient: false,
  });
  io.on("connection", (socket) => {
    socket.on("ping", onPing(socket));
  });
  return io;
}


import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { createRealtimeServer, type RealtimeServer } from "@/lib/realtime/server";
import { setRealtimeServer } from "@/lib/realtime/publish";
import { buildToken, buildUser } from "../../helpers/factories";

let http: HttpServer;
let io: RealtimeServer;
let url: string;
/** The handshake refuses anonymous sockets; every client here connects with this API token. */
let token: string;
const clients: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

beforeAll(async () => {
  http = createServer();
  io = createRealtimeServer(http);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  token = (await buildToken((await buildUser({ name: "Pinger" })).actor, "ping test")).token;
});

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await new Promise<void>((r) => io.close(() => r()));
  setRealtimeServer(undefined);
});

async function client() {
  const c: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { transports: ["websocket"], forceNew: true, auth: { token } });
  clients.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once("connect", resolve);
    c.once("connect_error", reject);
  });
  return c;
}

describe("the realtime contract over a real socket", () => {
  it("ping is acknowledged with ok, the server time and the client's timestamp", async () => {
    const c = await client();
    const sentAt = Date.now();
    const ack = await c.timeout(5000).emitWithAck("ping", { sentAt });
    expect(ack).toEqual({ ok: true, data: { serverTime: expect.any(String), sentAt } });
    if (ack.ok) expect(Math.abs(Date.parse(ack.data.serverTime) - sentAt)).toBeLessThan(60_000);
  });

  it("a malformed ping gets { ok: false } with BAD_REQUEST and a message, and the socket stays usable", async () => {
    const c = await client();
    // deliberately outside the contract's types
    const bad = await (c.timeout(5000) as unknown as Socket).emitWithAck("ping", { sentAt: "yesterday" });
    expect(bad).toEqual({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringContaining("sentAt") } });
    const unknownField = await (c.timeout(5000) as unknown as Socket).emitWithAck("ping", { evil: true });
    expect(unknownField).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await c.timeout(5000).emitWithAck("ping", {})).toMatchObject({ ok: true, data: { sentAt: null } });
  });

  it("each client gets its own acknowledgement", async () => {
    const [a, b] = await Promise.all([client(), client()]);
    const [ra, rb] = await Promise.all([
      a.timeout(5000).emitWithAck("ping", { sentAt: 1 }),
      b.timeout(5000).emitWithAck("ping", { sentAt: 2 }),
    ]);
    expect(ra).toMatchObject({ ok: true, data: { sentAt: 1 } });
    expect(rb).toMatchObject({ ok: true, data: { sentAt: 2 } });
  });
});

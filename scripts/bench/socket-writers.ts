// Bench writers over Socket.IO: each writer user holds its own socket (as a browser in the room
// does) and posts with the acknowledged "comment:create" event instead of an HTTP POST. Used by
// scripts/bench/run.ts, which times each comment from the emit to its arrival at every client.
import { io, type Socket } from "socket.io-client";
import type { Ack } from "@/lib/realtime/events";

export interface SocketWriters {
  /** Posts comment `i` (round-robin over the writers) with this clientId; resolves on the ok ack. */
  post(i: number, threadId: string, body: string, clientId: string): Promise<void>;
  close(): void;
}

export async function openSocketWriters(url: string, tokens: string[], seminarId: string): Promise<SocketWriters> {
  const sockets: Socket[] = await Promise.all(
    tokens.map(
      (token) =>
        new Promise<Socket>((resolve, reject) => {
          const s = io(url, { transports: ["websocket"], auth: { token }, forceNew: true, reconnection: false });
          const timer = setTimeout(() => reject(new Error("writer connect timeout")), 60_000);
          s.once("connect_error", (e) => reject(e));
          s.once("connect", async () => {
            // Writers are members in the room, as in a browser (they receive the events too, unmeasured).
            const ack = (await s.timeout(30_000).emitWithAck("seminar:join", { seminarId })) as Ack<unknown>;
            clearTimeout(timer);
            if (!ack.ok) return reject(new Error(`writer join refused: ${ack.error.message}`));
            resolve(s);
          });
        }),
    ),
  );
  return {
    async post(i, threadId, body, clientId) {
      const ack = (await sockets[i % sockets.length].timeout(30_000).emitWithAck("comment:create", { threadId, body, clientId })) as Ack<unknown>;
      if (!ack.ok) throw new Error(`comment:create refused: ${ack.error.code} ${ack.error.message}`);
    },
    close() {
      sockets.forEach((s) => s.disconnect());
    },
  };
}

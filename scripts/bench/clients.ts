// Bench worker: holds a share of the Socket.IO clients and records when each message arrives.
// Forked by scripts/bench/run.ts; talks to it over IPC. Times are performance.timeOrigin +
// performance.now(), comparable across processes on one machine.
import { io, type Socket } from "socket.io-client";

interface Start {
  kind: "start";
  url: string;
  /** Auth tokens, one per socket (users may repeat: several tabs of one person). */
  tokens: string[];
  /** Join this seminar (the app) or nothing (the baseline). */
  seminarId?: string;
  /** The event to record, and how to read its message id. */
  event: "comment:created" | "bench:msg";
}

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
/** message id -> arrival times, one per delivery (duplicates show as extra entries per socket). */
const arrivals = new Map<string, number[]>();
const perSocketSeen: Set<string>[] = [];
let duplicates = 0;
/** presence:changed pushes received by all this worker's sockets, and their payload bytes (JSON). */
const presence = { messages: 0, bytes: 0 };

process.on("message", async (msg: Start | { kind: "report" } | { kind: "presence" } | { kind: "stop" }) => {
  if (msg.kind === "start") {
    let ready = 0;
    await Promise.all(
      msg.tokens.map(
        (token, i) =>
          new Promise<void>((resolve, reject) => {
            const s = io(msg.url, { transports: ["websocket"], auth: { token }, forceNew: true, reconnection: false });
            sockets.push(s);
            perSocketSeen[i] = new Set();
            const timer = setTimeout(() => reject(new Error("connect timeout")), 60_000);
            s.on("connect_error", (e) => reject(e));
            s.on(msg.event, (e: { comment?: { clientId: string | null }; id?: string }) => {
              const t = now();
              const id = msg.event === "bench:msg" ? e.id! : e.comment?.clientId ?? "";
              if (perSocketSeen[i].has(id)) duplicates++;
              perSocketSeen[i].add(id);
              const list = arrivals.get(id);
              if (list) list.push(t);
              else arrivals.set(id, [t]);
            });
            s.on("presence:changed", (p: unknown) => {
              presence.messages++;
              presence.bytes += Buffer.byteLength(JSON.stringify(p));
            });
            s.on("connect", async () => {
              if (msg.seminarId) {
                const ack = await s.timeout(30_000).emitWithAck("seminar:join", { seminarId: msg.seminarId });
                if (!ack.ok) return reject(new Error(`join refused: ${ack.error.message}`));
              }
              clearTimeout(timer);
              ready++;
              resolve();
            });
          }),
      ),
    ).catch((e) => process.send!({ kind: "error", message: String(e) }));
    process.send!({ kind: "ready", count: ready });
  } else if (msg.kind === "report") {
    process.send!({ kind: "report", arrivals: Object.fromEntries(arrivals), duplicates, sockets: sockets.length });
  } else if (msg.kind === "presence") {
    process.send!({ kind: "presence", ...presence });
  } else if (msg.kind === "stop") {
    sockets.forEach((s) => s.disconnect());
    process.exit(0);
  }
});

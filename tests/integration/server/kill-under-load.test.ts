// Fault test (a): `kill -9` of the real server.ts while writers post and listeners listen.
// Nothing acknowledged may be lost: every comment that got a 2xx is in the database and among the
// seminar's events, and every listener that rejoins with its last seq receives exactly the events
// it missed, so its seqs become 1..N with no gap and none twice.
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { DISCUSSION_EVENT_TYPES, type DiscussionEvent, type SeminarJoinData } from "@/lib/realtime/events";
import type { Client } from "../../helpers/realtime";
import { createFaultDatabase, startAppServer, type AppServer } from "../../helpers/app-server";
import { buildClass, buildThread, buildToken, sessionCookie, type BuiltUser } from "../../helpers/factories";

const WRITERS = 4;
const POSTS_PER_WRITER = 25; // under the per-user write limit (30 a minute)
const KILL_AFTER_ACKED = 30;
const LISTENERS = 3;

const realUrl = process.env.DATABASE_URL;
let fault: Awaited<ReturnType<typeof createFaultDatabase>>;
const servers: AppServer[] = [];
const sockets: Client[] = [];

beforeAll(async () => {
  fault = await createFaultDatabase("fault_kill");
  // The factories below write through this process's Prisma client: point it at the fault database.
  await disconnectDb();
  process.env.DATABASE_URL = fault.url;
}, 30_000);

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  for (const s of servers) await s.kill();
  await disconnectDb();
  process.env.DATABASE_URL = realUrl;
  await fault?.drop();
}, 30_000);

async function start(): Promise<AppServer> {
  const s = await startAppServer({ databaseUrl: fault.url });
  servers.push(s);
  return s;
}

interface Listener {
  who: BuiltUser;
  socket: Client;
  /** seq -> how many times it arrived live (not counting the join backlog). */
  live: Map<number, number>;
  events: Map<number, DiscussionEvent>;
}

async function listen(server: AppServer, who: BuiltUser, seminarId: string, afterSeq: number): Promise<{ socket: Client; ack: SeminarJoinData; live: Map<number, number> }> {
  const socket: Client = connect(server.url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie: await sessionCookie(who.user) } });
  sockets.push(socket);
  const live = new Map<number, number>();
  socket.onAny((event: string, payload: DiscussionEvent) => {
    if (isDiscussionEvent(event)) live.set(payload.seq, (live.get(payload.seq) ?? 0) + 1);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const ack = await socket.timeout(10_000).emitWithAck("seminar:join", { seminarId, afterSeq });
  if (!ack.ok) throw new Error(`join refused: ${ack.error.message}`);
  return { socket, ack: ack.data, live };
}

/** The highest seq up to which every seq from 1 is present. */
function contiguousUpTo(seqs: Iterable<number>): number {
  const have = new Set(seqs);
  let n = 0;
  while (have.has(n + 1)) n++;
  return n;
}

const isDiscussionEvent = (event: string) => (DISCUSSION_EVENT_TYPES as string[]).includes(event);
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

describe("kill -9 of the server under load", () => {
  it("loses no acknowledged write, and rejoining listeners receive exactly what they missed", async () => {
    const first = await start();
    const names = [...Array.from({ length: WRITERS }, (_, i) => `Writer${i}`), ...Array.from({ length: LISTENERS }, (_, i) => `Listener${i}`)];
    const { instructor, seminar, students } = await buildClass(names);
    const thread = await buildThread(instructor.actor, seminar.id);
    const writers = students.slice(0, WRITERS);
    const tokens = await Promise.all(writers.map((w) => buildToken(w.actor)));

    const listeners: Listener[] = [];
    for (const who of students.slice(WRITERS)) {
      const { socket, ack, live } = await listen(first, who, seminar.id, 0);
      const events = new Map(ack.events.map((e) => [e.seq, e]));
      socket.onAny((event: string, payload: DiscussionEvent) => {
        if (isDiscussionEvent(event)) events.set(payload.seq, payload);
      });
      listeners.push({ who, socket, live, events });
    }

    // Writers post concurrently; the server is killed once KILL_AFTER_ACKED posts were acknowledged.
    // A write counts as acknowledged as soon as its 2xx status arrives (the server answers after
    // the commit; the kill may cut the body that follows), so writes are tracked by clientId.
    const acked: string[] = [];
    let killed: Promise<void> | undefined;
    const writer = async (token: string, w: number) => {
      for (let i = 0; i < POSTS_PER_WRITER; i++) {
        const clientId = `kill-${w}-${i}-${thread.id.slice(-8)}`;
        let status: number;
        try {
          const res = await fetch(`${first.url}/api/v1/threads/${thread.id}/comments`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ body: `writer ${w} post ${i}`, clientId }),
            signal: AbortSignal.timeout(15_000),
          });
          status = res.status;
          void res.arrayBuffer().catch(() => {}); // the body may be cut by the kill
        } catch {
          return; // the server is gone: this write's outcome is unknown, and it was never acknowledged
        }
        if (status !== 201 && status !== 200) throw new Error(`post answered ${status}`);
        acked.push(clientId);
        if (acked.length >= KILL_AFTER_ACKED && !killed) killed = first.kill();
      }
    };
    await Promise.all(tokens.map((t, w) => writer(t.token, w)));
    expect(killed, "the writers finished before the kill; raise POSTS_PER_WRITER").toBeDefined();
    await killed;
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKED);

    // Before the kill no listener received any event twice.
    for (const l of listeners) {
      expect([...l.live.values()].filter((n) => n > 1)).toEqual([]);
    }

    const second = await start();

    // Every acknowledged comment is in the database.
    const stored = await db().comment.findMany({ where: { threadId: thread.id, clientId: { in: acked } }, select: { clientId: true } });
    expect(stored.map((c) => c.clientId).sort()).toEqual([...acked].sort());

    let n = 0;
    for (const l of listeners) {
      const last = contiguousUpTo(l.events.keys());
      const { ack } = await listen(second, l.who, seminar.id, last);
      n = ack.seq;
      expect(ack.more).toBe(false);
      // Exactly the missing events: last+1 .. the seminar's seq, each once, nothing already held.
      expect(ack.events.map((e) => e.seq)).toEqual(range(last + 1, ack.seq));
      for (const e of ack.events) l.events.set(e.seq, e);
      expect([...l.events.keys()].sort((a, b) => a - b)).toEqual(range(1, ack.seq));
      // And the stream holds every acknowledged comment.
      const created = new Set([...l.events.values()].filter((e) => e.type === "comment:created").map((e) => (e as { comment: { clientId: string | null } }).comment.clientId));
      expect(acked.filter((id) => !created.has(id))).toEqual([]);
    }
    expect(n).toBeGreaterThanOrEqual(acked.length + 1);
  }, 180_000);
});

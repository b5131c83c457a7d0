// Two app processes on one PostgreSQL with REALTIME_ADAPTER=postgres: each runs the real
// Socket.IO server and the real discussion route handlers (tests/integration/fixtures/realtime-node.ts)
// on its own port. A change posted over HTTP to one must reach members connected to the other, with
// the same seqs, the names each role may see, nothing for non-members; presence and the join ack
// see sockets on both; a client that moves from one process to the other resumes from its last seq.
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DISCUSSION_EVENT_TYPES,
  type Ack,
  type ClientToServerEvents,
  type DiscussionEvent,
  type PresenceChanged,
  type SeminarJoinData,
  type ServerToClientEvents,
  type TypingSignal,
} from "@/lib/realtime/events";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { updateSeminar } from "@/lib/domain/seminars/service";
import type { CommentView, ThreadView } from "@/lib/domain/threads/present";
import { buildClass, buildUser, ORIGIN, seminarParagraphs, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { spawnTs, waitForLine } from "../../helpers/processes";
import { presenceDeltas, presenceView, waitUntil } from "../../helpers/realtime";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Received {
  event: string;
  payload: unknown;
}
interface Conn {
  who: BuiltUser;
  socket: Client;
  events: Received[];
  raw(): string;
}
interface Node {
  name: string;
  child: ChildProcess;
  url: string;
}

const nodes: Node[] = [];
let A: Node;
let B: Node;
const open: Client[] = [];

async function startNode(name: string): Promise<Node> {
  const child = spawnTs("tests/integration/fixtures/realtime-node.ts", [], { REALTIME_ADAPTER: "postgres", PORT: undefined });
  const node = { name, child, url: "" };
  nodes.push(node);
  const m = await waitForLine(child, /realtime node listening on (\d+) \(adapter (\w+)\)/, 60_000);
  expect(m[2]).toBe("postgres");
  node.url = `http://127.0.0.1:${m[1]}`;
  return node;
}

beforeAll(async () => {
  [A, B] = await Promise.all([startNode("A"), startNode("B")]);
}, 90_000);

afterAll(async () => {
  open.forEach((c) => c.disconnect());
  await Promise.all(
    nodes.map(
      (n) =>
        new Promise<void>((resolve) => {
          if (n.child.exitCode !== null) return resolve();
          const timer = setTimeout(() => n.child.kill("SIGKILL"), 5000);
          n.child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          n.child.kill("SIGTERM");
        }),
    ),
  );
});

beforeEach(() => resetWriteLimits());

async function connectTo(node: Node, who: BuiltUser): Promise<Conn> {
  const socket: Client = connect(node.url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie: await sessionCookie(who.user) } });
  open.push(socket);
  const events: Received[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { who, socket, events, raw: () => JSON.stringify(events) };
}

async function join(c: Conn, seminarId: string, afterSeq?: number): Promise<Ack<SeminarJoinData>> {
  return c.socket.timeout(5000).emitWithAck("seminar:join", afterSeq === undefined ? { seminarId } : { seminarId, afterSeq });
}
async function joined(c: Conn, seminarId: string, afterSeq?: number): Promise<SeminarJoinData> {
  const ack = await join(c, seminarId, afterSeq);
  if (!ack.ok) throw new Error(`${c.who.user.name} could not join: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

const isDiscussion = (e: Received) => (DISCUSSION_EVENT_TYPES as string[]).includes(e.event);
const discussion = (c: Conn, from = 0) => c.events.slice(from).filter(isDiscussion).map((e) => e.payload as DiscussionEvent);

function waitFor<T>(c: Conn, event: string, test: (payload: T) => boolean = () => true, from = 0, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const hit = c.events.slice(from).find((e) => e.event === event && test(e.payload as T));
      if (hit) return resolve(hit.payload as T);
      if (Date.now() - started > timeoutMs) return reject(new Error(`${c.who.user.name}: no ${event} within ${timeoutMs} ms; got ${JSON.stringify(c.events.slice(from)).slice(0, 800)}`));
      setTimeout(check, 5);
    };
    check();
  });
}
function waitForSeq(c: Conn, seq: number): Promise<DiscussionEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const hit = discussion(c).find((e) => e.seq === seq);
      if (hit) return resolve(hit);
      if (Date.now() - started > 10_000) return reject(new Error(`${c.who.user.name}: no seq ${seq} within 10 s; got ${discussion(c).map((e) => e.seq).join(",")}`));
      setTimeout(check, 5);
    };
    check();
  });
}

/** Everything the server sent `c` before this has arrived once the ping's ack is back. */
const drain = async (c: Conn) => void (await c.socket.timeout(5000).emitWithAck("ping", {}));

/** A JSON API call to one of the processes, as a browser would make it. */
async function apiOn(node: Node, who: BuiltUser, method: string, path: string, json?: unknown) {
  const res = await fetch(node.url + path, {
    method,
    headers: { cookie: await sessionCookie(who.user), origin: node.url, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

describe("two server processes with REALTIME_ADAPTER=postgres", () => {
  it("a comment posted on one process reaches members connected to the other, with consecutive seqs; a refused outsider gets nothing", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    const [p1] = await seminarParagraphs(instructor.actor, seminar.id);
    const t = await connectTo(A, instructor);
    const a = await connectTo(A, ann);
    const b = await connectTo(B, bob);
    const outsider = await connectTo(B, await buildUser({ name: `Outsider ${randomUUID().slice(0, 6)}` }));
    for (const c of [t, a, b]) await joined(c, seminar.id);
    expect(await join(outsider, seminar.id)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    // Ann starts a thread through process A; Bob is on B
    const created = await apiOn(A, ann, "POST", `/api/v1/seminars/${seminar.id}/threads`, { paragraphId: p1.id, body: "Posted on **A**." });
    expect(created.status, created.text).toBe(201);
    const thread = created.body as ThreadView;
    const atBob = await waitForSeq(b, 1);
    expect(atBob).toMatchObject({ type: "thread:created", seq: 1, seminarId: seminar.id, thread: { id: thread.id, createdBy: { name: ann.user.name } } });
    if (atBob.type === "thread:created") expect(atBob.thread.comments[0]).toMatchObject({ body: null, html: expect.stringContaining("<strong>A</strong>") });

    // Bob replies through process B; Ann and the instructor are on A
    const reply = await apiOn(B, bob, "POST", `/api/v1/threads/${thread.id}/comments`, { body: "Answered on B.", clientId: randomUUID() });
    expect(reply.status, reply.text).toBe(201);
    const c = reply.body as CommentView;
    for (const conn of [a, t]) expect(await waitForSeq(conn, 2)).toMatchObject({ type: "comment:created", seq: 2, comment: { id: c.id, body: null, html: "<p>Answered on B.</p>\n", author: { name: bob.user.name } } });

    // more kinds of change, alternating processes
    expect((await apiOn(A, instructor, "PUT", `/api/v1/comments/${c.id}/reactions/insight`)).status).toBe(200);
    expect((await apiOn(B, bob, "PATCH", `/api/v1/comments/${c.id}`, { body: "Answered on B, edited." })).status).toBe(200);
    expect((await apiOn(A, instructor, "PATCH", `/api/v1/threads/${thread.id}`, { resolved: true })).status).toBe(200);
    expect((await apiOn(B, bob, "DELETE", `/api/v1/comments/${c.id}`)).status).toBe(204);
    const types = ["thread:created", "comment:created", "reaction:changed", "comment:updated", "thread:updated", "comment:deleted"];
    for (const conn of [t, a, b]) {
      await waitForSeq(conn, types.length);
      await drain(conn);
      const got = discussion(conn);
      expect(got.map((e) => e.seq), conn.who.user.name).toEqual([1, 2, 3, 4, 5, 6]);
      expect(got.map((e) => e.type)).toEqual(types);
    }
    expect(discussion(b)[5]).toMatchObject({ comment: { id: c.id, body: null, html: null } });
    await drain(outsider);
    expect(outsider.events).toEqual([]);
  });

  it("names as each role may see them, across processes: a student on B gets pseudonyms, an instructor on B real names", async () => {
    const { instructor, seminar, students } = await buildClass(["Cyrus", "Delia"]);
    await updateSeminar(instructor.actor, seminar.id, { nameVisibility: "hidden_from_students" }, ORIGIN);
    const [cyrus, delia] = students;
    const [p1] = await seminarParagraphs(instructor.actor, seminar.id);
    const a = await connectTo(A, cyrus);
    const b = await connectTo(B, delia);
    const t = await connectTo(B, instructor);
    const cyrusJoin = await joined(a, seminar.id);
    await joined(b, seminar.id);
    await joined(t, seminar.id);

    const created = await apiOn(A, cyrus, "POST", `/api/v1/seminars/${seminar.id}/threads`, { paragraphId: p1.id, body: "Who wrote this?" });
    expect(created.status, created.text).toBe(201);
    const atDelia = await waitForSeq(b, 1);
    const atT = await waitForSeq(t, 1);
    if (atDelia.type !== "thread:created" || atT.type !== "thread:created") throw new Error("not thread:created");
    expect(atDelia.thread.createdBy).toEqual({ key: cyrusJoin.you.key, name: expect.stringMatching(/^Student \d+$/), role: "student" });
    expect(atT.thread.createdBy).toEqual({ key: cyrusJoin.you.key, name: cyrus.user.name, role: "student" });
    // typing crosses processes too, named per role
    a.socket.emit("thread:typing", { seminarId: seminar.id, threadId: (created.body as ThreadView).id });
    expect((await waitFor<TypingSignal>(b, "thread:typing")).who.name).toMatch(/^Student \d+$/);
    expect((await waitFor<TypingSignal>(t, "thread:typing")).who.name).toBe(cyrus.user.name);

    await drain(b);
    for (const secret of [cyrus.user.name, "Cyrus", cyrus.user.email, cyrus.user.id]) expect(b.raw()).not.toContain(secret);
    // and exactly one copy of each event reached each socket (not one per process)
    expect(discussion(b).map((e) => e.seq)).toEqual([1]);
    expect(discussion(t).map((e) => e.seq)).toEqual([1]);
  });

  it("the join ack and presence count sockets on both processes: a user on B appears to a socket on A, and leaves", async () => {
    const { instructor, seminar, students } = await buildClass(["Edda"]);
    const t = await connectTo(A, instructor);
    const tJoin = await joined(t, seminar.id);
    const tView = presenceView(t, tJoin);
    const e = await connectTo(B, students[0]);
    const eJoin = await joined(e, seminar.id);
    // The ack lists whom B knows of now (A's news reaches B a moment after a join there); the
    // deltas after it bring the rest.
    const eView = presenceView(e, eJoin);
    expect(eJoin.present.map((p) => p.key)).toContain(eJoin.you.key);
    await waitUntil(e, () => (eView().length === 2 ? eView() : undefined), "both at Edda");
    expect(eView().map((p) => p.key).sort()).toEqual([tJoin.you.key, eJoin.you.key].sort());
    await waitUntil(t, () => tView().some((m) => m.key === eJoin.you.key) || undefined, "Edda in presence");
    expect(presenceDeltas(t, seminar.id).flatMap((d) => d.joined).filter((m) => m.key === eJoin.you.key)).toEqual([{ key: eJoin.you.key, name: students[0].user.name, role: "student" }]);

    const before = t.events.length;
    e.socket.disconnect();
    await waitFor<PresenceChanged>(t, "presence:changed", (p) => p.left.includes(eJoin.you.key), before);
    expect(tView().map((m) => m.key)).toEqual([tJoin.you.key]);
  });

  it("a user with a socket on each process stays present until both are gone; names hidden from students across processes", async () => {
    const { instructor, seminar, students } = await buildClass(["Hollis", "Ines", "Jude"]);
    await updateSeminar(instructor.actor, seminar.id, { nameVisibility: "hidden_from_students" }, ORIGIN);
    const [hollis, ines, jude] = students;
    const watcher = await connectTo(A, ines);
    const wView = presenceView(watcher, await joined(watcher, seminar.id));
    const t = await connectTo(B, instructor);
    const tView = presenceView(t, await joined(t, seminar.id));
    // Hollis first on B: Ines, on A, can only learn of it from B
    const onB = await connectTo(B, hollis);
    const key = (await joined(onB, seminar.id)).you.key;
    await waitUntil(watcher, () => wView().some((m) => m.key === key) || undefined, "Hollis at Ines");
    await waitUntil(t, () => tView().some((m) => m.key === key) || undefined, "Hollis at the instructor");
    expect(wView().find((m) => m.key === key)?.name).toMatch(/^Student \d+$/);
    expect(tView().find((m) => m.key === key)?.name).toBe(hollis.user.name);

    // then a second tab on A, which leaves again: Hollis is still there through B
    const from = watcher.events.length;
    const onA = await connectTo(A, hollis);
    await joined(onA, seminar.id);
    await onA.socket.timeout(5000).emitWithAck("seminar:leave", { seminarId: seminar.id });
    // pushes keep their order: once Jude (joining on A after that) reaches Ines, a push about Hollis would have too
    const j = await connectTo(A, jude);
    const judeKey = (await joined(j, seminar.id)).you.key;
    await waitUntil(watcher, () => wView().some((m) => m.key === judeKey) || undefined, "Jude at Ines");
    expect(presenceDeltas(watcher, seminar.id, from).flatMap((d) => d.left)).not.toContain(key);
    expect(presenceDeltas(watcher, seminar.id, from).flatMap((d) => d.joined).map((m) => m.key)).not.toContain(key);

    onB.socket.disconnect();
    await waitUntil(watcher, () => (wView().some((m) => m.key === key) ? undefined : true), "Hollis gone at Ines");
    await waitUntil(t, () => (tView().some((m) => m.key === key) ? undefined : true), "Hollis gone at the instructor");
    await drain(watcher);
    for (const secret of [hollis.user.name, hollis.user.email, hollis.user.id]) expect(watcher.raw()).not.toContain(secret);
  });

  it("a client that was on A, missed changes, and reconnects to B resumes from its last seq: exactly what it missed, then live", async () => {
    const { instructor, seminar, students } = await buildClass(["Fern", "Gabe"]);
    const [fern, gabe] = students;
    const [p1] = await seminarParagraphs(instructor.actor, seminar.id);
    const f = await connectTo(A, fern);
    const g = await connectTo(B, gabe);
    await joined(f, seminar.id);
    await joined(g, seminar.id);
    const created = await apiOn(B, gabe, "POST", `/api/v1/seminars/${seminar.id}/threads`, { paragraphId: p1.id, body: "Start." });
    const threadId = (created.body as ThreadView).id;
    await waitForSeq(f, 1);
    f.socket.disconnect();

    for (let i = 1; i <= 5; i++) expect((await apiOn(i % 2 ? A : B, gabe, "POST", `/api/v1/threads/${threadId}/comments`, { body: `Missed ${i}` })).status).toBe(201);
    await waitForSeq(g, 6);

    const f2 = await connectTo(B, fern);
    const back = await joined(f2, seminar.id, 1);
    expect(back.seq).toBe(6);
    expect(back.events.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(back.events.map((e) => (e.type === "comment:created" ? e.comment.html : null))).toEqual([1, 2, 3, 4, 5].map((i) => `<p>Missed ${i}</p>\n`));
    const overHttp = await apiOn(A, fern, "GET", `/api/v1/seminars/${seminar.id}/events?after=1`);
    expect(overHttp.status).toBe(200);
    expect(overHttp.body.events).toEqual(back.events);

    expect((await apiOn(A, gabe, "POST", `/api/v1/threads/${threadId}/comments`, { body: "Live again." })).status).toBe(201);
    expect(await waitForSeq(f2, 7)).toMatchObject({ type: "comment:created", comment: { body: null, html: "<p>Live again.</p>\n" } });
    await drain(f2);
    expect(discussion(f2).map((e) => e.seq)).toEqual([7]);
  });
});

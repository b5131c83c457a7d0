// Cross-seminar isolation: the instructor of seminar B (and a student of B) acting by id on
// seminar A's seminar, members, threads, comments, reactions, reports, moderation flags,
// notifications, events, stats, exports and audit. Being an instructor somewhere must grant
// nothing elsewhere: every action answers 404 (A's things do not exist for them), and A is left
// exactly as it was. The authorization matrix (authorization-matrix.test.ts) checks a caller who
// is a member of no seminar; this file checks a caller who is a member, even an instructor, of
// another one, mixing B's ids with A's where a route takes two; and B's instructor's sockets,
// which must neither join A's room nor hear A's events nor reach A with typing signals.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import * as seminar from "@/app/api/v1/seminars/[id]/route";
import * as joinCode from "@/app/api/v1/seminars/[id]/join-code/route";
import * as members from "@/app/api/v1/seminars/[id]/members/route";
import * as member from "@/app/api/v1/seminars/[id]/members/[userId]/route";
import * as threads from "@/app/api/v1/seminars/[id]/threads/route";
import * as seminarEvents from "@/app/api/v1/seminars/[id]/events/route";
import * as seminarStats from "@/app/api/v1/seminars/[id]/stats/route";
import * as seminarExport from "@/app/api/v1/seminars/[id]/export/route";
import * as seminarReports from "@/app/api/v1/seminars/[id]/reports/route";
import * as audit from "@/app/api/v1/seminars/[id]/audit/route";
import * as thread from "@/app/api/v1/threads/[id]/route";
import * as threadComments from "@/app/api/v1/threads/[id]/comments/route";
import * as comment from "@/app/api/v1/comments/[id]/route";
import * as reaction from "@/app/api/v1/comments/[id]/reactions/[kind]/route";
import * as hidden from "@/app/api/v1/comments/[id]/hidden/route";
import * as endorsement from "@/app/api/v1/comments/[id]/endorsement/route";
import * as commentReports from "@/app/api/v1/comments/[id]/reports/route";
import * as report from "@/app/api/v1/reports/[id]/route";
import * as reading from "@/app/api/v1/readings/[id]/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import * as notifications from "@/app/api/v1/notifications/route";
import * as notificationsRead from "@/app/api/v1/notifications/read/route";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { importReading } from "@/lib/domain/readings/service";
import { reportComment } from "@/lib/domain/moderation/service";
import { setReaction } from "@/lib/domain/threads/service";
import { buildComment, buildSeminar, buildThread, buildToken, buildUser, joinAs, seminarParagraphs, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type Auth, type Handler } from "../../helpers/http";
import { drain, join, joined, startRealtimeServer, waitFor } from "../../helpers/realtime";

const { connectAs, connectWith } = startRealtimeServer();

interface Caller {
  built: BuiltUser;
  cookie: string;
  token: string;
}

async function caller(name: string): Promise<Caller> {
  const built = await buildUser({ name: `${name} ${randomUUID().slice(0, 6)}` });
  return { built, cookie: await sessionCookie(built.user), token: (await buildToken(built.actor, "cross-seminar")).token };
}

/** Seminar A's ids that B's people try to act on, and B's own. */
interface World {
  a: {
    id: string;
    joinCode: string;
    readingId: string;
    paragraphId: string;
    threadId: string;
    /** The thread's opening comment, by the first student. */
    commentId: string;
    /** A reply by the second student: reported, reacted to, endorsed. */
    replyId: string;
    /** A comment the instructor hid. */
    hiddenId: string;
    reportId: string;
    /** The first student's unread notification (the second student's reply). */
    notificationId: string;
    instructorTokenId: string;
  };
  aInstructor: Caller;
  aStudent: Caller;
  aOther: Caller;
  bInstructor: Caller;
  bStudent: Caller;
  bId: string;
}

let w: World;

/** Everything in A a successful cross-seminar action would change, read straight from the database. */
async function snapshotOfA() {
  const d = db();
  const [sem, mems, thr, comments, reactions, reports, notes, audits, tokens] = await Promise.all([
    d.seminar.findUniqueOrThrow({ where: { id: w.a.id }, select: { title: true, joinCode: true, lastSeq: true, nameVisibility: true, studentsMayExport: true } }),
    d.membership.findMany({ where: { seminarId: w.a.id }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
    d.thread.findMany({ where: { seminarId: w.a.id }, select: { id: true, resolvedAt: true, lockedAt: true, pinnedAt: true }, orderBy: { id: "asc" } }),
    d.comment.findMany({
      where: { thread: { seminarId: w.a.id } },
      select: { id: true, body: true, editedAt: true, deletedAt: true, hiddenAt: true, endorsedAt: true, authorId: true },
      orderBy: { id: "asc" },
    }),
    d.reaction.findMany({ where: { comment: { thread: { seminarId: w.a.id } } }, select: { commentId: true, userId: true, kind: true }, orderBy: [{ commentId: "asc" }, { userId: "asc" }] }),
    d.report.findMany({ where: { seminarId: w.a.id }, select: { id: true, handledAt: true }, orderBy: { id: "asc" } }),
    d.notification.findMany({ where: { id: w.a.notificationId }, select: { id: true, readAt: true } }),
    d.auditEntry.count({ where: { seminarId: w.a.id } }),
    d.apiToken.findMany({ where: { id: w.a.instructorTokenId }, select: { id: true } }),
  ]);
  return { sem, mems, thr, comments, reactions, reports, notes, audits, tokens };
}
let before: Awaited<ReturnType<typeof snapshotOfA>>;

beforeAll(async () => {
  resetWriteLimits();
  const [aInstructor, aStudent, aOther, bInstructor, bStudent] = [
    await caller("A Instructor"),
    await caller("A Student"),
    await caller("A Other"),
    await caller("B Instructor"),
    await caller("B Student"),
  ];
  // A on a reading its instructor imported (so B's people cannot even see the reading); B on
  // the sample reading.
  const readingA = await importReading(aInstructor.built.actor, { content: "Cross Seminar Reading\n\nThe first paragraph.\n\nThe second paragraph.", title: `Cross ${randomUUID()}` });
  const a = await buildSeminar(aInstructor.built.actor, { readingId: readingA.id });
  await joinAs(aStudent.built.actor, a);
  await joinAs(aOther.built.actor, a);
  const b = await buildSeminar(bInstructor.built.actor);
  await joinAs(bStudent.built.actor, b);

  const paragraphId = (await seminarParagraphs(aInstructor.built.actor, a.id))[0].id;
  const t = await buildThread(aStudent.built.actor, a.id, { paragraphId, body: "A's opening comment, unchanged." });
  const reply = await buildComment(aOther.built.actor, t.id, "A's reply, unchanged.");
  const toHide = await buildComment(aOther.built.actor, t.id, "A's comment the instructor hid.");
  await setReaction(aStudent.built.actor, reply.id, "agree", true);
  const r = await reportComment(aStudent.built.actor, reply.id, { reason: "Reported inside A" });
  const asA = { token: aInstructor.token };
  expect((await call(hidden.POST, { url: `/api/v1/comments/${toHide.id}/hidden`, params: { id: toHide.id }, json: { reason: "Off topic" }, auth: asA })).status).toBe(200);
  expect((await call(endorsement.PUT, { method: "PUT", url: `/api/v1/comments/${reply.id}/endorsement`, params: { id: reply.id }, auth: asA })).status).toBe(200);
  const note = await db().notification.findFirstOrThrow({ where: { userId: aStudent.built.user.id, readAt: null } });
  const instructorToken = await db().apiToken.findFirstOrThrow({ where: { userId: aInstructor.built.user.id } });

  w = {
    a: {
      id: a.id,
      joinCode: a.joinCode,
      readingId: readingA.id,
      paragraphId,
      threadId: t.id,
      commentId: t.comments[0].id,
      replyId: reply.id,
      hiddenId: toHide.id,
      reportId: r.id,
      notificationId: note.id,
      instructorTokenId: instructorToken.id,
    },
    aInstructor,
    aStudent,
    aOther,
    bInstructor,
    bStudent,
    bId: b.id,
  };
  resetWriteLimits();
  before = await snapshotOfA();
});

interface Action {
  name: string;
  handler: Handler;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: () => string;
  params: () => Record<string, string>;
  json?: () => unknown;
  /** Uses B's seminar id with A's people: only B's instructor gets past B's own instructor gate. */
  instructorOnly?: boolean;
}

const A = () => w.a;
const onSeminar = (name: string, handler: Handler, method: Action["method"], sub: string, json?: () => unknown, query = ""): Action => ({
  name,
  handler,
  method,
  url: () => `/api/v1/seminars/${A().id}${sub}${query}`,
  params: () => ({ id: A().id }),
  json,
});
const onThread = (name: string, handler: Handler, method: Action["method"], sub: string, json?: () => unknown): Action => ({
  name,
  handler,
  method,
  url: () => `/api/v1/threads/${A().threadId}${sub}`,
  params: () => ({ id: A().threadId }),
  json,
});
const onComment = (name: string, handler: Handler, method: Action["method"], sub: string, id: () => string, json?: () => unknown, extra: Record<string, string> = {}): Action => ({
  name,
  handler,
  method,
  url: () => `/api/v1/comments/${id()}${sub}`,
  params: () => ({ id: id(), ...extra }),
  json,
});

const ACTIONS: Action[] = [
  // the seminar itself
  onSeminar("read A", seminar.GET, "GET", ""),
  onSeminar("rename A", seminar.PATCH, "PATCH", "", () => ({ title: "Taken over from B" })),
  onSeminar("open A to student exports", seminar.PATCH, "PATCH", "", () => ({ studentsMayExport: true, nameVisibility: "shown" })),
  onSeminar("regenerate A's join code", joinCode.POST, "POST", "/join-code"),
  onSeminar("list A's members", members.GET, "GET", "/members"),
  // members, by A's seminar id
  {
    name: "promote A's student (A's seminar id)",
    handler: member.PATCH,
    method: "PATCH",
    url: () => `/api/v1/seminars/${A().id}/members/${w.aOther.built.user.id}`,
    params: () => ({ id: A().id, userId: w.aOther.built.user.id }),
    json: () => ({ role: "instructor" }),
  },
  {
    name: "demote A's instructor (A's seminar id)",
    handler: member.PATCH,
    method: "PATCH",
    url: () => `/api/v1/seminars/${A().id}/members/${w.aInstructor.built.user.id}`,
    params: () => ({ id: A().id, userId: w.aInstructor.built.user.id }),
    json: () => ({ role: "student" }),
  },
  {
    name: "remove A's student (A's seminar id)",
    handler: member.DELETE,
    method: "DELETE",
    url: () => `/api/v1/seminars/${A().id}/members/${w.aOther.built.user.id}`,
    params: () => ({ id: A().id, userId: w.aOther.built.user.id }),
  },
  {
    name: "add themself to A as instructor (A's seminar id, own user id)",
    handler: member.PATCH,
    method: "PATCH",
    url: () => `/api/v1/seminars/${A().id}/members/${w.bInstructor.built.user.id}`,
    params: () => ({ id: A().id, userId: w.bInstructor.built.user.id }),
    json: () => ({ role: "instructor" }),
  },
  // members, by B's seminar id and A's user ids: A's people are not B's members
  {
    name: "promote A's student (B's seminar id)",
    handler: member.PATCH,
    method: "PATCH",
    url: () => `/api/v1/seminars/${w.bId}/members/${w.aOther.built.user.id}`,
    params: () => ({ id: w.bId, userId: w.aOther.built.user.id }),
    json: () => ({ role: "instructor" }),
    instructorOnly: true,
  },
  {
    name: "demote A's instructor (B's seminar id)",
    handler: member.PATCH,
    method: "PATCH",
    url: () => `/api/v1/seminars/${w.bId}/members/${w.aInstructor.built.user.id}`,
    params: () => ({ id: w.bId, userId: w.aInstructor.built.user.id }),
    json: () => ({ role: "student" }),
    instructorOnly: true,
  },
  {
    name: "remove A's student (B's seminar id)",
    handler: member.DELETE,
    method: "DELETE",
    url: () => `/api/v1/seminars/${w.bId}/members/${w.aOther.built.user.id}`,
    params: () => ({ id: w.bId, userId: w.aOther.built.user.id }),
    instructorOnly: true,
  },
  {
    name: "remove A's instructor (B's seminar id)",
    handler: member.DELETE,
    method: "DELETE",
    url: () => `/api/v1/seminars/${w.bId}/members/${w.aInstructor.built.user.id}`,
    params: () => ({ id: w.bId, userId: w.aInstructor.built.user.id }),
    instructorOnly: true,
  },
  // the reading only A's members may see
  { name: "read A's imported reading", handler: reading.GET, method: "GET", url: () => `/api/v1/readings/${A().readingId}`, params: () => ({ id: A().readingId }) },
  // threads
  onSeminar("list A's threads", threads.GET, "GET", "/threads"),
  onSeminar("open a thread in A", threads.POST, "POST", "/threads", () => ({ paragraphId: A().paragraphId, body: "Posted into A from B" })),
  onSeminar("open a prompt in A", threads.POST, "POST", "/threads", () => ({ paragraphId: A().paragraphId, body: "A prompt into A from B", kind: "prompt" })),
  onThread("resolve A's thread", thread.PATCH, "PATCH", "", () => ({ resolved: true })),
  onThread("lock A's thread", thread.PATCH, "PATCH", "", () => ({ locked: true })),
  onThread("pin A's thread", thread.PATCH, "PATCH", "", () => ({ pinned: true })),
  onThread("reply in A's thread", threadComments.POST, "POST", "/comments", () => ({ body: "A reply from B" })),
  // comments
  onComment("edit A's comment", comment.PATCH, "PATCH", "", () => A().commentId, () => ({ body: "Edited from B" })),
  onComment("delete A's comment", comment.DELETE, "DELETE", "", () => A().commentId),
  onComment("delete A's reply", comment.DELETE, "DELETE", "", () => A().replyId),
  // reactions
  onComment("react to A's comment", reaction.PUT, "PUT", "/reactions/agree", () => A().commentId, undefined, { kind: "agree" }),
  onComment("remove a reaction on A's reply", reaction.DELETE, "DELETE", "/reactions/agree", () => A().replyId, undefined, { kind: "agree" }),
  // moderation
  onComment("hide A's comment", hidden.POST, "POST", "/hidden", () => A().commentId, () => ({ reason: "Hidden from B" })),
  onComment("unhide A's hidden comment", hidden.DELETE, "DELETE", "/hidden", () => A().hiddenId),
  onComment("endorse A's comment", endorsement.PUT, "PUT", "/endorsement", () => A().commentId),
  onComment("withdraw A's endorsement", endorsement.DELETE, "DELETE", "/endorsement", () => A().replyId),
  onComment("report A's comment", commentReports.POST, "POST", "/reports", () => A().commentId, () => ({ reason: "Reported from B" })),
  onSeminar("list A's reports", seminarReports.GET, "GET", "/reports"),
  { name: "handle A's report", handler: report.PATCH, method: "PATCH", url: () => `/api/v1/reports/${A().reportId}`, params: () => ({ id: A().reportId }), json: () => ({ handled: true }) },
  onSeminar("read A's audit log", audit.GET, "GET", "/audit"),
  // events, stats, exports
  onSeminar("read A's events", seminarEvents.GET, "GET", "/events", undefined, "?after=0"),
  onSeminar("read A's stats", seminarStats.GET, "GET", "/stats"),
  ...(["markdown", "html", "csv", "jsonld", "participation"] as const).map((format) => onSeminar(`export A (${format})`, seminarExport.GET, "GET", "/export", undefined, `?format=${format}`)),
  onSeminar("export A anonymized", seminarExport.GET, "GET", "/export", undefined, "?format=csv&anonymize=true"),
  // tokens: A's instructor's token by id
  { name: "read A's instructor's token", handler: token.GET, method: "GET", url: () => `/api/v1/tokens/${A().instructorTokenId}`, params: () => ({ id: A().instructorTokenId }) },
  { name: "revoke A's instructor's token", handler: token.DELETE, method: "DELETE", url: () => `/api/v1/tokens/${A().instructorTokenId}`, params: () => ({ id: A().instructorTokenId }) },
];

const callers: Array<{ label: string; who: () => Caller; auth: (c: Caller) => Auth; instructor: boolean }> = [
  { label: "B's instructor (session cookie)", who: () => w.bInstructor, auth: (c) => ({ cookie: c.cookie }), instructor: true },
  { label: "B's instructor (API token)", who: () => w.bInstructor, auth: (c) => ({ token: c.token }), instructor: true },
  { label: "B's student (API token)", who: () => w.bStudent, auth: (c) => ({ token: c.token }), instructor: false },
];

describe.each(callers)("$label acting by id on seminar A", ({ who, auth, instructor }) => {
  for (const action of ACTIONS) {
    if (action.instructorOnly && !instructor) continue;
    it(`${action.name}: 404, and the answer names nothing of A`, async () => {
      resetWriteLimits();
      const r = await call(action.handler, { method: action.method, url: action.url(), params: action.params(), json: action.json?.(), auth: auth(who()) });
      expect(r.status, `${action.method} ${action.url()}: ${r.text.slice(0, 300)}`).toBe(404);
      const e = errorOf(r);
      expect(e.code).toBe("NOT_FOUND");
      // The refusal must not echo what it refused: no title, body or name of A.
      for (const secret of ["unchanged", "Reported inside A", w.aStudent.built.user.name, w.aInstructor.built.user.name]) expect(r.text).not.toContain(secret);
    });
  }

  it("marking A's people's notifications read by id changes nothing (ids that are not yours are ignored, as documented)", async () => {
    const r = await call(notificationsRead.POST, { url: "/api/v1/notifications/read", json: { ids: [w.a.notificationId] }, auth: auth(who()) });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ marked: 0 });
    const note = await db().notification.findUniqueOrThrow({ where: { id: w.a.notificationId } });
    expect(note.readAt).toBeNull();
  });

  it("opening a thread in B on a paragraph of A's reading is refused exactly as for a paragraph that does not exist", async () => {
    const post = (paragraphId: string) =>
      call(threads.POST, { url: `/api/v1/seminars/${w.bId}/threads`, params: { id: w.bId }, json: { paragraphId, body: "B's thread on A's paragraph" }, auth: auth(who()) });
    resetWriteLimits();
    const onA = await post(w.a.paragraphId);
    const nowhere = await post(`c${randomUUID().replace(/-/g, "").slice(0, 24)}`);
    expect(onA.status, onA.text).toBe(400);
    expect(onA.text).toBe(nowhere.text);
  });

  it("their notification list holds none of A's", async () => {
    const r = await call(notifications.GET, { url: "/api/v1/notifications", auth: auth(who()) });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain(w.a.notificationId);
    expect(r.text).not.toContain(w.a.id);
  });
});

describe("B's instructor's sockets and seminar A", () => {
  it("joining A's room by id is refused exactly as for a seminar that does not exist (cookie and token), typing into A reaches nobody, and A's events never arrive", async () => {
    const byCookie = await connectAs(w.bInstructor.built);
    const byToken = await connectWith({ token: w.bInstructor.token }, w.bInstructor.built);
    const member = await connectAs(w.aOther.built);
    await joined(member, w.a.id);
    for (const c of [byCookie, byToken]) {
      // The socket answers FORBIDDEN for any seminar you are not in (docs/realtime.md), the same
      // for one that exists and one that does not, so it is no oracle either.
      const ack = await join(c, w.a.id, 0);
      expect(ack).toEqual(await join(c, `c${randomUUID().replace(/-/g, "").slice(0, 24)}`, 0));
      expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      // Their own seminar still works, so the refusal is about A.
      await joined(c, w.bId);
      c.socket.emit("thread:typing", { seminarId: w.a.id, threadId: w.a.threadId });
    }
    // An event in A (a reply by A's student) reaches A's member and nobody from B.
    resetWriteLimits();
    const from = member.events.length;
    const reply = await buildComment(w.aStudent.built.actor, w.a.threadId, "A reply inside A, while B listens.");
    await waitFor(member, "comment:created", () => true, from);
    for (const c of [byCookie, byToken]) {
      await drain(c);
      expect(c.raw()).not.toContain(reply.id);
      expect(c.raw()).not.toContain(w.a.threadId);
    }
    // The typing signals B's instructor sent into A reached A's member not at all.
    await drain(member);
    expect(member.events.filter((e) => e.event === "thread:typing")).toEqual([]);
  });
});

describe("after every cross-seminar attempt", () => {
  it("seminar A is exactly as it was: members, threads, comments, flags, reactions, reports, notifications, audit, events, tokens", async () => {
    const after = await snapshotOfA();
    // The socket test's reply is A's own student's, made on purpose; everything else must match.
    const ownReply = (c: { body: string }) => c.body === "A reply inside A, while B listens.";
    expect({ ...after, comments: after.comments.filter((c) => !ownReply(c)), sem: { ...after.sem, lastSeq: before.sem.lastSeq } }).toEqual(before);
    expect(after.sem.lastSeq).toBe(before.sem.lastSeq + after.comments.filter(ownReply).length);
    // And the snapshot itself is of a living seminar, not of nothing.
    expect(before.mems).toHaveLength(3);
    expect(before.comments.map((c) => c.hiddenAt !== null)).toContain(true);
    expect(before.comments.map((c) => c.endorsedAt !== null)).toContain(true);
    expect(before.reports.every((r) => r.handledAt === null)).toBe(true);
    expect(before.notes).toEqual([{ id: w.a.notificationId, readAt: null }]);
    expect(before.tokens).toEqual([{ id: w.a.instructorTokenId }]);
    // A's own instructor still acts on the same ids: they were real ids all along.
    const r = await call(thread.PATCH, { method: "PATCH", url: `/api/v1/threads/${w.a.threadId}`, params: { id: w.a.threadId }, json: { pinned: true }, auth: { token: w.aInstructor.token } });
    expect(r.status, r.text).toBe(200);
  });

  it("B's instructor still runs B: the same routes answer for B's own ids", async () => {
    const r = await call(members.GET, { url: `/api/v1/seminars/${w.bId}/members`, params: { id: w.bId }, auth: { token: w.bInstructor.token } });
    expect(r.status).toBe(200);
    const ids = (r.body as { members: Array<{ userId: string }> }).members.map((m) => m.userId).sort();
    expect(ids).toEqual([w.bInstructor.built.user.id, w.bStudent.built.user.id].sort());
  });
});

// The authorization matrix: every /api/v1 route and method, asked by every kind of caller
// (anonymous, signed-in non-member, student, instructor), each with a session cookie and with an
// API token, and the status each must get. A route file or method without a row here fails
// "every route in app/api/v1 has a row", so a new endpoint cannot ship unchecked.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as catchAll from "@/app/api/v1/[...rest]/route";
import * as join from "@/app/api/v1/join/route";
import * as me from "@/app/api/v1/me/route";
import * as readings from "@/app/api/v1/readings/route";
import * as reading from "@/app/api/v1/readings/[id]/route";
import * as preview from "@/app/api/v1/readings/preview/route";
import * as seminars from "@/app/api/v1/seminars/route";
import * as seminar from "@/app/api/v1/seminars/[id]/route";
import * as joinCode from "@/app/api/v1/seminars/[id]/join-code/route";
import * as members from "@/app/api/v1/seminars/[id]/members/route";
import * as member from "@/app/api/v1/seminars/[id]/members/[userId]/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import * as users from "@/app/api/v1/users/route";
import * as threads from "@/app/api/v1/seminars/[id]/threads/route";
import * as seminarEvents from "@/app/api/v1/seminars/[id]/events/route";
import * as seminarStats from "@/app/api/v1/seminars/[id]/stats/route";
import * as seminarExport from "@/app/api/v1/seminars/[id]/export/route";
import * as thread from "@/app/api/v1/threads/[id]/route";
import * as threadComments from "@/app/api/v1/threads/[id]/comments/route";
import * as comment from "@/app/api/v1/comments/[id]/route";
import * as reaction from "@/app/api/v1/comments/[id]/reactions/[kind]/route";
import * as commentSource from "@/app/api/v1/comments/[id]/source/route";
import * as hidden from "@/app/api/v1/comments/[id]/hidden/route";
import * as endorsement from "@/app/api/v1/comments/[id]/endorsement/route";
import * as commentReports from "@/app/api/v1/comments/[id]/reports/route";
import * as seminarReports from "@/app/api/v1/seminars/[id]/reports/route";
import * as report from "@/app/api/v1/reports/[id]/route";
import * as audit from "@/app/api/v1/seminars/[id]/audit/route";
import { reportComment, updateThreadState } from "@/lib/domain/moderation/service";
import * as notifications from "@/app/api/v1/notifications/route";
import * as notificationsRead from "@/app/api/v1/notifications/read/route";
import * as notificationPrefs from "@/app/api/v1/me/notification-preferences/route";
import * as sessions from "@/app/api/v1/me/sessions/route";
import * as oneSession from "@/app/api/v1/me/sessions/[id]/route";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { importReading } from "@/lib/domain/readings/service";
import { revokeToken } from "@/lib/domain/tokens/service";
import { buildComment, buildSeminar, buildThread, buildToken, buildUser, joinAs, sampleReadingId, seminarParagraphs, sessionCookie, sessionIdOf, uniqueEmail, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type Auth, type Handler } from "../../helpers/http";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof HTTP_METHODS)[number];

type Role = "anonymous" | "nonMember" | "student" | "instructor";
type Via = "cookie" | "token";

interface Person {
  built: BuiltUser;
  cookie: string;
  token: string;
}

/** What a row can refer to: the people, and a seminar they are (or are not) members of. */
interface World {
  instructor: Person;
  student: Person;
  /** A second student: the "another member" that PATCH/DELETE act on. Never a caller. */
  otherStudent: Person;
  nonMember: Person;
  seminarId: string;
  joinCode: string;
  /** A reading the instructor imported; the seminar's members may see it, nobody else. */
  importedReadingId: string;
  sampleReadingId: string;
}

interface Row {
  method: Method;
  /** The route's folder under app/, e.g. /api/v1/seminars/[id]. */
  path: string;
  /** Distinguishes several rows of one route and method. */
  variant?: string;
  handler: Handler | undefined;
  /** The row changes the seminar or its members: each caller gets a seminar of its own. */
  fresh?: boolean;
  /** The row ends all the caller's sessions: the caller's shared cookie is minted anew afterwards. */
  freshSession?: boolean;
  params?: (w: World, me: Person | null) => Record<string, string | string[]> | Promise<Record<string, string | string[]>>;
  body?: (w: World, me: Person | null) => unknown;
  /** A query string for GET rows that need one, e.g. "?format=csv". */
  query?: string;
  expect: Record<Role, number>;
  /** When a Bearer token must get something else than a cookie (account security is browser-only). */
  expectToken?: Record<Role, number>;
}

const everyone = (status: number): Record<Role, number> => ({ anonymous: status, nonMember: status, student: status, instructor: status });
const signedIn = (status: number): Record<Role, number> => ({ anonymous: 401, nonMember: status, student: status, instructor: status });
/** Account security: a signed-in browser may, an API token is refused with 403. */
const browserOnly = { expectToken: signedIn(403) };
/** Readable by the seminar's members; non-members must not learn it exists. */
const membersOnly = (status: number): Record<Role, number> => ({ anonymous: 401, nonMember: 404, student: status, instructor: status });
/** Instructor actions: a student is refused, a non-member still learns nothing. */
const instructorsOnly = (status: number): Record<Role, number> => ({ anonymous: 401, nonMember: 404, student: 403, instructor: status });

const READING_TEXT = "A Reading For The Matrix\n\nThe first paragraph of it.\n\nThe second paragraph of it.";

const ROWS: Row[] = [
  // accounts
  {
    method: "POST",
    path: "/api/v1/users",
    variant: "a new email",
    handler: users.POST,
    body: () => ({ email: uniqueEmail("matrix"), password: "long enough password", name: "New Person" }),
    expect: everyone(201),
  },
  {
    method: "POST",
    path: "/api/v1/users",
    variant: "a taken email",
    handler: users.POST,
    body: (w) => ({ email: w.student.built.user.email, password: "long enough password", name: "Copycat" }),
    expect: everyone(409),
  },
  { method: "GET", path: "/api/v1/me", handler: me.GET, expect: signedIn(200) },
  { method: "PATCH", path: "/api/v1/me", handler: me.PATCH, body: (_w, p) => ({ name: p?.built.user.name ?? "Nobody" }), expect: signedIn(200) },
  {
    method: "DELETE",
    path: "/api/v1/me",
    variant: "wrong password (nothing is deleted)",
    handler: me.DELETE,
    body: () => ({ password: "not the password at all", comments: "keep" }),
    expect: signedIn(400),
    ...browserOnly,
  },
  { method: "GET", path: "/api/v1/me/sessions", handler: sessions.GET, expect: signedIn(200) },
  {
    method: "DELETE",
    path: "/api/v1/me/sessions/[id]",
    variant: "someone else's session",
    handler: oneSession.DELETE,
    params: async (w) => ({ id: await sessionIdOf(await sessionCookie(w.otherStudent.built.user)) }),
    expect: signedIn(404),
  },
  {
    method: "DELETE",
    path: "/api/v1/me/sessions",
    variant: "sign out everywhere",
    handler: sessions.DELETE,
    freshSession: true,
    expect: signedIn(200),
    ...browserOnly,
  },

  // tokens
  { method: "GET", path: "/api/v1/tokens", handler: tokens.GET, expect: signedIn(200) },
  { method: "POST", path: "/api/v1/tokens", handler: tokens.POST, body: () => ({ name: "matrix" }), expect: signedIn(201), ...browserOnly },
  {
    method: "GET",
    path: "/api/v1/tokens/[id]",
    variant: "own token",
    handler: token.GET,
    params: async (_w, p) => ({ id: p ? (await buildToken(p.built.actor, "to look at")).id : "no-such-token" }),
    expect: signedIn(200),
  },
  {
    method: "GET",
    path: "/api/v1/tokens/[id]",
    variant: "someone else's token",
    handler: token.GET,
    params: async (w) => ({ id: (await buildToken(w.otherStudent.built.actor, "not yours")).id }),
    expect: signedIn(404),
  },
  {
    method: "DELETE",
    path: "/api/v1/tokens/[id]",
    variant: "own token",
    handler: token.DELETE,
    params: async (_w, p) => ({ id: p ? (await buildToken(p.built.actor, "to revoke")).id : "no-such-token" }),
    expect: signedIn(204),
  },
  {
    method: "DELETE",
    path: "/api/v1/tokens/[id]",
    variant: "someone else's token",
    handler: token.DELETE,
    params: async (w) => ({ id: (await buildToken(w.otherStudent.built.actor, "not yours")).id }),
    expect: signedIn(404),
  },

  // readings
  { method: "GET", path: "/api/v1/readings", handler: readings.GET, expect: signedIn(200) },
  { method: "POST", path: "/api/v1/readings", handler: readings.POST, body: () => ({ content: READING_TEXT }), expect: signedIn(201) },
  { method: "POST", path: "/api/v1/readings/preview", handler: preview.POST, body: () => ({ content: READING_TEXT }), expect: signedIn(200) },
  {
    method: "GET",
    path: "/api/v1/readings/[id]",
    variant: "the sample reading",
    handler: reading.GET,
    params: (w) => ({ id: w.sampleReadingId }),
    expect: signedIn(200),
  },
  {
    method: "GET",
    path: "/api/v1/readings/[id]",
    variant: "a reading imported for the seminar",
    handler: reading.GET,
    params: (w) => ({ id: w.importedReadingId }),
    expect: membersOnly(200),
  },

  // seminars
  { method: "GET", path: "/api/v1/seminars", handler: seminars.GET, expect: signedIn(200) },
  {
    method: "POST",
    path: "/api/v1/seminars",
    handler: seminars.POST,
    body: (w) => ({ title: "A seminar of my own", readingId: w.sampleReadingId }),
    expect: signedIn(201),
  },
  { method: "GET", path: "/api/v1/seminars/[id]", handler: seminar.GET, params: (w) => ({ id: w.seminarId }), expect: membersOnly(200) },
  {
    method: "PATCH",
    path: "/api/v1/seminars/[id]",
    handler: seminar.PATCH,
    params: (w) => ({ id: w.seminarId }),
    body: () => ({ title: "Renamed by the matrix" }),
    expect: instructorsOnly(200),
  },
  {
    method: "POST",
    path: "/api/v1/seminars/[id]/join-code",
    handler: joinCode.POST,
    params: (w) => ({ id: w.seminarId }),
    expect: instructorsOnly(200),
  },
  { method: "GET", path: "/api/v1/seminars/[id]/members", handler: members.GET, params: (w) => ({ id: w.seminarId }), expect: membersOnly(200) },
  {
    method: "PATCH",
    path: "/api/v1/seminars/[id]/members/[userId]",
    variant: "another member",
    handler: member.PATCH,
    fresh: true,
    params: (w) => ({ id: w.seminarId, userId: w.otherStudent.built.user.id }),
    body: () => ({ role: "instructor" }),
    expect: instructorsOnly(200),
  },
  {
    method: "DELETE",
    path: "/api/v1/seminars/[id]/members/[userId]",
    variant: "another member",
    handler: member.DELETE,
    fresh: true,
    params: (w) => ({ id: w.seminarId, userId: w.otherStudent.built.user.id }),
    expect: instructorsOnly(204),
  },
  {
    method: "DELETE",
    path: "/api/v1/seminars/[id]/members/[userId]",
    variant: "yourself (leaving)",
    handler: member.DELETE,
    fresh: true,
    params: (w, p) => ({ id: w.seminarId, userId: p?.built.user.id ?? w.student.built.user.id }),
    // the only instructor cannot leave: the seminar would have nobody to run it
    expect: { anonymous: 401, nonMember: 404, student: 204, instructor: 409 },
  },
  {
    method: "POST",
    path: "/api/v1/join",
    handler: join.POST,
    fresh: true,
    body: (w) => ({ code: w.joinCode }),
    expect: signedIn(200),
  },

  // discussion: threads, comments, reactions, events. Rows that need a thread or a comment make
  // one first (the caller's own when the caller is a member, else the other student's), with the
  // write limit reset so that setting up never counts against the caller.
  { method: "GET", path: "/api/v1/seminars/[id]/threads", handler: threads.GET, params: (w) => ({ id: w.seminarId }), expect: membersOnly(200) },
  {
    method: "POST",
    path: "/api/v1/seminars/[id]/threads",
    handler: threads.POST,
    params: async (w) => {
      await resetWriteLimits();
      matrixParagraphId ??= (await seminarParagraphs(w.instructor.built.actor, w.seminarId))[0].id;
      return { id: w.seminarId };
    },
    body: () => ({ paragraphId: matrixParagraphId, body: "A thread from the matrix" }),
    expect: membersOnly(201),
  },
  { method: "GET", path: "/api/v1/seminars/[id]/events", handler: seminarEvents.GET, params: (w) => ({ id: w.seminarId }), expect: membersOnly(200) },
  { method: "GET", path: "/api/v1/seminars/[id]/stats", handler: seminarStats.GET, params: (w) => ({ id: w.seminarId }), expect: instructorsOnly(200) },

  // exports: transcripts for members (students: as the room shows them), the participation summary for instructors
  ...(["markdown", "html", "csv", "jsonld"] as const).map(
    (format): Row => ({ method: "GET", path: "/api/v1/seminars/[id]/export", variant: format, handler: seminarExport.GET, params: (w) => ({ id: w.seminarId }), query: `?format=${format}`, expect: membersOnly(200) }),
  ),
  {
    method: "GET",
    path: "/api/v1/seminars/[id]/export",
    variant: "participation",
    handler: seminarExport.GET,
    params: (w) => ({ id: w.seminarId }),
    query: "?format=participation",
    expect: instructorsOnly(200),
  },
  {
    method: "GET",
    path: "/api/v1/seminars/[id]/export",
    variant: "anonymized csv",
    handler: seminarExport.GET,
    params: (w) => ({ id: w.seminarId }),
    query: "?format=csv&anonymize=true&order=time",
    expect: membersOnly(200),
  },
  {
    method: "POST",
    path: "/api/v1/threads/[id]/comments",
    variant: "someone else's thread",
    handler: threadComments.POST,
    params: async (w) => ({ id: (await threadBy(w, null)).id }),
    body: () => ({ body: "A reply from the matrix" }),
    expect: membersOnly(201),
  },
  {
    method: "PATCH",
    path: "/api/v1/threads/[id]",
    variant: "own thread",
    handler: thread.PATCH,
    params: async (w, me) => ({ id: (await threadBy(w, me)).id }),
    body: () => ({ resolved: true }),
    expect: membersOnly(200),
  },
  {
    method: "PATCH",
    path: "/api/v1/threads/[id]",
    variant: "someone else's thread",
    handler: thread.PATCH,
    params: async (w) => ({ id: (await threadBy(w, null)).id }),
    body: () => ({ resolved: true }),
    expect: instructorsOnly(200),
  },
  {
    method: "PATCH",
    path: "/api/v1/comments/[id]",
    variant: "own comment",
    handler: comment.PATCH,
    params: async (w, me) => ({ id: (await commentBy(w, me)).id }),
    body: () => ({ body: "Edited by the matrix" }),
    expect: membersOnly(200),
  },
  {
    method: "PATCH",
    path: "/api/v1/comments/[id]",
    variant: "someone else's comment",
    handler: comment.PATCH,
    params: async (w) => ({ id: (await commentBy(w, null)).id }),
    body: () => ({ body: "Edited by the matrix" }),
    // only authors edit, instructors included
    expect: { anonymous: 401, nonMember: 404, student: 403, instructor: 403 },
  },
  {
    method: "DELETE",
    path: "/api/v1/comments/[id]",
    variant: "own comment",
    handler: comment.DELETE,
    params: async (w, me) => ({ id: (await commentBy(w, me)).id }),
    expect: membersOnly(204),
  },
  {
    method: "DELETE",
    path: "/api/v1/comments/[id]",
    variant: "someone else's comment",
    handler: comment.DELETE,
    params: async (w) => ({ id: (await commentBy(w, null)).id }),
    expect: instructorsOnly(204),
  },
  {
    // the Markdown "on request": any member who can see the comment
    method: "GET",
    path: "/api/v1/comments/[id]/source",
    handler: commentSource.GET,
    params: async (w) => ({ id: (await commentBy(w, null)).id }),
    expect: membersOnly(200),
  },
  {
    method: "PUT",
    path: "/api/v1/comments/[id]/reactions/[kind]",
    handler: reaction.PUT,
    params: async (w) => ({ id: (await commentBy(w, null)).id, kind: "agree" }),
    expect: membersOnly(200),
  },
  {
    method: "DELETE",
    path: "/api/v1/comments/[id]/reactions/[kind]",
    handler: reaction.DELETE,
    params: async (w) => ({ id: (await commentBy(w, null)).id, kind: "agree" }),
    expect: membersOnly(200),
  },

  // moderation and prompts: instructors act, students are refused, non-members learn nothing;
  // any member reports a comment they can see.
  {
    method: "POST",
    path: "/api/v1/seminars/[id]/threads",
    variant: "a prompt",
    handler: threads.POST,
    params: async (w) => {
      await resetWriteLimits();
      matrixParagraphId ??= (await seminarParagraphs(w.instructor.built.actor, w.seminarId))[0].id;
      return { id: w.seminarId };
    },
    body: () => ({ paragraphId: matrixParagraphId, body: "A prompt from the matrix", kind: "prompt" }),
    expect: instructorsOnly(201),
  },
  {
    method: "POST",
    path: "/api/v1/threads/[id]/comments",
    variant: "a locked thread",
    handler: threadComments.POST,
    params: async (w) => ({ id: (await lockedThread(w)).id }),
    body: () => ({ body: "A reply to a locked thread" }),
    // nobody replies to a locked thread, instructors included
    expect: { anonymous: 401, nonMember: 404, student: 409, instructor: 409 },
  },
  {
    method: "PATCH",
    path: "/api/v1/threads/[id]",
    variant: "lock someone else's thread",
    handler: thread.PATCH,
    params: async (w) => ({ id: (await threadBy(w, null)).id }),
    body: () => ({ locked: true }),
    expect: instructorsOnly(200),
  },
  {
    method: "PATCH",
    path: "/api/v1/threads/[id]",
    variant: "pin own thread",
    handler: thread.PATCH,
    params: async (w, me) => ({ id: (await threadBy(w, me)).id }),
    body: () => ({ pinned: true }),
    expect: instructorsOnly(200),
  },
  {
    method: "POST",
    path: "/api/v1/comments/[id]/hidden",
    handler: hidden.POST,
    params: async (w) => ({ id: (await commentBy(w, null)).id }),
    body: () => ({ reason: "Off topic (matrix)" }),
    expect: instructorsOnly(200),
  },
  {
    method: "DELETE",
    path: "/api/v1/comments/[id]/hidden",
    handler: hidden.DELETE,
    params: async (w) => ({ id: (await commentBy(w, null)).id }),
    expect: instructorsOnly(200),
  },
  {
    method: "PUT",
    path: "/api/v1/comments/[id]/endorsement",
    handler: endorsement.PUT,
    params: async (w) => ({ id: (await commentBy(w, null)).id }),
    expect: instructorsOnly(200),
  },
  {
    method: "DELETE",
    path: "/api/v1/comments/[id]/endorsement",
    handler: endorsement.DELETE,
    params: async (w) => ({ id: (await commentBy(w, null)).id }),
    expect: instructorsOnly(200),
  },
  {
    method: "POST",
    path: "/api/v1/comments/[id]/reports",
    variant: "someone else's comment",
    handler: commentReports.POST,
    params: async (w) => ({ id: (await commentBy(w, null)).id }),
    body: () => ({ reason: "Reported by the matrix" }),
    expect: membersOnly(201),
  },
  { method: "GET", path: "/api/v1/seminars/[id]/reports", handler: seminarReports.GET, params: (w) => ({ id: w.seminarId }), expect: instructorsOnly(200) },
  {
    method: "PATCH",
    path: "/api/v1/reports/[id]",
    handler: report.PATCH,
    params: async (w) => ({ id: (await openReport(w)).id }),
    body: () => ({ handled: true }),
    expect: instructorsOnly(200),
  },
  { method: "GET", path: "/api/v1/seminars/[id]/audit", handler: audit.GET, params: (w) => ({ id: w.seminarId }), expect: instructorsOnly(200) },
  // notifications: always the caller's own (scoped to the caller in the service), so any
  // signed-in caller gets 200 and sees or changes only their own
  { method: "GET", path: "/api/v1/notifications", handler: notifications.GET, expect: signedIn(200) },
  { method: "POST", path: "/api/v1/notifications/read", handler: notificationsRead.POST, body: () => ({ all: true }), expect: signedIn(200) },
  { method: "GET", path: "/api/v1/me/notification-preferences", handler: notificationPrefs.GET, expect: signedIn(200) },
  {
    method: "PUT",
    path: "/api/v1/me/notification-preferences",
    handler: notificationPrefs.PUT,
    body: () => ({ reply: true, mention: true, reaction: true, endorsement: true }),
    expect: signedIn(200),
  },

  // unknown endpoints answer JSON 404 to everyone (there is nothing there to protect)
  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map(
    (method): Row => ({
      method,
      path: "/api/v1/[...rest]",
      handler: catchAll[method],
      params: () => ({ rest: ["no", "such", "endpoint"] }),
      body: method === "GET" || method === "DELETE" ? undefined : () => ({}),
      expect: everyone(404),
    }),
  ),
];

/** The first paragraph of the shared seminars' reading (set by the POST threads row). */
let matrixParagraphId: string | undefined;
/** A thread by `me` when `me` is a member, else by the other student. */
async function threadBy(w: World, me: Person | null) {
  await resetWriteLimits();
  const author = me && me !== w.nonMember ? me : w.otherStudent;
  return buildThread(author.built.actor, w.seminarId, { body: "A thread for the matrix" });
}
/** A reply by `me` when `me` is a member, else by the other student. */
async function commentBy(w: World, me: Person | null) {
  const t = await threadBy(w, null);
  const author = me && me !== w.nonMember ? me : w.otherStudent;
  return buildComment(author.built.actor, t.id, "A reply for the matrix");
}

/** A thread by the other student, locked by the instructor. */
async function lockedThread(w: World) {
  const t = await threadBy(w, null);
  await updateThreadState(w.instructor.built.actor, t.id, { locked: true });
  await resetWriteLimits();
  return t;
}
/** An open report by the student on a comment by the other student. */
async function openReport(w: World) {
  const c = await commentBy(w, null);
  return reportComment(w.student.built.actor, c.id, { reason: "For the matrix to handle" });
}

// ── the world ──────────────────────────────────────────────────────────────────────────────

let base: Omit<World, "seminarId" | "joinCode">;
let shared: World;
/** Credentials that look real but are not: signed with another secret, and a revoked token. */
let forgedCookie: string;
let revokedToken: string;

async function person(name: string): Promise<Person> {
  const built = await buildUser({ name });
  const cookie = await sessionCookie(built.user);
  const { token } = await buildToken(built.actor, "matrix caller");
  return { built, cookie, token };
}

/** A seminar on the imported reading: instructor, student and otherStudent are members. */
async function seminarWorld(): Promise<World> {
  const s = await buildSeminar(base.instructor.built.actor, { readingId: base.importedReadingId });
  await joinAs(base.student.built.actor, s);
  await joinAs(base.otherStudent.built.actor, s);
  return { ...base, seminarId: s.id, joinCode: s.joinCode };
}

beforeAll(async () => {
  const [instructor, student, otherStudent, nonMember] = [
    await person("Matrix Instructor"),
    await person("Matrix Student"),
    await person("Matrix Other Student"),
    await person("Matrix Non Member"),
  ];
  const imported = await importReading(instructor.built.actor, { content: READING_TEXT, title: `Matrix reading ${randomUUID()}` });
  base = { instructor, student, otherStudent, nonMember, importedReadingId: imported.id, sampleReadingId: await sampleReadingId() };
  shared = await seminarWorld();

  forgedCookie = await sessionCookie(student.built.user, "not-the-server-secret-not-the-server-secret");
  const revoked = await buildToken(student.built.actor, "revoked");
  await revokeToken(student.built.actor, revoked.id);
  revokedToken = revoked.token;
});

function credentials(role: Role, via: Via, w: World): { me: Person | null; auth: Auth } {
  if (role === "anonymous") return { me: null, auth: via === "cookie" ? { cookie: forgedCookie } : { token: revokedToken } };
  const me = w[role];
  return { me, auth: via === "cookie" ? { cookie: me.cookie } : { token: me.token } };
}

function urlOf(pattern: string, params: Record<string, string | string[]>): string {
  return pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_m, key: string) => {
    const v = params[key];
    return Array.isArray(v) ? v.map(encodeURIComponent).join("/") : encodeURIComponent(v);
  });
}

async function ask(row: Row, auth: Auth, me: Person | null, w: World) {
  const params = (await row.params?.(w, me)) ?? {};
  const body = row.body?.(w, me);
  return call(row.handler!, { method: row.method, url: urlOf(row.path, params) + (row.query ?? ""), params, json: body, auth });
}

const label = (row: Row) => `${row.method} ${row.path}${row.variant ? ` (${row.variant})` : ""}`;

describe("the authorization matrix of /api/v1", () => {
  describe.each(ROWS.map((row) => [label(row), row] as const))("%s", (_name, row) => {
    it("with no credentials at all → the anonymous status", async () => {
      const r = await ask(row, undefined, null, row.fresh ? await seminarWorld() : shared);
      expect(r.status, r.text).toBe(row.expect.anonymous);
      if (r.status >= 400) expect(errorOf(r).message).not.toBe("");
    });

    const cells = (["anonymous", "nonMember", "student", "instructor"] as const).flatMap((role) =>
      (["cookie", "token"] as const).map((via) => ({ role, via, status: (via === "token" ? (row.expectToken ?? row.expect) : row.expect)[role] })),
    );
    for (const { role, via, status } of cells) {
      it(`as ${role === "anonymous" ? `anonymous with a ${via === "cookie" ? "forged cookie" : "revoked token"}` : `${role} via ${via}`} → ${status}`, async () => {
        const w = row.fresh ? await seminarWorld() : shared;
        const { me, auth } = credentials(role, via, w);
        const r = await ask(row, auth, me, w);
        if (row.freshSession && me && via === "cookie") me.cookie = await sessionCookie(me.built.user);
        expect(r.status, r.text).toBe(status);
        if (status >= 400) expect(errorOf(r).message.length).toBeGreaterThan(0);
      });
    }
  });

  it("every route in app/api/v1 has a row for each HTTP method it exports, and every row is a real route", async () => {
    const root = path.resolve("app/api/v1");
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts").sort();
    expect(files.length).toBeGreaterThan(10);

    const exported: string[] = [];
    const problems: string[] = [];
    for (const file of files) {
      const routePath = ("/api/v1/" + path.dirname(file).split(path.sep).join("/")).replace(/\/\.$/, "");
      const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
      for (const method of HTTP_METHODS) {
        if (typeof mod[method] !== "function") continue;
        exported.push(`${method} ${routePath}`);
        const rows = ROWS.filter((r) => r.method === method && r.path === routePath);
        if (!rows.length) problems.push(`no row for ${method} ${routePath} (app/api/v1/${file}): add it to the matrix`);
        for (const r of rows) if (r.handler !== mod[method]) problems.push(`the row ${label(r)} calls another module's handler`);
      }
    }
    for (const r of ROWS) if (!exported.includes(`${r.method} ${r.path}`)) problems.push(`the row ${label(r)} is for a route or method that does not exist`);
    expect(problems.join("\n")).toBe("");
  });

  it("rows that change a seminar left the shared seminar and its people as they were", async () => {
    // The shared seminar only saw renames and new join codes; its three members are still there.
    const r = await call(members.GET, { url: `/api/v1/seminars/${shared.seminarId}/members`, params: { id: shared.seminarId }, auth: { token: shared.instructor.token } });
    expect(r.status).toBe(200);
    const list = (r.body as { members: { userId: string; role: string }[] }).members;
    expect(list.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [shared.instructor.built.user.id, "instructor"],
        [shared.student.built.user.id, "student"],
        [shared.otherStudent.built.user.id, "student"],
      ].sort(),
    );
  });
});

// A batch of bad requests to every route that takes a body or an id: each must be a 4xx with
// { error: { code, message } }, a 400 must name the field, and nothing may be a 500. What was
// saved before the batch must be exactly as it was after it.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
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
import * as hidden from "@/app/api/v1/comments/[id]/hidden/route";
import * as commentReports from "@/app/api/v1/comments/[id]/reports/route";
import * as seminarReports from "@/app/api/v1/seminars/[id]/reports/route";
import * as report from "@/app/api/v1/reports/[id]/route";
import * as audit from "@/app/api/v1/seminars/[id]/audit/route";
import * as thread from "@/app/api/v1/threads/[id]/route";
import { reportComment } from "@/lib/domain/moderation/service";
import { db } from "@/lib/db/client";
import * as notificationsRead from "@/app/api/v1/notifications/read/route";
import * as notificationPrefs from "@/app/api/v1/me/notification-preferences/route";
import { DEFAULT_BODY_LIMIT } from "@/lib/http/api";
import { MAX_IMPORT_CHARS } from "@/lib/domain/readings/schema";
import { getSeminar, listMembers } from "@/lib/domain/seminars/service";
import { getAccount } from "@/lib/domain/users/service";
import { listReadings } from "@/lib/domain/readings/service";
import { listTokens } from "@/lib/domain/tokens/service";
import { resetLimits } from "@/lib/limits";
import { buildSeminar, buildThread, buildToken, buildUser, joinAs, ORIGIN, sampleReadingId, sessionCookie, uniqueEmail, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type Auth, type CallOptions, type CallResult, type Handler } from "../../helpers/http";

// The same few people send many malformed bodies here; the per-user limits (imports) are not under test.
beforeEach(() => resetLimits());

/** Used only in bodies that must be refused; the last test signs it up to prove none was accepted. */
const NEVER_CREATED = uniqueEmail("malformed-never-created");
const READINGS_LIMIT = MAX_IMPORT_CHARS * 4 + 4096;
const MB = "x".repeat(1024 * 1024);

let owner: BuiltUser;
let student: BuiltUser;
let ownerAuth: Auth;
let ownerCookie: Auth;
let seminarId: string;
let seminarCode: string;
let sampleId: string;
/** A thread by the student, and the owner's report on its opening comment (for the moderation routes). */
let threadId: string;
let commentId: string;
let reportId: string;

beforeAll(async () => {
  owner = await buildUser({ name: "Malformed Owner" });
  student = await buildUser({ name: "Malformed Student" });
  ownerAuth = { token: (await buildToken(owner.actor)).token };
  ownerCookie = { cookie: await sessionCookie(owner.user) };
  const s = await buildSeminar(owner.actor, { title: "The title that must survive", description: "Kept as written." });
  seminarId = s.id;
  seminarCode = s.joinCode;
  await joinAs(student.actor, s);
  sampleId = await sampleReadingId();
  const t = await buildThread(student.actor, seminarId, { body: "A thread the moderation routes act on" });
  threadId = t.id;
  commentId = t.comments[0].id;
  reportId = (await reportComment(owner.actor, commentId, { reason: "Made for the malformed-input batch" })).id;
});

/** Asserts the error contract: a 4xx (the one given, if any), a code, a non-empty message; a 400 names `field`. */
function expectRefusal(r: CallResult, opts: { status?: number | number[]; field?: string } = {}) {
  expect(r.status, r.text).toBeGreaterThanOrEqual(400);
  expect(r.status, r.text).toBeLessThan(500);
  if (opts.status !== undefined) expect([opts.status].flat(), r.text).toContain(r.status);
  const e = errorOf(r);
  expect(e.code).toMatch(/^[A-Z_]+$/);
  expect(e.message.trim().length, r.text).toBeGreaterThan(0);
  if (r.status === 400 && opts.field) expect(e.message, `the message should name "${opts.field}"`).toContain(opts.field);
}

interface BodyRoute {
  name: string;
  handler: Handler;
  method: "POST" | "PATCH" | "PUT";
  url: () => string;
  params?: () => Record<string, string>;
  auth: () => Auth;
  /** A body the route would accept. */
  valid: () => Record<string, unknown>;
  /** A body with a field of the wrong type, and that field's name. */
  wrongType: () => [Record<string, unknown>, string];
  /** The string field to blow up to 1 MB. */
  stringField: string;
  limit: number;
  /** False for the preview, which stores nothing and may echo any text back. */
  stores?: boolean;
}

const BODY_ROUTES: BodyRoute[] = [
  {
    name: "POST /api/v1/users",
    handler: users.POST,
    method: "POST",
    url: () => "/api/v1/users",
    auth: () => undefined,
    valid: () => ({ email: NEVER_CREATED, password: "long enough", name: "Never Created" }),
    wrongType: () => [{ email: 42, password: "long enough", name: "X" }, "email"],
    stringField: "name",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "PATCH /api/v1/me",
    handler: me.PATCH,
    method: "PATCH",
    url: () => "/api/v1/me",
    auth: () => ownerAuth,
    valid: () => ({ name: "Malformed Owner" }),
    wrongType: () => [{ name: ["Malformed", "Owner"] }, "name"],
    stringField: "name",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "POST /api/v1/tokens",
    handler: tokens.POST,
    method: "POST",
    url: () => "/api/v1/tokens",
    // Tokens are minted from a browser session only (a token gets 403 before its body is read).
    auth: () => ownerCookie,
    valid: () => ({ name: "ok" }),
    wrongType: () => [{ name: true }, "name"],
    stringField: "name",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "POST /api/v1/readings",
    handler: readings.POST,
    method: "POST",
    url: () => "/api/v1/readings",
    auth: () => ownerAuth,
    valid: () => ({ content: "Title Line\n\nA paragraph." }),
    wrongType: () => [{ content: "Title Line\n\nA paragraph.", year: "nineteen fifty-two" }, "year"],
    stringField: "title",
    limit: READINGS_LIMIT,
  },
  {
    name: "POST /api/v1/readings/preview",
    handler: preview.POST,
    method: "POST",
    url: () => "/api/v1/readings/preview",
    auth: () => ownerAuth,
    valid: () => ({ content: "Title Line\n\nA paragraph." }),
    wrongType: () => [{ content: 12345 }, "content"],
    stringField: "author",
    limit: READINGS_LIMIT,
    stores: false,
  },
  {
    name: "POST /api/v1/seminars",
    handler: seminars.POST,
    method: "POST",
    url: () => "/api/v1/seminars",
    auth: () => ownerAuth,
    valid: () => ({ title: "Fine", readingId: sampleId }),
    wrongType: () => [{ title: { text: "Fine" }, readingId: sampleId }, "title"],
    stringField: "title",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "PATCH /api/v1/seminars/:id",
    handler: seminar.PATCH,
    method: "PATCH",
    url: () => `/api/v1/seminars/${seminarId}`,
    params: () => ({ id: seminarId }),
    auth: () => ownerAuth,
    valid: () => ({ title: "The title that must survive" }),
    wrongType: () => [{ closed: "yes" }, "closed"],
    stringField: "title",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "POST /api/v1/join",
    handler: join.POST,
    method: "POST",
    url: () => "/api/v1/join",
    auth: () => ownerAuth,
    valid: () => ({ code: seminarCode }),
    wrongType: () => [{ code: 12345678 }, "code"],
    stringField: "code",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "PATCH /api/v1/seminars/:id/members/:userId",
    handler: member.PATCH,
    method: "PATCH",
    url: () => `/api/v1/seminars/${seminarId}/members/${student.user.id}`,
    params: () => ({ id: seminarId, userId: student.user.id }),
    auth: () => ownerAuth,
    valid: () => ({ role: "student" }),
    wrongType: () => [{ role: 1 }, "role"],
    stringField: "role",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "PATCH /api/v1/threads/:id",
    handler: thread.PATCH,
    method: "PATCH",
    url: () => `/api/v1/threads/${threadId}`,
    params: () => ({ id: threadId }),
    auth: () => ownerAuth,
    valid: () => ({ locked: false }),
    wrongType: () => [{ locked: "yes" }, "locked"],
    stringField: "pinned",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "POST /api/v1/comments/:id/hidden",
    handler: hidden.POST,
    method: "POST",
    url: () => `/api/v1/comments/${commentId}/hidden`,
    params: () => ({ id: commentId }),
    auth: () => ownerAuth,
    valid: () => ({ reason: "Off topic" }),
    wrongType: () => [{ reason: ["Off", "topic"] }, "reason"],
    stringField: "reason",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "POST /api/v1/comments/:id/reports",
    handler: commentReports.POST,
    method: "POST",
    url: () => `/api/v1/comments/${commentId}/reports`,
    params: () => ({ id: commentId }),
    auth: () => ownerAuth,
    valid: () => ({ reason: "Rude" }),
    wrongType: () => [{ reason: 5 }, "reason"],
    stringField: "reason",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "PATCH /api/v1/reports/:id",
    handler: report.PATCH,
    method: "PATCH",
    url: () => `/api/v1/reports/${reportId}`,
    params: () => ({ id: reportId }),
    auth: () => ownerAuth,
    valid: () => ({ handled: true }),
    wrongType: () => [{ handled: "true" }, "handled"],
    stringField: "handled",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "POST /api/v1/notifications/read",
    handler: notificationsRead.POST,
    method: "POST",
    url: () => "/api/v1/notifications/read",
    auth: () => ownerAuth,
    valid: () => ({ all: true }),
    wrongType: () => [{ ids: "all of them" }, "ids"],
    stringField: "ids",
    limit: DEFAULT_BODY_LIMIT,
  },
  {
    name: "PUT /api/v1/me/notification-preferences",
    handler: notificationPrefs.PUT,
    method: "PUT",
    url: () => "/api/v1/me/notification-preferences",
    auth: () => ownerAuth,
    valid: () => ({ reply: true, mention: true, reaction: true, endorsement: true }),
    wrongType: () => [{ reply: "yes", mention: true, reaction: true, endorsement: true }, "reply"],
    stringField: "reply",
    limit: DEFAULT_BODY_LIMIT,
  },
];

function send(route: BodyRoute, o: Omit<CallOptions, "url" | "method" | "params" | "auth">) {
  return call(route.handler, { method: route.method, url: route.url(), params: route.params?.() ?? {}, auth: route.auth(), ...o });
}

/** A body of `bytes` bytes that streams in 16 KB chunks, with no Content-Length. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

describe.each(BODY_ROUTES.map((r) => [r.name, r] as const))("malformed bodies to %s", (_name, route) => {
  it("invalid JSON is a 400 saying so", async () => {
    const r = await send(route, { rawBody: '{"title": "unterminated', headers: { "content-type": "application/json" } });
    expectRefusal(r, { status: 400 });
    expect(errorOf(r).message).toMatch(/JSON/);
  });

  it("an empty body is a 400 asking for JSON", async () => {
    const r = await send(route, { rawBody: "", headers: { "content-type": "application/json" } });
    expectRefusal(r, { status: 400 });
    expect(errorOf(r).message).toMatch(/empty/i);
  });

  it("a body sent as text/plain or as a form is a 400 naming the Content-Type", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await send(route, { rawBody: JSON.stringify(route.valid()), headers: { "content-type": type } });
      expectRefusal(r, { status: 400 });
      expect(errorOf(r).message).toContain("Content-Type");
    }
    const none = await send(route, { rawBody: JSON.stringify(route.valid()) });
    expectRefusal(none, { status: 400 });
  });

  it("JSON that is not an object (null, an array, a string, a number) is a 400", async () => {
    for (const raw of ["null", "[]", '"text"', "42", "true"]) {
      const r = await send(route, { rawBody: raw, headers: { "content-type": "application/json" } });
      expectRefusal(r, { status: 400 });
    }
  });

  it("a field of the wrong type is a 400 naming the field", async () => {
    const [body, field] = route.wrongType();
    expectRefusal(await send(route, { json: body }), { status: 400, field });
  });

  it("an unknown field is a 400 naming the field", async () => {
    expectRefusal(await send(route, { json: { ...route.valid(), isAdmin: true } }), { status: 400, field: "isAdmin" });
    // own __proto__ keys from JSON.parse are unknown fields too, not a way around the schema
    const r = await send(route, { rawBody: JSON.stringify(route.valid()).replace(/^\{/, '{"__proto__":{"isAdmin":true},'), headers: { "content-type": "application/json" } });
    expectRefusal(r, { status: 400 });
  });

  it("a 1 MB string is refused: 413 where the limit is 64 KB, 400 naming the field otherwise", async () => {
    const r = await send(route, { json: { ...route.valid(), [route.stringField]: MB } });
    if (route.limit < MB.length) expectRefusal(r, { status: 413 });
    else expectRefusal(r, { status: 400, field: route.stringField });
  });

  it("a body over the route's limit is a 413, whether its Content-Length says so, lies, or is missing", async () => {
    const big = JSON.stringify({ ...route.valid(), padding: "y".repeat(route.limit) });
    const declared = await send(route, { rawBody: big, headers: { "content-type": "application/json", "content-length": String(big.length) } });
    expectRefusal(declared, { status: 413 });
    expect(errorOf(declared).message).toMatch(/KB/);
    const lying = await send(route, { rawBody: big, headers: { "content-type": "application/json", "content-length": "20" } });
    expectRefusal(lying, { status: 413 });
    const streamed = await send(route, { rawBody: streamOf(route.limit + 1), headers: { "content-type": "application/json" } });
    expectRefusal(streamed, { status: 413 });
  });
});

describe("deeply nested JSON", () => {
  it("is a 4xx on every route that takes a body, never a stack overflow (500)", async () => {
    const failures: string[] = [];
    for (const route of BODY_ROUTES) {
      // as deep as the route's body limit allows, up to 30,000 levels (60 KB of brackets)
      const depth = Math.min(30_000, Math.floor((route.limit - 100) / 2));
      for (const [open, close] of [["[", "]"], ['{"a":', "}"]]) {
        const d = open === "[" ? depth : Math.floor(depth / 3);
        const r = await send(route, { rawBody: open.repeat(d) + "1" + close.repeat(d), headers: { "content-type": "application/json" } });
        if (r.status < 400 || r.status >= 500) failures.push(`${route.name} ${open}×${d} → ${r.status} ${r.text.slice(0, 100)}`);
      }
    }
    expect(failures.join("\n")).toBe("");
  });
});

describe("readings: the import limits", () => {
  it("content over the character limit is a 400 naming content (the body itself is under the byte limit)", async () => {
    const r = await call(readings.POST, { url: "/api/v1/readings", json: { content: "a".repeat(MAX_IMPORT_CHARS + 1) }, auth: ownerAuth });
    expectRefusal(r, { status: 400, field: "content" });
  });

  it("a body just over the readings limit is a 413 naming the limit in KB", async () => {
    const r = await call(readings.POST, {
      url: "/api/v1/readings",
      rawBody: JSON.stringify({ content: "b".repeat(READINGS_LIMIT) }),
      headers: { "content-type": "application/json" },
      auth: ownerAuth,
    });
    expectRefusal(r, { status: 413 });
    expect(errorOf(r).message).toContain(`${Math.round(READINGS_LIMIT / 1024)} KB`);
  });

  it("text with no paragraphs, or no title to be found, is a 400 naming the field", async () => {
    expectRefusal(await call(preview.POST, { url: "/api/v1/readings/preview", json: { content: " \n\n \n", title: "A Title" }, auth: ownerAuth }), { status: 400, field: "content" });
    expectRefusal(await call(preview.POST, { url: "/api/v1/readings/preview", json: { content: "Only a sentence that ends with a period." }, auth: ownerAuth }), {
      status: 400,
      field: "title",
    });
    expectRefusal(await call(preview.POST, { url: "/api/v1/readings/preview", json: { content: "x", format: "pdf" }, auth: ownerAuth }), {
      status: 400,
      field: "format",
    });
  });
});

describe("seminar fields with values of the right type but wrong shape", () => {
  const patch = (body: unknown) =>
    call(seminar.PATCH, { method: "PATCH", url: `/api/v1/seminars/${seminarId}`, params: { id: seminarId }, json: body, auth: ownerAuth });

  it("a closing time that is not an ISO date-time, an unknown name setting, an empty title: each a 400 naming the field", async () => {
    expectRefusal(await patch({ closesAt: "next tuesday" }), { status: 400, field: "closesAt" });
    expectRefusal(await patch({ closesAt: 1767225600000 }), { status: 400, field: "closesAt" });
    expectRefusal(await patch({ nameVisibility: "secret" }), { status: 400, field: "nameVisibility" });
    expectRefusal(await patch({ title: "   " }), { status: 400, field: "title" });
    expectRefusal(await patch({ title: "t".repeat(201) }), { status: 400, field: "title" });
    expectRefusal(await patch({ description: "d".repeat(4001) }), { status: 400, field: "description" });
  });

  it("a seminar on a reading that does not exist is a 404 naming readingId", async () => {
    const r = await call(seminars.POST, { url: "/api/v1/seminars", json: { title: "T", readingId: "no-such-reading" }, auth: ownerAuth });
    expectRefusal(r, { status: 404 });
    expect(errorOf(r).message).toContain("readingId");
  });

  it("a member role other than instructor or student is a 400 naming role", async () => {
    const r = await call(member.PATCH, {
      method: "PATCH",
      url: `/api/v1/seminars/${seminarId}/members/${student.user.id}`,
      params: { id: seminarId, userId: student.user.id },
      json: { role: "admin" },
      auth: ownerAuth,
    });
    expectRefusal(r, { status: 400, field: "role" });
  });
});

describe("join codes that do not work", () => {
  const tryCode = (code: unknown) => call(join.POST, { url: "/api/v1/join", json: { code }, auth: ownerAuth });

  it("an unknown code of the right shape is a 404 that says the invite does not work", async () => {
    for (const code of ["ABCDEFGH23", "zzzzzzzzzz", "2345678923456789"]) {
      const r = await tryCode(code);
      expectRefusal(r, { status: 404 });
      expect(errorOf(r).message).toMatch(/invite|code/i);
    }
  });

  it("a garbled code is a 400 naming code", async () => {
    for (const code of ["", "ABC", "!!!!!!!!!!", "ABCD EFGH JK", "x".repeat(33), "０１２３４５６７８９", "AB\u0000CDEFGH", "'; DROP TABLE seminars; --"]) {
      expectRefusal(await tryCode(code), { status: 400, field: "code" });
    }
    for (const code of [null, 12345678, ["ABCDEFGH"], { code: "ABCDEFGH" }]) {
      expectRefusal(await tryCode(code), { status: 400, field: "code" });
    }
  });

  it("asking to join as instructor is an unknown field, not a promotion", async () => {
    const outsider = await buildUser();
    const r = await call(join.POST, { url: "/api/v1/join", json: { code: seminarCode, role: "instructor" }, auth: { token: (await buildToken(outsider.actor)).token } });
    expectRefusal(r, { status: 400, field: "role" });
    await expect(getSeminar(outsider.actor, seminarId, ORIGIN)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

const idRoutes: { name: string; handler: Handler; method: string; params: (bad: string) => Record<string, string>; json?: unknown }[] = [
  { name: "GET /seminars/:id", handler: seminar.GET, method: "GET", params: (id) => ({ id }) },
  { name: "PATCH /seminars/:id", handler: seminar.PATCH, method: "PATCH", params: (id) => ({ id }), json: { title: "x" } },
  { name: "POST /seminars/:id/join-code", handler: joinCode.POST, method: "POST", params: (id) => ({ id }) },
  { name: "GET /seminars/:id/members", handler: members.GET, method: "GET", params: (id) => ({ id }) },
  { name: "PATCH /seminars/:id/members/:userId (bad seminar)", handler: member.PATCH, method: "PATCH", params: (id) => ({ id, userId: student.user.id }), json: { role: "student" } },
  { name: "PATCH /seminars/:id/members/:userId (bad user)", handler: member.PATCH, method: "PATCH", params: (userId) => ({ id: seminarId, userId }), json: { role: "student" } },
  { name: "DELETE /seminars/:id/members/:userId (bad user)", handler: member.DELETE, method: "DELETE", params: (userId) => ({ id: seminarId, userId }) },
  { name: "GET /readings/:id", handler: reading.GET, method: "GET", params: (id) => ({ id }) },
  { name: "GET /tokens/:id", handler: token.GET, method: "GET", params: (id) => ({ id }) },
  { name: "DELETE /tokens/:id", handler: token.DELETE, method: "DELETE", params: (id) => ({ id }) },
  { name: "PATCH /threads/:id", handler: thread.PATCH, method: "PATCH", params: (id) => ({ id }), json: { locked: true } },
  { name: "POST /comments/:id/hidden", handler: hidden.POST, method: "POST", params: (id) => ({ id }), json: {} },
  { name: "DELETE /comments/:id/hidden", handler: hidden.DELETE, method: "DELETE", params: (id) => ({ id }) },
  { name: "POST /comments/:id/reports", handler: commentReports.POST, method: "POST", params: (id) => ({ id }), json: { reason: "x" } },
  { name: "GET /seminars/:id/reports", handler: seminarReports.GET, method: "GET", params: (id) => ({ id }) },
  { name: "GET /seminars/:id/audit", handler: audit.GET, method: "GET", params: (id) => ({ id }) },
  { name: "PATCH /reports/:id", handler: report.PATCH, method: "PATCH", params: (id) => ({ id }), json: { handled: true } },
];

describe("garbled ids in the path", () => {
  const GARBLED = ["does-not-exist", "x".repeat(5000), "' OR '1'='1", "../../etc/passwd", "🙂", "%", "\t", "a/b"];


  it.each(idRoutes.map((r) => [r.name, r] as const))("%s answers 404 (or 400) for each garbled id, never 500", async (_n, route) => {
    const failures: string[] = [];
    for (const bad of GARBLED) {
      const params = route.params(bad);
      const r = await call(route.handler, { method: route.method, url: `/api/v1/x/${encodeURIComponent(bad)}`, params, json: route.json, auth: ownerAuth });
      if (![400, 404].includes(r.status) || !errorOf(r).message) failures.push(`${JSON.stringify(bad).slice(0, 40)} → ${r.status} ${r.text.slice(0, 120)}`);
    }
    expect(failures.join("\n")).toBe("");
  });
});

// PostgreSQL text cannot hold U+0000; a JSON body ("\u0000") or a path segment (%00) can.
describe("NUL characters, which PostgreSQL cannot store", () => {
  it("in a string field of any body that is stored are a 4xx, not a 500", async () => {
    const failures: string[] = [];
    for (const route of BODY_ROUTES.filter((r) => r.stores !== false)) {
      const r = await send(route, { json: { ...route.valid(), [route.stringField]: "bad\u0000value" } });
      if (r.status >= 500 || r.status < 400) failures.push(`${route.name} { ${route.stringField}: "bad\\u0000value" } → ${r.status} ${r.text.slice(0, 100)}`);
    }
    const content = await call(readings.POST, { url: "/api/v1/readings", json: { content: "A Title\n\nA para\u0000graph." }, auth: ownerAuth });
    if (content.status >= 500) failures.push(`POST /api/v1/readings { content: "…para\\u0000graph." } → ${content.status}`);
    expect(failures.join("\n")).toBe("");
  });

  it("in an id in the path are a 404 (or 400), not a 500", async () => {
    const failures: string[] = [];
    for (const route of idRoutes) {
      const r = await call(route.handler, { method: route.method, url: "/api/v1/x/%00", params: route.params("nul\u0000byte"), json: route.json, auth: ownerAuth });
      if (![400, 404].includes(r.status)) failures.push(`${route.name} → ${r.status} ${r.text.slice(0, 100)}`);
    }
    expect(failures.join("\n")).toBe("");
  });
});

describe("what was saved before the bad requests", () => {
  it("is intact afterwards: the seminar, its members, the account, its tokens, nobody signed up, no reading imported", async () => {
    // A last round of bad writes right here, so this test stands on its own.
    const bad = await call(seminar.PATCH, { method: "PATCH", url: `/api/v1/seminars/${seminarId}`, params: { id: seminarId }, json: { title: "Changed", evil: 1 }, auth: ownerAuth });
    expectRefusal(bad, { status: 400, field: "evil" });
    const half = await call(seminar.PATCH, { method: "PATCH", url: `/api/v1/seminars/${seminarId}`, params: { id: seminarId }, json: { title: "Changed", closesAt: "soon" }, auth: ownerAuth });
    expectRefusal(half, { status: 400, field: "closesAt" });
    const badMe = await call(me.PATCH, { method: "PATCH", url: "/api/v1/me", json: { name: "Changed", newPassword: "new password here" }, auth: ownerAuth });
    expectRefusal(badMe, { status: 400, field: "currentPassword" });

    const s = await getSeminar(owner.actor, seminarId, ORIGIN);
    expect(s).toMatchObject({ title: "The title that must survive", description: "Kept as written.", state: "open", closesAt: null, joinCode: seminarCode, memberCount: 2 });
    expect((await listMembers(owner.actor, seminarId)).map((m) => [m.userId, m.role])).toEqual([
      [owner.user.id, "instructor"],
      [student.user.id, "student"],
    ]);
    expect((await getAccount(owner.actor)).name).toBe("Malformed Owner");
    // only the token made in beforeAll; no bad POST /tokens created one
    expect((await listTokens(owner.actor)).map((t) => t.name)).toEqual(["test token"]);
    // the bad sign-ups created nobody
    const signIn = await call(users.POST, { url: "/api/v1/users", json: { email: NEVER_CREATED, password: "long enough", name: "Now Created" } });
    expect(signIn.status).toBe(201);
    // only the sample reading: no bad import was stored
    expect((await listReadings(owner.actor)).filter((r) => r.id !== sampleId)).toEqual([]);
    // the moderation routes changed nothing: no lock, pin or hide, the report still open, no audit entry
    expect(await db().thread.findUniqueOrThrow({ where: { id: threadId }, select: { lockedAt: true, pinnedAt: true } })).toEqual({ lockedAt: null, pinnedAt: null });
    expect((await db().comment.findUniqueOrThrow({ where: { id: commentId } })).hiddenAt).toBeNull();
    expect((await db().report.findUniqueOrThrow({ where: { id: reportId } })).handledAt).toBeNull();
    expect(await db().report.count({ where: { seminarId } })).toBe(1);
    expect(await db().auditEntry.count({ where: { seminarId } })).toBe(0);
  });
});

// Threads, comments, reactions, resolving and the events log over the /api/v1 route handlers, as
// a client of the JSON API gets them: statuses, messages naming the field, what is stored (rows
// counted in the database), who may do what, closed seminars, non-members, the write limit.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as threadsRoute from "@/app/api/v1/seminars/[id]/threads/route";
import * as eventsRoute from "@/app/api/v1/seminars/[id]/events/route";
import * as threadRoute from "@/app/api/v1/threads/[id]/route";
import * as threadCommentsRoute from "@/app/api/v1/threads/[id]/comments/route";
import * as commentRoute from "@/app/api/v1/comments/[id]/route";
import * as reactionRoute from "@/app/api/v1/comments/[id]/reactions/[kind]/route";
import { db } from "@/lib/db/client";
import { resetWriteLimits, WRITE_LIMIT } from "@/lib/domain/ratelimit";
import { importReading } from "@/lib/domain/readings/service";
import { updateSeminar } from "@/lib/domain/seminars/service";
import { handleFor } from "@/lib/domain/threads/handles";
import type { CommentView, ThreadMeta, ThreadView } from "@/lib/domain/threads/present";
import type { DiscussionEvent } from "@/lib/realtime/events";
import { buildClass, buildUser, joinAs, ORIGIN, paragraphsOf, sessionCookie, uniqueEmail, type BuiltUser, type ParagraphRef } from "../../helpers/factories";
import { call, errorOf, type Auth, type CallResult } from "../../helpers/http";

beforeEach(() => resetWriteLimits());

const auths = new Map<string, Auth>();
async function as(who: BuiltUser): Promise<Auth> {
  if (!auths.has(who.user.id)) auths.set(who.user.id, { cookie: await sessionCookie(who.user) });
  return auths.get(who.user.id);
}

/** The API, as a client calls it. */
const api = {
  threads: async (who: BuiltUser, seminarId: string) =>
    call(threadsRoute.GET, { url: `/api/v1/seminars/${seminarId}/threads`, params: { id: seminarId }, auth: await as(who) }),
  createThread: async (who: BuiltUser, seminarId: string, json: unknown) =>
    call(threadsRoute.POST, { method: "POST", url: `/api/v1/seminars/${seminarId}/threads`, params: { id: seminarId }, json, auth: await as(who) }),
  reply: async (who: BuiltUser, threadId: string, json: unknown) =>
    call(threadCommentsRoute.POST, { method: "POST", url: `/api/v1/threads/${threadId}/comments`, params: { id: threadId }, json, auth: await as(who) }),
  edit: async (who: BuiltUser, commentId: string, json: unknown) =>
    call(commentRoute.PATCH, { method: "PATCH", url: `/api/v1/comments/${commentId}`, params: { id: commentId }, json, auth: await as(who) }),
  remove: async (who: BuiltUser, commentId: string) =>
    call(commentRoute.DELETE, { method: "DELETE", url: `/api/v1/comments/${commentId}`, params: { id: commentId }, auth: await as(who) }),
  react: async (who: BuiltUser, commentId: string, kind: string, on = true) =>
    call(on ? reactionRoute.PUT : reactionRoute.DELETE, {
      method: on ? "PUT" : "DELETE",
      url: `/api/v1/comments/${commentId}/reactions/${encodeURIComponent(kind)}`,
      params: { id: commentId, kind },
      auth: await as(who),
    }),
  resolve: async (who: BuiltUser, threadId: string, json: unknown) =>
    call(threadRoute.PATCH, { method: "PATCH", url: `/api/v1/threads/${threadId}`, params: { id: threadId }, json, auth: await as(who) }),
  events: async (who: BuiltUser, seminarId: string, query: string) =>
    call(eventsRoute.GET, { url: `/api/v1/seminars/${seminarId}/events${query}`, params: { id: seminarId }, auth: await as(who) }),
};

function expectStatus(r: CallResult, status: number) {
  expect(r.status, r.text.slice(0, 500)).toBe(status);
}
const thread = (r: CallResult) => r.body as ThreadView;
const comment = (r: CallResult) => r.body as CommentView;
const listed = (r: CallResult) => (r.body as { seq: number; threads: ThreadView[] }).threads;

let paragraphs: ParagraphRef[];
async function para(n: number): Promise<ParagraphRef> {
  paragraphs ??= await paragraphsOf();
  return paragraphs[n - 1];
}

/** A thread on paragraph 1 by `who`, made over the API. */
async function startThread(who: BuiltUser, seminarId: string, body = "Opening question?") {
  const r = await api.createThread(who, seminarId, { paragraphId: (await para(1)).id, body });
  expectStatus(r, 201);
  return thread(r);
}
async function replyTo(who: BuiltUser, threadId: string, body = `Reply ${randomUUID().slice(0, 6)}`) {
  const r = await api.reply(who, threadId, { body });
  expectStatus(r, 201);
  return comment(r);
}

const counts = async (seminarId: string) => {
  const [threads, comments, lastSeq] = await Promise.all([
    db().thread.count({ where: { seminarId } }),
    db().comment.count({ where: { thread: { seminarId } } }),
    db().seminar.findUniqueOrThrow({ where: { id: seminarId }, select: { lastSeq: true } }).then((s) => s.lastSeq),
  ]);
  return { threads, comments, lastSeq };
};

describe("POST /api/v1/seminars/:id/threads", () => {
  it("on a paragraph: 201 with the thread and its opening comment, listed by GET /threads", async () => {
    const { seminar, students } = await buildClass(["Ada"]);
    const [ada] = students;
    const p = await para(7);
    const r = await api.createThread(ada, seminar.id, { paragraphId: p.id, body: "Is this **really** the cause?" });
    expectStatus(r, 201);
    const t = thread(r);
    expect(t).toMatchObject({
      seminarId: seminar.id,
      paragraphId: p.id,
      paragraphNumber: 7,
      passage: null,
      resolved: false,
      resolvedBy: null,
      createdBy: { name: ada.user.name, role: "student" },
    });
    expect(t.comments).toHaveLength(1);
    expect(t.comments[0]).toMatchObject({ threadId: t.id, author: { name: ada.user.name }, body: "Is this **really** the cause?", editedAt: null, deletedAt: null, reactions: [], mentions: [] });
    expect(t.comments[0].html).toContain("<strong>really</strong>");

    const list = await api.threads(ada, seminar.id);
    expectStatus(list, 200);
    expect(listed(list)).toEqual([t]);
    expect((list.body as { seq: number }).seq).toBe(1);
  });

  it("on a passage: 201, and the passage (exact, prefix, suffix, start, end) is stored and listed", async () => {
    const { seminar, students } = await buildClass(["Bea"]);
    const p = await para(12);
    const [start, end] = [10, 42];
    const passage = { exact: p.text.slice(start, end), prefix: p.text.slice(0, start), suffix: p.text.slice(end, end + 20), start, end };
    const r = await api.createThread(students[0], seminar.id, { paragraphId: p.id, passage, body: "This phrase." });
    expectStatus(r, 201);
    expect(thread(r).passage).toEqual(passage);
    expect(thread(r).paragraphNumber).toBe(12);
    const row = await db().thread.findUniqueOrThrow({ where: { id: thread(r).id } });
    expect(row).toMatchObject({ quoteExact: passage.exact, quotePrefix: passage.prefix, quoteSuffix: passage.suffix, quoteStart: start, quoteEnd: end });
    expect(listed(await api.threads(students[0], seminar.id))[0].passage).toEqual(passage);
  });

  it("a passage that is not the paragraph's text between start and end: 400 naming passage, nothing stored", async () => {
    const { seminar, students } = await buildClass(["Cyd"]);
    const p = await para(3);
    const exact = p.text.slice(5, 25);
    const bad = [
      { exact: "x".repeat(20), prefix: "", suffix: "", start: 5, end: 25 }, // right length, wrong text
      { exact, prefix: "", suffix: "", start: 6, end: 26 }, // right text, shifted offsets
      { exact, prefix: "", suffix: "", start: 5, end: 30 }, // end - start is not the length of exact
      { exact, prefix: "", suffix: "", start: p.text.length + 5, end: p.text.length + 25 }, // beyond the paragraph
      { exact, prefix: "", suffix: "", start: 25, end: 5 },
      { exact: "", prefix: "", suffix: "", start: 5, end: 5 },
    ];
    for (const passage of bad) {
      const r = await api.createThread(students[0], seminar.id, { paragraphId: p.id, passage, body: "Here." });
      expect(r.status, JSON.stringify(passage)).toBe(400);
      expect(errorOf(r)).toEqual({ code: "BAD_REQUEST", message: expect.stringMatching(/^passage/) });
    }
    expect(await counts(seminar.id)).toEqual({ threads: 0, comments: 0, lastSeq: 0 });
  });

  it("a paragraph of another reading, or no paragraph at all: 400 naming paragraphId", async () => {
    const { instructor, seminar, students } = await buildClass(["Dee"]);
    const other = await importReading(instructor.actor, { content: "Another Reading\n\nIts only paragraph.", title: `Other ${randomUUID()}` });
    const [foreign] = await paragraphsOf(other.id, instructor.actor);
    for (const paragraphId of [foreign.id, "cnosuchparagraph0000000000"]) {
      const r = await api.createThread(students[0], seminar.id, { paragraphId, body: "Wrong place." });
      expectStatus(r, 400);
      expect(errorOf(r).message).toMatch(/^paragraphId: /);
    }
    const missing = await api.createThread(students[0], seminar.id, { body: "Where?" });
    expectStatus(missing, 400);
    expect(errorOf(missing).message).toMatch(/paragraphId/);
    expect((await counts(seminar.id)).threads).toBe(0);
  });

  it("a body of 10,000 characters is fine; 10,001 or blank is 400 naming body, for threads, replies and edits", async () => {
    const { seminar, students } = await buildClass(["Eli"]);
    const [eli] = students;
    const p = await para(1);
    const max = "a".repeat(10_000);
    const t = await api.createThread(eli, seminar.id, { paragraphId: p.id, body: max });
    expectStatus(t, 201);
    expect(thread(t).comments[0].body).toBe(max);
    const tooLong = "a".repeat(10_001);
    for (const body of [tooLong, "", "   \n\t "]) {
      const calls = [
        await api.createThread(eli, seminar.id, { paragraphId: p.id, body }),
        await api.reply(eli, thread(t).id, { body }),
        await api.edit(eli, thread(t).comments[0].id, { body }),
      ];
      for (const r of calls) {
        expectStatus(r, 400);
        expect(errorOf(r).message).toMatch(/^body: /);
      }
    }
    expect(errorOf(await api.reply(eli, thread(t).id, { body: tooLong })).message).toBe("body: must be at most 10,000 characters");
    expect(await counts(seminar.id)).toEqual({ threads: 1, comments: 1, lastSeq: 1 });
  });
});

describe("the same clientId twice makes one comment", () => {
  it("a repeated reply: 201, then 200 with the same comment; one row, one event", async () => {
    const { seminar, students } = await buildClass(["Fay"]);
    const [fay] = students;
    const t = await startThread(fay, seminar.id);
    const clientId = randomUUID();
    const first = await api.reply(fay, t.id, { body: "Sent twice by a flaky network.", clientId });
    expectStatus(first, 201);
    const second = await api.reply(fay, t.id, { body: "Sent twice by a flaky network.", clientId });
    expectStatus(second, 200);
    expect(comment(second).id).toBe(comment(first).id);
    expect(comment(second)).toEqual(comment(first));
    expect(comment(first).clientId).toBe(clientId);
    expect(await db().comment.count({ where: { clientId } })).toBe(1);
    expect(await counts(seminar.id)).toEqual({ threads: 1, comments: 2, lastSeq: 2 });
  });

  it("a repeated thread: 201, then 200 with the same thread; one thread, one comment", async () => {
    const { seminar, students } = await buildClass(["Gil"]);
    const clientId = `retry_${randomUUID().slice(0, 8)}`;
    const body = { paragraphId: (await para(2)).id, body: "First words.", clientId };
    const first = await api.createThread(students[0], seminar.id, body);
    const second = await api.createThread(students[0], seminar.id, body);
    expectStatus(first, 201);
    expectStatus(second, 200);
    expect(thread(second).id).toBe(thread(first).id);
    expect(thread(second).comments.map((c) => c.id)).toEqual(thread(first).comments.map((c) => c.id));
    expect(await counts(seminar.id)).toEqual({ threads: 1, comments: 1, lastSeq: 1 });
  });

  it("two posts with the same clientId at the same moment still make one comment", async () => {
    const { seminar, students } = await buildClass(["Hope"]);
    const t = await startThread(students[0], seminar.id);
    const clientId = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => api.reply(students[0], t.id, { body: "Double click.", clientId })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => comment(r).id)).size).toBe(1);
    expect(await db().comment.count({ where: { clientId } })).toBe(1);
    expect((await counts(seminar.id)).lastSeq).toBe(2);

    const tid = randomUUID();
    const p = (await para(4)).id;
    const threads = await Promise.all([1, 2].map(() => api.createThread(students[0], seminar.id, { paragraphId: p, body: "Double click.", clientId: tid })));
    expect(threads.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(thread(threads[0]).id).toBe(thread(threads[1]).id);
    expect(await counts(seminar.id)).toEqual({ threads: 2, comments: 3, lastSeq: 3 });
  });

  it("another person's identical clientId is theirs: it makes their own comment", async () => {
    const { seminar, students } = await buildClass(["Ike", "Jo"]);
    const t = await startThread(students[0], seminar.id);
    const clientId = randomUUID();
    const a = await api.reply(students[0], t.id, { body: "Mine.", clientId });
    const b = await api.reply(students[1], t.id, { body: "Mine too.", clientId });
    expectStatus(a, 201);
    expectStatus(b, 201);
    expect(comment(b).id).not.toBe(comment(a).id);
    expect(comment(b).author.name).toBe(students[1].user.name);
  });
});

describe("replies, edits and deletes", () => {
  it("reply: 201 with author, body and html, appended to the thread", async () => {
    const { seminar, students } = await buildClass(["Kai", "Lev"]);
    const t = await startThread(students[0], seminar.id);
    const r = await api.reply(students[1], t.id, { body: "See [the source](https://example.org/a)." });
    expectStatus(r, 201);
    expect(comment(r)).toMatchObject({ threadId: t.id, author: { name: students[1].user.name, role: "student" }, body: "See [the source](https://example.org/a).", editedAt: null });
    expect(comment(r).html).toContain('<a href="https://example.org/a" rel="nofollow ugc noopener" target="_blank">the source</a>');
    const [listedThread] = listed(await api.threads(students[0], seminar.id));
    expect(listedThread.comments.map((c) => c.id)).toEqual([t.comments[0].id, comment(r).id]);
  });

  it("edit your own: 200 with editedAt and the new body; someone else's: 403 and unchanged", async () => {
    const { instructor, seminar, students } = await buildClass(["Max", "Nia"]);
    const t = await startThread(students[0], seminar.id);
    const mine = await replyTo(students[1], t.id, "First draft.");
    const r = await api.edit(students[1], mine.id, { body: "Second _draft_." });
    expectStatus(r, 200);
    expect(comment(r)).toMatchObject({ id: mine.id, body: "Second _draft_.", editedAt: expect.any(String) });
    expect(comment(r).html).toContain("<em>draft</em>");
    expect(Date.parse(comment(r).editedAt!)).toBeGreaterThanOrEqual(Date.parse(mine.createdAt));

    for (const other of [students[0], instructor]) {
      const no = await api.edit(other, mine.id, { body: "Hijacked." });
      expectStatus(no, 403);
      expect(errorOf(no)).toEqual({ code: "FORBIDDEN", message: expect.stringMatching(/own/) });
    }
    // Another member's list carries the new html (the Markdown goes only to its author); the author's carries both.
    const [listedThread] = listed(await api.threads(students[0], seminar.id));
    expect(listedThread.comments[1]).toMatchObject({ id: mine.id, body: null, html: comment(r).html, editedAt: comment(r).editedAt });
    const [ownList] = listed(await api.threads(students[1], seminar.id));
    expect(ownList.comments[1]).toMatchObject({ id: mine.id, body: "Second _draft_.", html: comment(r).html });
  });

  it("delete your own: 204; GET shows a 'deleted' placeholder (body null) only while a reply follows it", async () => {
    const { seminar, students } = await buildClass(["Oz", "Pia"]);
    const [oz, pia] = students;
    const t = await startThread(oz, seminar.id, "Opening.");
    const middle = await replyTo(pia, t.id, `Pia's secret ${randomUUID()}`);
    const lastReply = await replyTo(oz, t.id, "Last word.");

    expectStatus(await api.remove(pia, middle.id), 204);
    let [view] = listed(await api.threads(oz, seminar.id));
    expect(view.comments.map((c) => c.id)).toEqual([t.comments[0].id, middle.id, lastReply.id]);
    expect(view.comments[1]).toMatchObject({ id: middle.id, body: null, html: null, deletedAt: expect.any(String), reactions: [], mentions: [], author: { name: pia.user.name } });
    const text = (await api.threads(oz, seminar.id)).text;
    expect(text).not.toContain(middle.body!);

    // now nothing live follows the deleted one: both the deleted reply and the placeholder go
    expectStatus(await api.remove(oz, lastReply.id), 204);
    [view] = listed(await api.threads(pia, seminar.id));
    expect(view.comments.map((c) => c.id)).toEqual([t.comments[0].id]);
    // deleting twice is harmless
    expectStatus(await api.remove(oz, lastReply.id), 204);
    expect((await counts(seminar.id)).lastSeq).toBe(5);
    // a deleted comment can be neither edited nor reacted to
    expect((await api.edit(pia, middle.id, { body: "Back from the dead." })).status).toBe(409);
    expect((await api.react(oz, middle.id, "agree")).status).toBe(409);
  });

  it("an instructor deletes anyone's comment (204); a student deleting someone else's gets 403", async () => {
    const { instructor, seminar, students } = await buildClass(["Quinn", "Rae"]);
    const t = await startThread(students[0], seminar.id);
    const c = await replyTo(students[1], t.id);
    const no = await api.remove(students[0], c.id);
    expectStatus(no, 403);
    expect(errorOf(no)).toEqual({ code: "FORBIDDEN", message: expect.stringMatching(/own/) });
    expect((await db().comment.findUniqueOrThrow({ where: { id: c.id } })).deletedAt).toBeNull();
    expectStatus(await api.remove(instructor, c.id), 204);
    expect((await db().comment.findUniqueOrThrow({ where: { id: c.id } })).deletedAt).not.toBeNull();
    expectStatus(await api.remove(instructor, t.comments[0].id), 204);
  });
});

describe("reactions", () => {
  it("PUT and DELETE toggle your reaction; counts and `who` follow; unknown kinds are 400", async () => {
    const { instructor, seminar, students } = await buildClass(["Sam", "Tia"]);
    const [sam, tia] = students;
    const t = await startThread(sam, seminar.id);
    const c = t.comments[0].id;
    const kinds = (r: CallResult) => comment(r).reactions.map((x) => ({ kind: x.kind, count: x.count, who: x.who.map((w) => w.name) }));

    let r = await api.react(tia, c, "agree");
    expectStatus(r, 200);
    expect(kinds(r)).toEqual([{ kind: "agree", count: 1, who: [tia.user.name] }]);
    r = await api.react(instructor, c, "agree");
    expect(kinds(r)).toEqual([{ kind: "agree", count: 2, who: [tia.user.name, instructor.user.name] }]);
    r = await api.react(tia, c, "agree"); // again: no change, no event
    expect(kinds(r)).toEqual([{ kind: "agree", count: 2, who: [tia.user.name, instructor.user.name] }]);
    r = await api.react(sam, c, "question");
    expect(kinds(r)).toEqual([
      { kind: "agree", count: 2, who: [tia.user.name, instructor.user.name] },
      { kind: "question", count: 1, who: [sam.user.name] },
    ]);
    r = await api.react(tia, c, "agree", false);
    expectStatus(r, 200);
    expect(kinds(r)).toEqual([
      { kind: "agree", count: 1, who: [instructor.user.name] },
      { kind: "question", count: 1, who: [sam.user.name] },
    ]);
    r = await api.react(tia, c, "agree", false); // taking back what is not there: no change
    expectStatus(r, 200);
    expect(await db().reaction.count({ where: { commentId: c } })).toBe(2);
    // 1 thread + 3 real reaction changes + 1 removal
    expect((await counts(seminar.id)).lastSeq).toBe(5);

    for (const kind of ["love", "AGREE", "like", "agree_"]) {
      const bad = await api.react(tia, c, kind);
      expect(bad.status, `kind ${kind}`).toBe(400);
      expect(errorOf(bad).message).toBe("kind: must be one of agree, question, insight, confused");
      expect((await api.react(tia, c, kind, false)).status).toBe(400);
    }
    expect(listed(await api.threads(sam, seminar.id))[0].comments[0].reactions.map((x) => [x.kind, x.count])).toEqual([
      ["agree", 1],
      ["question", 1],
    ]);
  });
});

describe("PATCH /api/v1/threads/:id { resolved }", () => {
  it("the thread's author may resolve (200), another student may not (403), an instructor may (200)", async () => {
    const { instructor, seminar, students } = await buildClass(["Uma", "Vic"]);
    const [uma, vic] = students;
    const t = await startThread(uma, seminar.id);

    const no = await api.resolve(vic, t.id, { resolved: true });
    expectStatus(no, 403);
    expect(errorOf(no).message).toMatch(/author or an instructor/);

    const r = await api.resolve(uma, t.id, { resolved: true });
    expectStatus(r, 200);
    expect(r.body as ThreadMeta).toMatchObject({ id: t.id, resolved: true, resolvedAt: expect.any(String), resolvedBy: { name: uma.user.name } });

    const reopened = await api.resolve(instructor, t.id, { resolved: false });
    expectStatus(reopened, 200);
    expect(reopened.body).toMatchObject({ resolved: false, resolvedAt: null, resolvedBy: null });
    const again = await api.resolve(instructor, t.id, { resolved: true });
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ resolved: true, resolvedBy: { name: instructor.user.name, role: "instructor" } });
    expect(listed(await api.threads(vic, seminar.id))[0]).toMatchObject({ resolved: true });

    for (const body of [{}, { resolved: "yes" }, { resolved: true, extra: 1 }]) {
      const bad = await api.resolve(instructor, t.id, body);
      expectStatus(bad, 400);
      expect(errorOf(bad).message).toMatch(/resolved|extra/);
    }
  });
});

describe("a closed seminar", () => {
  it("a student's writes get 403 with a message; reads still work; the instructor still writes (201)", async () => {
    const { instructor, seminar, students } = await buildClass(["Wes"]);
    const [wes] = students;
    const t = await startThread(wes, seminar.id);
    const own = await replyTo(wes, t.id);
    await updateSeminar(instructor.actor, seminar.id, { closed: true }, ORIGIN);
    const before = await counts(seminar.id);

    const p = (await para(1)).id;
    const writes = [
      await api.createThread(wes, seminar.id, { paragraphId: p, body: "Too late?" }),
      await api.reply(wes, t.id, { body: "Too late?" }),
      await api.edit(wes, own.id, { body: "Too late?" }),
      await api.remove(wes, own.id),
      await api.react(wes, t.comments[0].id, "agree"),
      await api.resolve(wes, t.id, { resolved: true }),
    ];
    for (const r of writes) {
      expectStatus(r, 403);
      expect(errorOf(r)).toEqual({ code: "FORBIDDEN", message: "This seminar is closed: it is read-only for students." });
    }
    expect(await counts(seminar.id)).toEqual(before);
    expectStatus(await api.threads(wes, seminar.id), 200);
    expectStatus(await api.events(wes, seminar.id, "?after=0"), 200);

    expectStatus(await api.createThread(instructor, seminar.id, { paragraphId: p, body: "Closing remarks." }), 201);
    expectStatus(await api.reply(instructor, t.id, { body: "A last note." }), 201);
    expectStatus(await api.resolve(instructor, t.id, { resolved: true }), 200);
  });
});

describe("non-members", () => {
  it("get 404 on every thread, comment, reaction and events route, and change nothing", async () => {
    const { seminar, students } = await buildClass(["Xia"]);
    const t = await startThread(students[0], seminar.id);
    const c = t.comments[0].id;
    const outsider = await buildUser({ name: "Nosy Outsider" });
    const before = await counts(seminar.id);
    const cases: [string, CallResult][] = [
      ["GET threads", await api.threads(outsider, seminar.id)],
      ["POST threads", await api.createThread(outsider, seminar.id, { paragraphId: (await para(1)).id, body: "Hi" })],
      ["POST comments", await api.reply(outsider, t.id, { body: "Hi" })],
      ["PATCH comment", await api.edit(outsider, c, { body: "Hi" })],
      ["DELETE comment", await api.remove(outsider, c)],
      ["PUT reaction", await api.react(outsider, c, "agree")],
      ["DELETE reaction", await api.react(outsider, c, "agree", false)],
      ["PATCH thread", await api.resolve(outsider, t.id, { resolved: true })],
      ["GET events", await api.events(outsider, seminar.id, "?after=0")],
    ];
    for (const [name, r] of cases) {
      expect(r.status, `${name}: ${r.text}`).toBe(404);
      expect(errorOf(r).code).toBe("NOT_FOUND");
      expect(r.text).not.toContain("Opening question");
    }
    expect(await counts(seminar.id)).toEqual(before);
  });
});

describe("the per-user write limit", () => {
  it(`the ${WRITE_LIMIT.count + 1}st write within a minute is 429 with Retry-After and a message; others can still write`, async () => {
    expect(WRITE_LIMIT).toEqual({ count: 30, windowMs: 60_000 });
    const { seminar, students } = await buildClass(["Yan", "Zed"]);
    const [yan, zed] = students;
    const t = await startThread(yan, seminar.id); // write 1
    for (let i = 2; i <= 30; i++) await replyTo(yan, t.id, `Line ${i}`); // writes 2..30
    const r = await api.reply(yan, t.id, { body: "Line 31" });
    expectStatus(r, 429);
    const retry = Number(r.headers.get("retry-after"));
    expect(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After: ${r.headers.get("retry-after")}`).toBe(true);
    expect(errorOf(r)).toEqual({ code: "RATE_LIMITED", message: expect.stringMatching(new RegExp(`Wait ${retry} seconds?`)) });
    // every kind of write is limited, and nothing was stored
    expectStatus(await api.react(yan, t.comments[0].id, "agree"), 429);
    expectStatus(await api.resolve(yan, t.id, { resolved: true }), 429);
    expect(await counts(seminar.id)).toEqual({ threads: 1, comments: 30, lastSeq: 30 });
    // reads are not writes, and another member is not limited by Yan
    expectStatus(await api.threads(yan, seminar.id), 200);
    expectStatus(await api.reply(zed, t.id, { body: "I can still talk." }), 201);
  });
});

describe("GET /api/v1/seminars/:id/events", () => {
  it("answers after=-1, after=abc, after=1.5 with 400 naming after; pages with limit and `more`", async () => {
    const { seminar, students } = await buildClass(["Abe"]);
    const t = await startThread(students[0], seminar.id);
    await replyTo(students[0], t.id);
    await replyTo(students[0], t.id);
    for (const q of ["?after=-1", "?after=abc", "?after=1.5"]) {
      const r = await api.events(students[0], seminar.id, q);
      expect(r.status, q).toBe(400);
      expect(errorOf(r).message, q).toMatch(/^after: /);
    }
    const all = await api.events(students[0], seminar.id, "?after=0");
    expectStatus(all, 200);
    const body = all.body as { seq: number; events: DiscussionEvent[]; more: boolean };
    expect(body.seq).toBe(3);
    expect(body.events.map((e) => [e.seq, e.type])).toEqual([
      [1, "thread:created"],
      [2, "comment:created"],
      [3, "comment:created"],
    ]);
    expect(body.more).toBe(false);
    const page = (await api.events(students[0], seminar.id, "?after=0&limit=2")).body as typeof body;
    expect(page.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(page.more).toBe(true);
    const rest = (await api.events(students[0], seminar.id, "?after=2&limit=2")).body as typeof body;
    expect(rest.events.map((e) => e.seq)).toEqual([3]);
    expect(rest.more).toBe(false);
    expect(((await api.events(students[0], seminar.id, "")).body as typeof body).events).toHaveLength(3);
  });
});

describe("mentions", () => {
  it("@handle of a member is stored as a Mention and listed in the comment's mentions; others are not", async () => {
    const { instructor, seminar, students } = await buildClass(["Zoë Ångström", "Bo"]);
    const [zoe, bo] = students;
    const stranger = await buildUser({ name: `Stranger ${randomUUID().slice(0, 6)}`, email: uniqueEmail("stranger") });
    expect(handleFor(zoe.user.name)).toMatch(/^zoe\.angstrom\.[a-z0-9]+$/);

    const t = await startThread(bo, seminar.id);
    const body = `@${handleFor(zoe.user.name)} and @${handleFor(instructor.user.name)}, see this. Not @${handleFor(stranger.user.name)}, not me (@${handleFor(bo.user.name)}), not \`@${handleFor(zoe.user.name)}\` twice.`;
    const r = await api.reply(bo, t.id, { body });
    expectStatus(r, 201);
    const c = comment(r);
    expect(c.mentions.map((m) => m.name).sort()).toEqual([zoe.user.name, instructor.user.name].sort());
    const rows = await db().mention.findMany({ where: { commentId: c.id } });
    expect(rows.map((m) => m.userId).sort()).toEqual([zoe.user.id, instructor.user.id].sort());
    expect(c.html).toContain(`<span class="mention">@${handleFor(zoe.user.name)}</span>`);

    // a handle of someone who joins later is not retroactively a mention; editing re-reads them
    await joinAs(stranger.actor, seminar);
    const edited = await api.edit(bo, c.id, { body: `Only @${handleFor(stranger.user.name)} now.` });
    expectStatus(edited, 200);
    expect(comment(edited).mentions.map((m) => m.name)).toEqual([stranger.user.name]);
    expect((await db().mention.findMany({ where: { commentId: c.id } })).map((m) => m.userId)).toEqual([stranger.user.id]);
    // and deleting the comment takes its mentions with it
    expectStatus(await api.remove(bo, c.id), 204);
    expect(await db().mention.count({ where: { commentId: c.id } })).toBe(0);
  });

  it("a thread's opening comment records its mentions too", async () => {
    const { seminar, students } = await buildClass(["Cleo", "Dax"]);
    const r = await api.createThread(students[0], seminar.id, { paragraphId: (await para(5)).id, body: `@${handleFor(students[1].user.name)} what do you make of this?` });
    expectStatus(r, 201);
    expect(thread(r).comments[0].mentions).toEqual([expect.objectContaining({ name: students[1].user.name, role: "student" })]);
    expect(await db().mention.count({ where: { comment: { threadId: thread(r).id } } })).toBe(1);
  });
});

describe("names hidden from students, over HTTP", () => {
  it("a student's GET /threads and /events name other students only as 'Student N'; the instructor's name them", async () => {
    const { instructor, seminar, students } = await buildClass(["Esther", "Felix"]);
    await updateSeminar(instructor.actor, seminar.id, { nameVisibility: "hidden_from_students" }, ORIGIN);
    const [esther, felix] = students;
    const t = await startThread(esther, seminar.id);
    const c = await replyTo(felix, t.id, "A reply.");
    await api.react(felix, t.comments[0].id, "insight");
    await api.react(esther, c.id, "agree");

    for (const [viewer, other] of [
      [esther, felix],
      [felix, esther],
    ] as const) {
      for (const r of [await api.threads(viewer, seminar.id), await api.events(viewer, seminar.id, "?after=0")]) {
        expectStatus(r, 200);
        for (const secret of [other.user.name, other.user.name.split(" ")[0], other.user.email, other.user.id]) expect(r.text).not.toContain(secret);
        expect(r.text).toMatch(/Student \d+/);
        expect(r.text).toContain(viewer.user.name); // yourself, by name
      }
    }
    const tText = (await api.threads(instructor, seminar.id)).text;
    expect(tText).toContain(esther.user.name);
    expect(tText).toContain(felix.user.name);
  });

  // With names hidden a student must not be able to learn which "Student N" a classmate is. The
  // server resolves @handles made from real names for everyone, and answers with the resolved
  // member (key and pseudonym): a student who guesses "@quentin.x" learns that Quentin is Student N.
  it("a student cannot find out which 'Student N' a classmate is by @mentioning the classmate's real name", async () => {
    const { instructor, seminar, students } = await buildClass(["Rosalind", "Quentin"]);
    await updateSeminar(instructor.actor, seminar.id, { nameVisibility: "hidden_from_students" }, ORIGIN);
    const [ros, que] = students;
    const t = await startThread(que, seminar.id, "Quentin's question.");
    const queAsSeen = listed(await api.threads(ros, seminar.id))[0].createdBy;
    expect(queAsSeen.name).toMatch(/^Student \d+$/);

    const probe = await api.reply(ros, t.id, { body: `@${handleFor(que.user.name)} is that you?` });
    expectStatus(probe, 201);
    const keysInAnswer = comment(probe).mentions.map((m) => m.key);
    const keysListed = listed(await api.threads(ros, seminar.id))[0].comments[1].mentions.map((m) => m.key);
    expect(keysInAnswer, "the answer tells Rosalind which pseudonym Quentin has").not.toContain(queAsSeen.key);
    expect(keysListed, "GET /threads tells Rosalind which pseudonym Quentin has").not.toContain(queAsSeen.key);
  });
});

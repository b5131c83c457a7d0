// The room loads what is looked at: GET /api/v1/seminars/:id/threads pages one paragraph's threads
// (or every paragraph's) by an opaque keyset cursor in the room's order, and the room page's
// per-paragraph summary counts what each viewer may see (lib/domain/threads/room.ts).
import { beforeEach, describe, expect, it } from "vitest";
import * as threadsRoute from "@/app/api/v1/seminars/[id]/threads/route";
import { db } from "@/lib/db/client";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { setHidden, updateThreadState } from "@/lib/domain/moderation/service";
import { compareThreads } from "@/lib/domain/threads/order";
import type { ThreadsPage } from "@/lib/domain/threads/present";
import { roomSummary } from "@/lib/domain/threads/room";
import { MAX_THREADS_PAGE } from "@/lib/domain/threads/schema";
import { setReaction, setResolved } from "@/lib/domain/threads/service";
import { buildClass, buildComment, buildThread, buildUser, seminarParagraphs, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type CallResult } from "../../helpers/http";

beforeEach(() => resetWriteLimits());

async function get(who: BuiltUser, seminarId: string, query = ""): Promise<CallResult> {
  return call(threadsRoute.GET, { url: `/api/v1/seminars/${seminarId}/threads${query}`, params: { id: seminarId }, auth: { cookie: await sessionCookie(who.user) } });
}
const pageOf = (r: CallResult) => {
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  return r.body as ThreadsPage;
};

/** Follows nextCursor to the end; returns every page's thread ids. */
async function allPages(who: BuiltUser, seminarId: string, query: string) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const p = pageOf(await get(who, seminarId, `?${query}${cursor ? `&cursor=${cursor}` : ""}`));
    pages.push(p.threads.map((t) => t.id));
    cursor = p.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

describe("GET /api/v1/seminars/:id/threads, paged", () => {
  it("pages one paragraph's threads by cursor in the room's order (prompts, pinned, the rest), and no other paragraph's", async () => {
    const { instructor, seminar, students } = await buildClass(["Ana"]);
    const [p1, p2] = await seminarParagraphs(instructor.actor, seminar.id);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await buildThread(students[0].actor, seminar.id, { paragraphId: p1.id, body: `Thread ${i}` }));
    const pinned = made[3];
    await updateThreadState(instructor.actor, pinned.id, { pinned: true });
    const prompt = await buildThread(instructor.actor, seminar.id, { paragraphId: p1.id, body: "A prompt?", kind: "prompt" });
    const other = await buildThread(students[0].actor, seminar.id, { paragraphId: p2.id });

    const pages = await allPages(students[0], seminar.id, `paragraph=${p1.number}&limit=2`);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
    expect(pages.flat()).toEqual([prompt.id, pinned.id, made[0].id, made[1].id, made[2].id, made[4].id]);
    expect(pages.flat()).not.toContain(other.id);

    // The same order as the room's compareThreads, threads in full with their comments.
    const one = pageOf(await get(students[0], seminar.id, `?paragraph=${p1.number}`));
    expect(one.nextCursor).toBeNull();
    expect(one.threads.map((t) => t.id)).toEqual([...one.threads].sort(compareThreads).map((t) => t.id));
    expect(one.threads[0].comments.map((c) => c.html)).toEqual(["<p>A prompt?</p>\n"]);
    expect(one.seq).toBeGreaterThan(0);

    // A paragraph with no threads: an empty last page.
    expect(pageOf(await get(students[0], seminar.id, `?paragraph=${p2.number + 1}`))).toMatchObject({ threads: [], nextCursor: null });
  });

  it("the unfiltered list is paged the same way across paragraphs, at most MAX_THREADS_PAGE per page", async () => {
    const { instructor, seminar, students } = await buildClass(["Ben"]);
    const [p1, p2, p3] = await seminarParagraphs(instructor.actor, seminar.id);
    const ids = [];
    for (const p of [p3, p1, p2, p1, p3]) ids.push((await buildThread(students[0].actor, seminar.id, { paragraphId: p.id })).id);
    const pages = await allPages(students[0], seminar.id, "limit=2");
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([ids[1], ids[3], ids[2], ids[0], ids[4]]);
    // Without a limit a page holds up to the documented maximum.
    const whole = pageOf(await get(students[0], seminar.id));
    expect(whole.threads).toHaveLength(5);
    expect(whole.nextCursor).toBeNull();
  });

  it("refuses a limit over the maximum, a bad paragraph, a malformed or foreign cursor with 400s naming the field", async () => {
    const { instructor, seminar, students } = await buildClass(["Cy"]);
    const [p1, p2] = await seminarParagraphs(instructor.actor, seminar.id);
    for (let i = 0; i < 3; i++) await buildThread(students[0].actor, seminar.id, { paragraphId: p1.id });
    const cy = students[0];

    const tooMany = await get(cy, seminar.id, `?limit=${MAX_THREADS_PAGE + 1}`);
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany).message).toBe(`limit: must be at most ${MAX_THREADS_PAGE}`);
    const zero = await get(cy, seminar.id, "?paragraph=0");
    expect(zero.status).toBe(400);
    expect(errorOf(zero).message).toMatch(/^paragraph: /);

    for (const bad of ["nonsense!", "bm90IGpzb24", Buffer.from(JSON.stringify([1, 2, "yesterday", "x"])).toString("base64url"), Buffer.from('{"a":1}').toString("base64url")]) {
      const r = await get(cy, seminar.id, `?paragraph=${p1.number}&cursor=${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(400);
      expect(errorOf(r)).toMatchObject({ code: "BAD_REQUEST" });
      expect(errorOf(r).message).toMatch(/^cursor: /);
    }
    const first = pageOf(await get(cy, seminar.id, `?paragraph=${p1.number}&limit=1`));
    expect(first.nextCursor).toBeTruthy();
    const elsewhere = await get(cy, seminar.id, `?paragraph=${p2.number}&cursor=${first.nextCursor}`);
    expect(elsewhere.status).toBe(400);
    expect(errorOf(elsewhere).message).toMatch(/^cursor: /);
  });

  it("a student outside the seminar cannot page its threads (404), and a student never receives hidden comments in a page", async () => {
    const { instructor, seminar, students } = await buildClass(["Di"]);
    const t = await buildThread(students[0].actor, seminar.id, { body: "Visible opener" });
    const hiddenReply = await buildComment(students[0].actor, t.id, "Hide me");
    await setHidden(instructor.actor, hiddenReply.id, true);
    const outsider = await buildUser();
    expect((await get(outsider, seminar.id, "?paragraph=1")).status).toBe(404);
    const asStudent = pageOf(await get(students[0], seminar.id, "?paragraph=1"));
    expect(asStudent.threads[0].comments.map((c) => c.id)).not.toContain(hiddenReply.id);
    const asInstructor = pageOf(await get(instructor, seminar.id, "?paragraph=1"));
    expect(asInstructor.threads[0].comments.map((c) => c.id)).toContain(hiddenReply.id);
  });
});

describe("the room's per-paragraph summary", () => {
  it("counts threads, comments, unresolved threads, questions, open questions and the viewer's own, per paragraph, as the viewer may see them", async () => {
    const { instructor, seminar, students } = await buildClass(["Eve", "Finn"]);
    const [eve, finn] = students;
    const [p1, p2] = await seminarParagraphs(instructor.actor, seminar.id);
    const asks = await buildThread(eve.actor, seminar.id, { paragraphId: p1.id, body: "Why here?" });
    await buildComment(finn.actor, asks.id, "Because.");
    const remark = await buildThread(finn.actor, seminar.id, { paragraphId: p1.id, body: "A remark." });
    const flagged = await buildComment(finn.actor, remark.id, "Flag me");
    await setReaction(eve.actor, flagged.id, "question", true);
    await setResolved(finn.actor, remark.id, { resolved: true });
    const hiddenThread = await buildThread(finn.actor, seminar.id, { paragraphId: p2.id, body: "Fine." });
    const hidden = await buildComment(finn.actor, hiddenThread.id, "Hidden words");
    await setHidden(instructor.actor, hidden.id, true);
    const prompt = await buildThread(instructor.actor, seminar.id, { paragraphId: p2.id, body: "Discuss the passage.", kind: "prompt", passage: { exact: p2.text.slice(0, 5), prefix: "", suffix: p2.text.slice(5, 20), start: 0, end: 5 } });

    const s = await roomSummary(eve.actor, seminar.id);
    expect(s.seq).toBe((await db().seminar.findUniqueOrThrow({ where: { id: seminar.id } })).lastSeq);
    expect(s.you).toMatch(/^m\d+$/);
    const [one, two] = s.paragraphs;
    expect(one).toMatchObject({
      paragraphId: p1.id,
      paragraphNumber: p1.number,
      all: { threads: 2, comments: 4 },
      unresolved: { threads: 1, comments: 2 },
      questions: { threads: 2, comments: 4 },
      openQuestions: 1,
      mine: { threads: 1, comments: 2 },
      author: null,
      passages: [],
    });
    // Eve (a student) never counts the hidden reply; the instructor does. Prompts count as threads.
    expect(two).toMatchObject({ paragraphId: p2.id, all: { threads: 2, comments: 2 }, passages: [[prompt.id, 0, 5]] });
    const teacher = await roomSummary(instructor.actor, seminar.id);
    expect(teacher.paragraphs[1].all).toEqual({ threads: 2, comments: 3 });
    // No paragraph without threads is listed.
    expect(s.paragraphs).toHaveLength(2);
  });

  it("counts the comments others wrote since the viewer's previous visit as unread, and an author's threads when filtered to them", async () => {
    const { instructor, seminar, students } = await buildClass(["Gus", "Hal"]);
    const [gus, hal] = students;
    const t = await buildThread(hal.actor, seminar.id, { body: "First" });
    await buildComment(gus.actor, t.id, "Gus's own reply");
    // First visit: everything others wrote is new.
    expect((await roomSummary(gus.actor, seminar.id)).paragraphs[0].unread).toBe(1);
    // Nothing happened since: nothing new.
    expect((await roomSummary(gus.actor, seminar.id)).paragraphs[0].unread).toBe(0);
    await new Promise((r) => setTimeout(r, 5)); // timestamps have millisecond precision
    await buildComment(hal.actor, t.id, "New one");
    await buildComment(gus.actor, t.id, "Not new to Gus: his");
    await buildThread(instructor.actor, seminar.id, { body: "Another" });
    expect((await roomSummary(gus.actor, seminar.id)).paragraphs[0].unread).toBe(2);
    expect(await db().membership.findUniqueOrThrow({ where: { seminarId_userId: { seminarId: seminar.id, userId: gus.user.id } } })).toHaveProperty("lastVisitAt");

    const halKey = (await roomSummary(hal.actor, seminar.id)).you;
    const filtered = await roomSummary(instructor.actor, seminar.id, { author: halKey });
    expect(filtered.paragraphs[0].author).toEqual({ threads: 1, comments: 4 });
    expect((await roomSummary(instructor.actor, seminar.id, { author: "m999" })).paragraphs[0].author).toEqual({ threads: 0, comments: 0 });
  });
});

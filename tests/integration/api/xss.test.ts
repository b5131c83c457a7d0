// Every known XSS vector posted as a comment over the JSON API comes back inert: as a reply, as a
// thread's opening comment and as an edit, in the write's own answer, in GET /threads and in the
// /events replay. The raw `body` is returned exactly as written to its author (it is Markdown
// source; it is the `html` that a page inserts), and to nobody else.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as threadsRoute from "@/app/api/v1/seminars/[id]/threads/route";
import * as eventsRoute from "@/app/api/v1/seminars/[id]/events/route";
import * as threadCommentsRoute from "@/app/api/v1/threads/[id]/comments/route";
import * as commentRoute from "@/app/api/v1/comments/[id]/route";
import { resetWriteLimits, WRITE_LIMIT } from "@/lib/domain/ratelimit";
import type { CommentView, ThreadView } from "@/lib/domain/threads/present";
import type { DiscussionEvent } from "@/lib/realtime/events";
import { XSS_VECTORS, xssProblems } from "../../fixtures/xss-vectors";
import { buildClass, buildThread, paragraphsOf, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type CallResult } from "../../helpers/http";

beforeEach(() => resetWriteLimits());

const cookie = async (who: BuiltUser) => ({ cookie: await sessionCookie(who.user) });
/** Vectors PostgreSQL cannot store (NUL) are refused at the door instead. */
const storable = (v: string) => !v.includes("\u0000");

/** Enough students that none of them reaches the write limit posting their share of the vectors. */
async function classFor(writes: number) {
  const n = Math.ceil(writes / (WRITE_LIMIT.count - 2));
  return buildClass(Array.from({ length: n }, (_, i) => `Writer${i}`));
}

function expectInert(html: string | null, vector: string, where: string) {
  expect(typeof html, `${where}: html of ${JSON.stringify(vector)}`).toBe("string");
  expect(xssProblems(html!), `${where}: ${JSON.stringify(vector)} -> ${html}`).toEqual([]);
}

/** Every comment GET /threads lists, following its pages (at most 50 threads each). */
async function everythingListed(who: BuiltUser, seminarId: string) {
  const threads: ThreadView[] = [];
  let cursor: string | null = null;
  do {
    const url = `/api/v1/seminars/${seminarId}/threads${cursor ? `?cursor=${cursor}` : ""}`;
    const r = await call(threadsRoute.GET, { url, params: { id: seminarId }, auth: await cookie(who) });
    expect(r.status).toBe(200);
    const page = r.body as { threads: ThreadView[]; nextCursor: string | null };
    threads.push(...page.threads);
    cursor = page.nextCursor;
  } while (cursor);
  return threads.flatMap((t) => t.comments);
}

async function everythingReplayed(who: BuiltUser, seminarId: string) {
  const comments: CommentView[] = [];
  for (let after = 0, more = true; more; ) {
    const r = await call(eventsRoute.GET, { url: `/api/v1/seminars/${seminarId}/events?after=${after}`, params: { id: seminarId }, auth: await cookie(who) });
    expect(r.status).toBe(200);
    const page = r.body as { events: DiscussionEvent[]; more: boolean };
    for (const e of page.events) {
      if (e.type === "thread:created") comments.push(...e.thread.comments);
      else if ("comment" in e) comments.push(e.comment);
    }
    more = page.more;
    after = page.events.at(-1)?.seq ?? after;
  }
  return comments;
}

function expectRefusedNul(r: CallResult) {
  expect(r.status, r.text).toBe(400);
  expect(errorOf(r).message).toBe("body: must not contain a NUL character");
}

describe("XSS vectors posted as comments come back sanitised", () => {
  it("the list is long enough, and its detector does flag live markup (so an empty list of problems means something)", () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(XSS_VECTORS).size).toBe(XSS_VECTORS.length);
    expect(xssProblems("<script>alert(1)</script>")).not.toEqual([]);
    expect(xssProblems('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(xssProblems('<p onclick="x()">x</p>')).not.toEqual([]);
    expect(xssProblems('<p>&lt;script&gt; <a href="https://example.org" rel="nofollow ugc noopener" target="_blank">x</a></p>')).toEqual([]);
  });

  it("as replies: each answer, GET /threads (instructor's and another student's) and the /events replay carry inert html and the body as written", async () => {
    const { instructor, seminar, students } = await classFor(XSS_VECTORS.length);
    const thread = await buildThread(instructor.actor, seminar.id, { body: "Post your worst." });
    const written = new Map<string, string>();
    const authorOf = new Map<string, string>();
    for (const [i, vector] of XSS_VECTORS.entries()) {
      const author = students[i % students.length];
      const r = await call(threadCommentsRoute.POST, { url: `/api/v1/threads/${thread.id}/comments`, params: { id: thread.id }, json: { body: vector }, auth: await cookie(author) });
      if (!storable(vector)) {
        expectRefusedNul(r);
        continue;
      }
      expect(r.status, `${JSON.stringify(vector)}: ${r.text}`).toBe(201);
      const c = r.body as CommentView;
      expect(c.body).toBe(vector);
      expectInert(c.html, vector, "POST answer");
      written.set(c.id, vector);
      authorOf.set(c.id, author.user.id);
    }
    expect(written.size).toBe(XSS_VECTORS.filter(storable).length);

    for (const viewer of [instructor, students[0]]) {
      const listed = (await everythingListed(viewer, seminar.id)).filter((c) => written.has(c.id));
      expect(listed).toHaveLength(written.size);
      for (const c of listed) {
        expect(c.body).toBe(authorOf.get(c.id) === viewer.user.id ? written.get(c.id) : null);
        expectInert(c.html, written.get(c.id)!, `GET /threads as ${viewer.user.name}`);
      }
      // each comment comes in its comment:created event and again inside the replayed thread:created
      const replayed = (await everythingReplayed(viewer, seminar.id)).filter((c) => written.has(c.id));
      expect(new Set(replayed.map((c) => c.id)).size).toBe(written.size);
      for (const c of replayed) {
        expect(c.body).toBe(authorOf.get(c.id) === viewer.user.id ? written.get(c.id) : null);
        expectInert(c.html, written.get(c.id)!, "/events replay");
      }
    }
  });

  it("as a thread's opening comment: inert in the POST answer and in GET /threads", async () => {
    const { seminar, students } = await classFor(XSS_VECTORS.length);
    const paragraphs = await paragraphsOf();
    const written = new Map<string, string>();
    const authorOf = new Map<string, string>();
    for (const [i, vector] of XSS_VECTORS.entries()) {
      const author = students[i % students.length];
      const r = await call(threadsRoute.POST, {
        url: `/api/v1/seminars/${seminar.id}/threads`,
        params: { id: seminar.id },
        json: { paragraphId: paragraphs[i % paragraphs.length].id, body: vector, clientId: randomUUID() },
        auth: await cookie(author),
      });
      if (!storable(vector)) {
        expectRefusedNul(r);
        continue;
      }
      expect(r.status, `${JSON.stringify(vector)}: ${r.text}`).toBe(201);
      const [opening] = (r.body as ThreadView).comments;
      expect(opening.body).toBe(vector);
      expectInert(opening.html, vector, "POST /threads answer");
      written.set(opening.id, vector);
      authorOf.set(opening.id, author.user.id);
    }
    const listed = (await everythingListed(students[0], seminar.id)).filter((c) => written.has(c.id));
    expect(listed).toHaveLength(written.size);
    for (const c of listed) {
      expect(c.body).toBe(authorOf.get(c.id) === students[0].user.id ? written.get(c.id) : null);
      expectInert(c.html, written.get(c.id)!, "GET /threads");
    }
  });

  it("as an edit: the PATCH answer and GET /threads carry inert html", async () => {
    const { seminar, students } = await classFor(XSS_VECTORS.length + 10);
    const thread = await buildThread(students[0].actor, seminar.id, { body: "Edit away." });
    // one harmless comment per student, each edited into one vector after another
    const own = new Map<string, string>();
    for (const s of students) {
      const r = await call(threadCommentsRoute.POST, { url: `/api/v1/threads/${thread.id}/comments`, params: { id: thread.id }, json: { body: "harmless" }, auth: await cookie(s) });
      expect(r.status).toBe(201);
      own.set(s.user.id, (r.body as CommentView).id);
    }
    const last = new Map<string, string>();
    for (const [i, vector] of XSS_VECTORS.entries()) {
      const author = students[i % students.length];
      const id = own.get(author.user.id)!;
      const r = await call(commentRoute.PATCH, { method: "PATCH", url: `/api/v1/comments/${id}`, params: { id }, json: { body: vector }, auth: await cookie(author) });
      if (!storable(vector)) {
        expectRefusedNul(r);
        continue;
      }
      expect(r.status, `${JSON.stringify(vector)}: ${r.text}`).toBe(200);
      expect((r.body as CommentView).body).toBe(vector);
      expectInert((r.body as CommentView).html, vector, "PATCH answer");
      last.set(id, vector);
    }
    const listed = (await everythingListed(students[0], seminar.id)).filter((c) => last.has(c.id));
    expect(listed).toHaveLength(last.size);
    for (const c of listed) {
      expect(c.body).toBe(c.id === own.get(students[0].user.id) ? last.get(c.id) : null);
      expectInert(c.html, last.get(c.id)!, "GET /threads after edits");
    }
  });
});

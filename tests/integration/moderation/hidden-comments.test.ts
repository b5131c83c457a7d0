// Hidden comments never reach students, over real Socket.IO connections (an in-process server)
// and over the HTTP routes: after an instructor hides a comment, its body and id appear in no
// student-facing payload (searched in the raw JSON text), except for the one "drop it" event
// (comment:removed { threadId, commentId }) that tells a student's open page to remove it.
// Instructors keep seeing it, marked hidden; showing it again brings it back to students live.
// Moderation events (endorse, lock, reports) reach the room in seq order like any other change.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { DiscussionEvent } from "@/lib/realtime/events";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import * as hiddenRoute from "@/app/api/v1/comments/[id]/hidden/route";
import * as endorsementRoute from "@/app/api/v1/comments/[id]/endorsement/route";
import * as commentReportsRoute from "@/app/api/v1/comments/[id]/reports/route";
import * as commentRoute from "@/app/api/v1/comments/[id]/route";
import * as reactionRoute from "@/app/api/v1/comments/[id]/reactions/[kind]/route";
import * as reportRoute from "@/app/api/v1/reports/[id]/route";
import * as seminarReportsRoute from "@/app/api/v1/seminars/[id]/reports/route";
import * as eventsRoute from "@/app/api/v1/seminars/[id]/events/route";
import * as threadsRoute from "@/app/api/v1/seminars/[id]/threads/route";
import * as threadRoute from "@/app/api/v1/threads/[id]/route";
import * as threadCommentsRoute from "@/app/api/v1/threads/[id]/comments/route";
import * as exportRoute from "@/app/api/v1/seminars/[id]/export/route";
import { updateSeminar } from "@/lib/domain/seminars/service";
import { renderMarkdown } from "@/lib/markdown/render";
import type { CommentView, ThreadView } from "@/lib/domain/threads/present";
import type { ReportReceipt } from "@/lib/domain/moderation/present";
import { buildClass, buildComment, buildThread, buildUser, joinAs, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call, type Handler } from "../../helpers/http";
import { discussion, drain, joined, startRealtimeServer, waitForSeq } from "../../helpers/realtime";

const { connectAs } = startRealtimeServer();

beforeEach(() => resetWriteLimits());

async function ask(handler: Handler, who: BuiltUser, method: string, path: string, params: Record<string, string>, json?: unknown) {
  return call(handler, { method, url: path, params, json, auth: { cookie: await sessionCookie(who.user) } });
}

/** The raw JSON text with every comment:removed event about `id` taken out: the one place a student may meet the id. */
function withoutRemovals(events: DiscussionEvent[], id: string): string {
  return JSON.stringify(events.filter((e) => !(e.type === "comment:removed" && e.commentId === id)));
}

async function seminarSeq(seminarId: string, who: BuiltUser) {
  const r = await ask(eventsRoute.GET, who, "GET", `/api/v1/seminars/${seminarId}/events?after=0`, { id: seminarId });
  return (r.body as { seq: number }).seq;
}

describe("a hidden comment never reaches students", () => {
  it("live, on replay, and over every HTTP route; instructors see it marked hidden; showing it brings it back", async () => {
    const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
    const [ana, ben] = students;
    const secret = `Secret insult ${randomUUID()}`;
    const secretOpening = `Secret opening ${randomUUID()}`;
    const thread = await buildThread(ana.actor, seminar.id, { body: "Ana asks about paragraph 1." });
    const reply = await buildComment(ben.actor, thread.id, secret);
    const other = await buildThread(ben.actor, seminar.id, { body: secretOpening });
    const otherReply = await buildComment(ana.actor, other.id, "Ana answers Ben's thread.");
    const openingId = other.comments[0].id;

    const [t, a, b] = [await connectAs(instructor), await connectAs(ana), await connectAs(ben)];
    for (const c of [t, a, b]) await joined(c, seminar.id);
    const from = { t: t.events.length, a: a.events.length, b: b.events.length };
    const n = await seminarSeq(seminar.id, instructor);

    // n+1, n+2: the instructor hides Ben's reply and the opening comment of Ben's thread.
    const hid = await ask(hiddenRoute.POST, instructor, "POST", `/api/v1/comments/${reply.id}/hidden`, { id: reply.id }, { reason: "Insulting" });
    expect(hid.status, hid.text).toBe(200);
    expect(hid.body).toMatchObject({ id: reply.id, hidden: true, html: renderMarkdown(secret) });
    const hidOpening = await ask(hiddenRoute.POST, instructor, "POST", `/api/v1/comments/${openingId}/hidden`, { id: openingId });
    expect(hidOpening.status, hidOpening.text).toBe(200);
    // n+3: any later event about it (here an endorsement) still reaches students only as "drop it".
    const endorsed = await ask(endorsementRoute.PUT, instructor, "PUT", `/api/v1/comments/${reply.id}/endorsement`, { id: reply.id });
    expect(endorsed.status, endorsed.text).toBe(200);

    for (const c of [t, a, b]) {
      await waitForSeq(c, n + 3);
      await drain(c);
    }
    // Students (the author Ben included): comment:removed, nothing else, and no body.
    for (const [c, start] of [
      [a, from.a],
      [b, from.b],
    ] as const) {
      const got = discussion(c, start);
      expect(got).toEqual([
        { type: "comment:removed", seq: n + 1, seminarId: seminar.id, paragraphId: thread.paragraphId, threadId: thread.id, commentId: reply.id },
        { type: "comment:removed", seq: n + 2, seminarId: seminar.id, paragraphId: other.paragraphId, threadId: other.id, commentId: openingId },
        { type: "comment:removed", seq: n + 3, seminarId: seminar.id, paragraphId: thread.paragraphId, threadId: thread.id, commentId: reply.id },
      ]);
      const raw = JSON.stringify(c.events.slice(start));
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(secretOpening);
      expect(raw).not.toContain("Insulting");
    }
    // The instructor: the comments' new state, marked hidden, bodies included.
    const tGot = discussion(t, from.t);
    expect(tGot.map((e) => [e.seq, e.type])).toEqual([
      [n + 1, "comment:updated"],
      [n + 2, "comment:updated"],
      [n + 3, "comment:updated"],
    ]);
    expect(tGot[0]).toMatchObject({ comment: { id: reply.id, hidden: true, html: renderMarkdown(secret) } });
    expect(tGot[1]).toMatchObject({ comment: { id: openingId, hidden: true, html: renderMarkdown(secretOpening) } });
    expect(tGot[2]).toMatchObject({ comment: { id: reply.id, hidden: true, endorsedBy: { role: "instructor" } } });

    // A student who joins now and replays everything from 0, over the socket and over /events.
    const cleo = await buildUser({ name: `Cleo ${randomUUID().slice(0, 6)}` });
    await joinAs(cleo.actor, seminar);
    const c = await connectAs(cleo);
    const cJoin = await joined(c, seminar.id, 0);
    expect(cJoin.events.length).toBeGreaterThan(0);
    for (const student of [ana, ben, cleo]) {
      const replay = await ask(eventsRoute.GET, student, "GET", `/api/v1/seminars/${seminar.id}/events?after=0`, { id: seminar.id });
      expect(replay.status).toBe(200);
      const events = (replay.body as { events: DiscussionEvent[] }).events;
      for (const text of [replay.text, JSON.stringify(cJoin.events)]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(secretOpening);
      }
      expect(withoutRemovals(events, reply.id)).not.toContain(reply.id);
      expect(withoutRemovals(events, openingId)).not.toContain(openingId);
      // the thread whose opening comment is hidden is still there, with Ana's visible answer
      const list = await ask(threadsRoute.GET, student, "GET", `/api/v1/seminars/${seminar.id}/threads`, { id: seminar.id });
      expect(list.status).toBe(200);
      for (const needle of [secret, secretOpening, reply.id, openingId]) expect(list.text).not.toContain(needle);
      const threads = (list.body as { threads: ThreadView[] }).threads;
      expect(threads.find((x) => x.id === other.id)?.comments.map((x) => x.id)).toEqual([otherReply.id]);
    }
    expect(withoutRemovals(cJoin.events, reply.id)).not.toContain(reply.id);

    // Exports: with whole transcripts allowed, no format a student can download holds the hidden
    // comments (raw bytes), while the instructor's export has them, marked.
    await updateSeminar(instructor.actor, seminar.id, { studentsMayExport: true }, "http://localhost");
    for (const format of ["markdown", "html", "csv", "jsonld"]) {
      for (const order of ["paragraph", "time"]) {
        const path = `/api/v1/seminars/${seminar.id}/export?format=${format}&order=${order}`;
        for (const student of [ana, ben]) {
          const r = await ask(exportRoute.GET, student, "GET", path, { id: seminar.id });
          expect(r.status, `${format}/${order}: ${r.text}`).toBe(200);
          expect(r.text).toContain("Ana answers Ben's thread."); // the whole transcript, not only their own
          for (const needle of [secret, secretOpening, reply.id, openingId, "Insulting"]) expect(r.text, `${format}/${order}`).not.toContain(needle);
        }
        const tExport = await ask(exportRoute.GET, instructor, "GET", path, { id: seminar.id });
        expect(tExport.text, `${format}/${order}`).toContain(secret);
      }
    }

    // Every comment route answers a student about a hidden comment as if it did not exist.
    const student404s: [string, () => Promise<Awaited<ReturnType<typeof call>>>][] = [
      ["edit (author)", () => ask(commentRoute.PATCH, ben, "PATCH", `/api/v1/comments/${reply.id}`, { id: reply.id }, { body: "Sorry" })],
      ["delete (author)", () => ask(commentRoute.DELETE, ben, "DELETE", `/api/v1/comments/${reply.id}`, { id: reply.id })],
      ["react", () => ask(reactionRoute.PUT, ana, "PUT", `/api/v1/comments/${reply.id}/reactions/agree`, { id: reply.id, kind: "agree" })],
      ["report", () => ask(commentReportsRoute.POST, ana, "POST", `/api/v1/comments/${reply.id}/reports`, { id: reply.id }, { reason: "Seen it before" })],
    ];
    for (const [what, run] of student404s) {
      const r = await run();
      expect(r.status, `${what}: ${r.text}`).toBe(404);
      expect(r.text).not.toContain(secret);
    }
    // ...while the instructor's list still has both, marked hidden.
    const tList = await ask(threadsRoute.GET, instructor, "GET", `/api/v1/seminars/${seminar.id}/threads`, { id: seminar.id });
    const tThreads = (tList.body as { threads: ThreadView[] }).threads;
    expect(tThreads.find((x) => x.id === thread.id)?.comments.find((x) => x.id === reply.id)).toMatchObject({ hidden: true, html: renderMarkdown(secret) });
    expect(tThreads.find((x) => x.id === other.id)?.comments[0]).toMatchObject({ id: openingId, hidden: true, html: renderMarkdown(secretOpening) });

    // Shown again: students get it back live, and in the list.
    const aFrom = a.events.length;
    const shown = await ask(hiddenRoute.DELETE, instructor, "DELETE", `/api/v1/comments/${reply.id}/hidden`, { id: reply.id });
    expect(shown.status, shown.text).toBe(200);
    await waitForSeq(a, n + 4);
    const back = discussion(a, aFrom);
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ type: "comment:updated", seq: n + 4, comment: { id: reply.id, hidden: false, html: renderMarkdown(secret), endorsedBy: { role: "instructor" } } });
    const aList = await ask(threadsRoute.GET, ana, "GET", `/api/v1/seminars/${seminar.id}/threads`, { id: seminar.id });
    expect((aList.body as { threads: ThreadView[] }).threads.find((x) => x.id === thread.id)?.comments.map((x) => x.id)).toContain(reply.id);
  });
});

describe("moderation events in the room", () => {
  it("endorse, lock and pin reach everyone in seq order; reports reach instructors as a count and students as withheld", async () => {
    const { instructor, seminar, students } = await buildClass(["Dora", "Eli"]);
    const [dora, eli] = students;
    const thread = await buildThread(dora.actor, seminar.id, { body: "Dora's thread" });
    const reply = await buildComment(eli.actor, thread.id, "Eli's reply");
    const [t, d, e] = [await connectAs(instructor), await connectAs(dora), await connectAs(eli)];
    for (const c of [t, d, e]) await joined(c, seminar.id);
    const from = [t, d, e].map((c) => c.events.length);
    const n = await seminarSeq(seminar.id, instructor);
    const reason = `Reason ${randomUUID()}`;

    expect((await ask(endorsementRoute.PUT, instructor, "PUT", `/api/v1/comments/${reply.id}/endorsement`, { id: reply.id })).status).toBe(200); // n+1
    expect((await ask(threadRoute.PATCH, instructor, "PATCH", `/api/v1/threads/${thread.id}`, { id: thread.id }, { locked: true, pinned: true })).status).toBe(200); // n+2, n+3
    const filed = await ask(commentReportsRoute.POST, dora, "POST", `/api/v1/comments/${reply.id}/reports`, { id: reply.id }, { reason }); // n+4
    expect(filed.status, filed.text).toBe(201);
    const handled = await ask(reportRoute.PATCH, instructor, "PATCH", `/api/v1/reports/${(filed.body as ReportReceipt).id}`, { id: (filed.body as ReportReceipt).id }, { handled: true }); // n+5
    expect(handled.status, handled.text).toBe(200);

    for (const c of [t, d, e]) {
      await waitForSeq(c, n + 5);
      await drain(c);
    }
    const [tGot, dGot, eGot] = [discussion(t, from[0]), discussion(d, from[1]), discussion(e, from[2])];
    for (const got of [tGot, dGot, eGot]) expect(got.map((x) => x.seq)).toEqual([n + 1, n + 2, n + 3, n + 4, n + 5]);
    expect(tGot.map((x) => x.type)).toEqual(["comment:updated", "thread:updated", "thread:updated", "reports:changed", "reports:changed"]);
    expect(tGot.slice(3)).toEqual([
      { type: "reports:changed", seq: n + 4, seminarId: seminar.id, open: 1 },
      { type: "reports:changed", seq: n + 5, seminarId: seminar.id, open: 0 },
    ]);
    for (const got of [dGot, eGot]) {
      expect(got.map((x) => x.type)).toEqual(["comment:updated", "thread:updated", "thread:updated", "event:withheld", "event:withheld"]);
      expect(got[0]).toMatchObject({ comment: { id: reply.id, endorsedBy: { name: instructor.user.name, role: "instructor" } } });
      expect(got[1]).toMatchObject({ thread: { id: thread.id, locked: true, pinned: false } });
      expect(got[2]).toMatchObject({ thread: { id: thread.id, locked: true, pinned: true } });
    }
    // The reason, and who reported, are the instructors' business.
    for (const c of [d, e]) expect(JSON.stringify(c.events)).not.toContain(reason);
    const students403 = await ask(seminarReportsRoute.GET, eli, "GET", `/api/v1/seminars/${seminar.id}/reports`, { id: seminar.id });
    expect(students403.status).toBe(403);
    expect(students403.text).not.toContain(reason);

    // The locked thread refuses the reply; the refusal is no event.
    const refused = await ask(threadCommentsRoute.POST, eli, "POST", `/api/v1/threads/${thread.id}/comments`, { id: thread.id }, { body: "One more thing" });
    expect(refused.status).toBe(409);
    await drain(e);
    expect(discussion(e, from[2]).length).toBe(5);
    expect(((await ask(threadsRoute.GET, eli, "GET", `/api/v1/seminars/${seminar.id}/threads`, { id: seminar.id })).body as { threads: ThreadView[] }).threads[0].comments.map((x: CommentView) => x.endorsedBy?.role ?? null)).toEqual([null, "instructor"]);
  });
});

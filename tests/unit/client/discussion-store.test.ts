import { describe, expect, it } from "vitest";
import { applyEvents, initialState, reset } from "@/lib/client/discussion-store";
import type { CommentView, ThreadView } from "@/lib/domain/threads/present";
import type { DiscussionEvent } from "@/lib/realtime/events";

const who = { key: "m1", name: "Ann", role: "student" as const };
function comment(id: string, threadId: string, at: string, extra: Partial<CommentView> = {}): CommentView {
  return { id, threadId, author: who, body: id, html: `<p>${id}</p>`, createdAt: at, editedAt: null, deletedAt: null, clientId: null, reactions: [], mentions: [], hidden: false, endorsedBy: null, ...extra };
}
function thread(id: string, comments: CommentView[]): ThreadView {
  return { id, seminarId: "s", paragraphId: "p", paragraphNumber: 1, passage: null, resolved: false, resolvedAt: null, resolvedBy: null, createdBy: who, createdAt: comments[0].createdAt, kind: "discussion", locked: false, pinned: false, comments };
}
const created = (seq: number, t: ThreadView): DiscussionEvent => ({ type: "thread:created", seq, seminarId: "s", thread: t });
const added = (seq: number, c: CommentView): DiscussionEvent => ({ type: "comment:created", seq, seminarId: "s", comment: c });

describe("the room's discussion store", () => {
  const t1 = thread("t1", [comment("c1", "t1", "2026-01-01T00:00:01Z")]);

  it("applies events in seq order and drops duplicates", () => {
    let r = applyEvents(initialState(0, []), [created(1, t1)]);
    r = applyEvents(r.state, [added(2, comment("c2", "t1", "2026-01-01T00:00:02Z")), created(1, t1), added(2, comment("c2", "t1", "2026-01-01T00:00:02Z"))]);
    expect(r.state.seq).toBe(2);
    expect(r.state.threads.t1.comments.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(r.gap).toBe(false);
  });

  it("holds an event that skips a seq, reports the gap, and applies both once the gap is filled", () => {
    let r = applyEvents(initialState(0, []), [created(1, t1)]);
    r = applyEvents(r.state, [added(3, comment("c3", "t1", "2026-01-01T00:00:03Z"))]);
    expect(r.gap).toBe(true);
    expect(r.state.seq).toBe(1);
    expect(r.state.threads.t1.comments).toHaveLength(1);
    r = applyEvents(r.state, [added(2, comment("c2", "t1", "2026-01-01T00:00:02Z"))]);
    expect(r.gap).toBe(false);
    expect(r.state.seq).toBe(3);
    expect(r.applied.map((e) => e.seq)).toEqual([2, 3]);
    expect(r.state.threads.t1.comments.map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
  });

  it("keeps a deleted comment as a placeholder only while a reply follows it", () => {
    const c1 = comment("c1", "t1", "2026-01-01T00:00:01Z");
    const c2 = comment("c2", "t1", "2026-01-01T00:00:02Z");
    let r = applyEvents(initialState(0, []), [created(1, thread("t1", [c1, c2]))]);
    r = applyEvents(r.state, [{ type: "comment:deleted", seq: 2, seminarId: "s", comment: { ...c1, body: null, html: null, deletedAt: "2026-01-01T00:01:00Z" } }]);
    expect(r.state.threads.t1.comments.map((c) => [c.id, c.deletedAt !== null])).toEqual([
      ["c1", true],
      ["c2", false],
    ]);
    r = applyEvents(r.state, [{ type: "comment:deleted", seq: 3, seminarId: "s", comment: { ...c2, body: null, html: null, deletedAt: "2026-01-01T00:02:00Z" } }]);
    expect(r.state.threads.t1.comments).toEqual([]);
  });

  it("a fresh list replaces the threads and keeps only held events that are newer", () => {
    let r = applyEvents(initialState(0, []), [added(5, comment("c5", "t1", "2026-01-01T00:00:05Z"))]);
    expect(r.gap).toBe(true);
    r = reset(r.state, 4, [t1]);
    expect(r.state.seq).toBe(5);
    expect(r.state.threads.t1.comments.map((c) => c.id)).toEqual(["c1", "c5"]);
    expect(r.gap).toBe(false);
  });
});

// The room's store and announcer for issue 12: thread:deleted removes a thread (loaded or not)
// from the store and the margin's counts; what the live region says under each setting.
import { describe, expect, it } from "vitest";
import { applyEvents, emptySummary, initialState, resetThreads, threadsOf } from "@/lib/client/discussion-store";
import type { CommentView, PersonView, ThreadView } from "@/lib/domain/threads/present";
import type { DiscussionEvent } from "@/lib/realtime/events";
import { describeEvents } from "@/app/seminars/[id]/room/use-announcer";
import { countNew } from "@/app/seminars/[id]/room/use-live-feed";

const ann: PersonView = { key: "m1", name: "Ann", role: "student" };
const bob: PersonView = { key: "m2", name: "Bob", role: "student" };
function comment(id: string, threadId: string, author = ann, extra: Partial<CommentView> = {}): CommentView {
  return { id, threadId, author, body: null, html: `<p>${id}</p>`, createdAt: `2026-01-01T00:00:0${id.slice(-1)}Z`, editedAt: null, deletedAt: null, clientId: null, reactions: [], mentions: [], hidden: false, endorsedBy: null, ...extra };
}
function thread(id: string, comments: CommentView[], createdBy = ann): ThreadView {
  return { id, seminarId: "s", paragraphId: "p", paragraphNumber: 5, passage: { exact: "x", prefix: "", suffix: "", start: 0, end: 1 }, resolved: false, resolvedAt: null, resolvedBy: null, createdBy, createdAt: comments[0].createdAt, kind: "discussion", locked: false, pinned: false, comments };
}
const gone = (seq: number, threadId: string, commentId: string): DiscussionEvent => ({ type: "thread:deleted", seq, seminarId: "s", paragraphId: "p", threadId, commentId });

describe("thread:deleted in the store", () => {
  it("drops a loaded thread and its counts and passage", () => {
    const s0 = initialState(0, [thread("t1", [comment("c1", "t1")]), thread("t2", [comment("c2", "t2", bob)], bob)], [], { you: "m1", author: null });
    expect(s0.paragraphs.p.summary.all).toEqual({ threads: 2, comments: 2 });
    const { state } = applyEvents(s0, [gone(1, "t1", "c1")]);
    expect(threadsOf(state, "p").map((t) => t.id)).toEqual(["t2"]);
    expect(state.threads.t1).toBeUndefined();
    expect(state.paragraphs.p.summary.all).toEqual({ threads: 1, comments: 1 });
    expect(state.paragraphs.p.summary.mine).toEqual({ threads: 0, comments: 0 });
    expect(state.paragraphs.p.summary.passages.map((x) => x[0])).toEqual(["t2"]);
  });

  it("takes a thread that is not loaded off its paragraph's summary", () => {
    const s0 = initialState(0, [], [{ ...emptySummary("p", 5), all: { threads: 2, comments: 3 }, passages: [["t9", 0, 1]] }]);
    const { state } = applyEvents(s0, [gone(1, "t9", "c9")]);
    expect(state.paragraphs.p.summary.all).toEqual({ threads: 1, comments: 2 });
    expect(state.paragraphs.p.summary.passages).toEqual([]);
  });

  it("resetThreads forgets loaded threads and keeps the summaries and seq", () => {
    const s0 = initialState(7, [thread("t1", [comment("c1", "t1")])]);
    const s1 = resetThreads(s0);
    expect(s1.seq).toBe(7);
    expect(s1.threads).toEqual({});
    expect(s1.paragraphs.p).toMatchObject({ ids: [], status: "idle", summary: s0.paragraphs.p.summary });
  });
});

describe("what the live region says", () => {
  const mine = thread("t1", [comment("c1", "t1")]);
  const others = thread("t2", [comment("c2", "t2", bob)], bob);
  const before = initialState(0, [mine, others], [], { you: "m1", author: null });
  const reply = (seq: number, t: string, extra: Partial<CommentView> = {}): DiscussionEvent => ({ type: "comment:created", seq, seminarId: "s", comment: comment(`r${seq}`, t, bob, extra) });

  it("everything: every reply by others; mentions and my threads: only those that concern you; off: nothing", () => {
    expect(describeEvents([reply(1, "t2")], before, "m1", "all")).toBe("Bob posted a new reply.");
    expect(describeEvents([reply(1, "t2")], before, "m1", "mine")).toBeNull();
    expect(describeEvents([reply(1, "t1")], before, "m1", "mine")).toBe("Bob posted a new reply.");
    expect(describeEvents([reply(1, "t2", { mentions: [ann] })], before, "m1", "mine")).toBe("Bob mentioned you in a reply.");
    expect(describeEvents([reply(1, "t1")], before, "m1", "off")).toBeNull();
  });

  it("reactions to your comment, resolves of your thread, and hides of your comment", () => {
    const reacted: DiscussionEvent = { type: "reaction:changed", seq: 1, seminarId: "s", comment: { ...mine.comments[0], reactions: [{ kind: "insight", count: 1, who: [bob] }] } };
    expect(describeEvents([reacted], before, "m1", "mine")).toBe("Bob reacted Insight to your comment.");
    const resolved: DiscussionEvent = { type: "thread:updated", seq: 1, seminarId: "s", thread: { ...mine, resolved: true, resolvedBy: bob } };
    expect(describeEvents([resolved], before, "m1", "mine")).toBe("Bob resolved your thread on paragraph 5.");
    const removed: DiscussionEvent = { type: "comment:removed", seq: 1, seminarId: "s", threadId: "t1", commentId: "c1" };
    expect(describeEvents([removed], before, "m1", "mine")).toBe("An instructor hid your comment on paragraph 5.");
    const edited: DiscussionEvent = { type: "comment:updated", seq: 1, seminarId: "s", comment: { ...others.comments[0], editedAt: "2026-01-02T00:00:00Z" } };
    expect(describeEvents([edited], before, "m1", "all")).toBe("Bob edited a comment on paragraph 5.");
    expect(describeEvents([edited], before, "m1", "mine")).toBeNull();
  });

  it("your own posts are not announced as someone else's (the author hears \"Posted\" from say())", () => {
    const own: DiscussionEvent = { type: "comment:created", seq: 1, seminarId: "s", comment: comment("c7", "t2", { ...ann, name: "Student 1" }) };
    expect(describeEvents([own], before, "m1", "all")).toBeNull();
  });

  it("a paused feed counts new threads and replies by others, each seq once", () => {
    expect(countNew([reply(1, "t2"), reply(1, "t2"), reply(2, "t1"), { type: "comment:created", seq: 3, seminarId: "s", comment: comment("c3", "t1") }], "m1")).toBe(2);
  });
});

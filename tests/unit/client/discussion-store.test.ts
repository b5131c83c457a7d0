import { describe, expect, it } from "vitest";
import { applyEvents, createGapFiller, emptySummary, initialState, loadFailed, markSeen, mergePage, startLoading, threadsOf, type ApplyResult, type DiscussionState, type EventsPage } from "@/lib/client/discussion-store";
import type { CommentView, ParagraphSummary, ThreadView } from "@/lib/domain/threads/present";
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

  it("keeps the Markdown it holds for a comment when a broadcast (body null) brings the same text, and drops it after an edit", () => {
    const mine = comment("c1", "t1", "2026-01-01T00:00:01Z", { body: "my *md*", html: "<p>my <em>md</em></p>" });
    let r = applyEvents(initialState(0, [thread("t1", [mine])]), [
      { type: "reaction:changed", seq: 1, seminarId: "s", comment: { ...mine, body: null, reactions: [{ kind: "agree", count: 1, who: [who] }] } },
    ]);
    expect(r.state.threads.t1.comments[0]).toMatchObject({ body: "my *md*", reactions: [{ kind: "agree", count: 1 }] });
    r = applyEvents(r.state, [{ type: "comment:updated", seq: 2, seminarId: "s", comment: { ...mine, body: null, html: "<p>edited</p>", editedAt: "2026-01-01T00:05:00Z" } }]);
    expect(r.state.threads.t1.comments[0]).toMatchObject({ body: null, html: "<p>edited</p>" });
  });
});

describe("the store, keyed by paragraph", () => {
  const at = (n: number) => `2026-01-01T00:00:${String(n).padStart(2, "0")}Z`;
  const inP = (id: string, paragraphId: string, comments: CommentView[], extra: Partial<ThreadView> = {}): ThreadView => ({
    ...thread(id, comments),
    paragraphId,
    paragraphNumber: paragraphId === "p1" ? 1 : 2,
    ...extra,
  });
  const summary = (paragraphId: string, extra: Partial<ParagraphSummary> = {}): ParagraphSummary => ({ ...emptySummary(paragraphId, paragraphId === "p1" ? 1 : 2), ...extra });
  const viewer = { you: "m1", author: null };

  it("a live reply in a paragraph that is not loaded bumps only that paragraph's summary; other paragraphs keep their very objects", () => {
    const open = inP("t1", "p1", [comment("c1", "t1", at(1))]);
    const s0 = initialState(4, [open], [summary("p2", { all: { threads: 3, comments: 9 }, unread: 2 })], viewer);
    const p1 = s0.paragraphs.p1;
    const list = threadsOf(s0, "p1");
    const r = applyEvents(s0, [{ type: "comment:created", seq: 5, seminarId: "s", paragraphId: "p2", comment: comment("c9", "tX", at(9), { author: { key: "m2", name: "Bo", role: "student" } }) }]);
    expect(r.state.paragraphs.p2.summary.all).toEqual({ threads: 3, comments: 10 });
    expect(r.state.paragraphs.p2.summary.unread).toBe(2);
    expect(r.state.paragraphs.p1).toBe(p1);
    expect(r.state.threads.t1).toBe(s0.threads.t1);
    expect(threadsOf(r.state, "p1")).toEqual(list);
    expect(threadsOf(r.state, "p1")[0]).toBe(list[0]);
  });

  it("counts of a complete paragraph follow its threads exactly: resolving moves a thread out of unresolved, a question reaction makes it a question", () => {
    const t = inP("t1", "p1", [comment("c1", "t1", at(1)), comment("c2", "t1", at(2), { author: { key: "m2", name: "Bo", role: "student" } })]);
    let r = applyEvents(initialState(0, [t], [], viewer), [{ type: "thread:updated", seq: 1, seminarId: "s", thread: { ...t, resolved: true } }]);
    expect(r.state.paragraphs.p1.summary).toMatchObject({ all: { threads: 1, comments: 2 }, unresolved: { threads: 0, comments: 0 }, mine: { threads: 1, comments: 2 }, openQuestions: 0 });
    r = applyEvents(r.state, [{ type: "reaction:changed", seq: 2, seminarId: "s", paragraphId: "p1", comment: comment("c2", "t1", at(2), { reactions: [{ kind: "question", count: 1, who: [who] }] }) }]);
    expect(r.state.paragraphs.p1.summary.questions).toEqual({ threads: 1, comments: 2 });
  });

  it("a paragraph partly loaded keeps the server's counts and adjusts them by the loaded thread's change", () => {
    const t = inP("t1", "p1", [comment("c1", "t1", at(1))]);
    let s = initialState(3, [], [summary("p1", { all: { threads: 60, comments: 300 }, unresolved: { threads: 40, comments: 200 } })], viewer);
    s = startLoading(s, "p1", 1);
    expect(s.paragraphs.p1.status).toBe("loading");
    s = mergePage(s, "p1", { seq: 3, threads: [t], nextCursor: "more" });
    expect(s.paragraphs.p1).toMatchObject({ status: "partial", cursor: "more", ids: ["t1"] });
    const r = applyEvents(s, [{ type: "thread:updated", seq: 4, seminarId: "s", thread: { ...t, resolved: true } }]);
    expect(r.state.paragraphs.p1.summary.all).toEqual({ threads: 60, comments: 300 });
    expect(r.state.paragraphs.p1.summary.unresolved).toEqual({ threads: 39, comments: 199 });
  });

  it("events that arrive while a page loads are re-applied over the page when it was read before them, without counting them twice", () => {
    const t = inP("t1", "p1", [comment("c1", "t1", at(1))]);
    let s = initialState(3, [], [summary("p1", { all: { threads: 1, comments: 1 } })], viewer);
    s = startLoading(s, "p1", 1);
    // The reply is committed after the page was read (page seq 3) but arrives before the page does.
    s = applyEvents(s, [{ type: "comment:created", seq: 4, seminarId: "s", paragraphId: "p1", comment: comment("c2", "t1", at(2)) }]).state;
    expect(s.paragraphs.p1.summary.all).toEqual({ threads: 1, comments: 2 });
    s = mergePage(s, "p1", { seq: 3, threads: [t], nextCursor: null });
    expect(s.threads.t1.comments.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(s.paragraphs.p1).toMatchObject({ status: "complete", buffered: [] });
    expect(s.paragraphs.p1.summary.all).toEqual({ threads: 1, comments: 2 });
  });

  it("a failed load goes back to where it was; opening a paragraph clears its unread count; a new thread's passage is marked at once", () => {
    let s = initialState(0, [], [summary("p2", { unread: 3 })], viewer);
    s = loadFailed(startLoading(s, "p2", 2), "p2");
    expect(s.paragraphs.p2.status).toBe("idle");
    s = markSeen(s, "p2");
    expect(s.paragraphs.p2.summary.unread).toBe(0);
    const withPassage = inP("t7", "p2", [comment("c7", "t7", at(7))], { passage: { exact: "word", prefix: "", suffix: "", start: 4, end: 8 } });
    s = applyEvents(s, [created(1, withPassage)]).state;
    expect(s.paragraphs.p2.summary.passages).toEqual([["t7", 4, 8]]);
    expect(s.paragraphs.p2.summary.all).toEqual({ threads: 1, comments: 1 });
  });
});

describe("filling gaps from /events", () => {
  const c = (n: number) => comment(`c${n}`, "t1", `2026-01-01T00:00:${String(n).padStart(2, "0")}Z`);
  const t1 = thread("t1", [c(1)]);
  /** The server's log: seq 1 creates the thread, seq n > 1 adds comment n. */
  const log = (n: number): DiscussionEvent => (n === 1 ? created(1, t1) : added(n, c(n)));

  /** A store, a fake server (pages of `pageSize` after a seq, up to `serverSeq`), and the filler between them. */
  function harness(start: DiscussionState, serverSeq: { value: number }, pageSize = 100) {
    let state = start;
    const fetched: number[] = [];
    let duringFetch: ((after: number) => void) | null = null;
    const receive = (events: DiscussionEvent[]) => (state = applyEvents(state, events).state);
    const filler = createGapFiller({
      get: () => state,
      apply: (r: ApplyResult) => (state = r.state),
      fetchAfter: async (after): Promise<EventsPage> => {
        fetched.push(after);
        const upTo = Math.min(serverSeq.value, after + pageSize);
        const page = { events: Array.from({ length: Math.max(0, upTo - after) }, (_, i) => log(after + 1 + i)), more: upTo < serverSeq.value };
        await Promise.resolve();
        duringFetch?.(after);
        return page;
      },
    });
    return { filler, fetched, receive, state: () => state, onFetch: (fn: (after: number) => void) => (duringFetch = fn) };
  }

  it("a gap that opens while a fill is in flight is fetched again at once, not left for the next event", async () => {
    const server = { value: 3 };
    const h = harness(initialState(0, []), server);
    h.receive([log(3)]); // 3 arrives live, 1 and 2 are missing
    expect(h.state().seq).toBe(0);
    h.onFetch((after) => {
      if (after !== 0) return;
      // While the first fetch is in flight: 4 and 5 are written; 4 is lost (a reconnect), 5 arrives.
      server.value = 5;
      h.receive([log(5)]);
    });
    await h.filler.fill();
    expect(h.fetched).toEqual([0, 3]);
    expect(h.state().seq).toBe(5);
    expect(h.state().held).toEqual({});
    expect(h.state().threads.t1.comments.map((x) => x.id)).toEqual(["c1", "c2", "c3", "c4", "c5"]);
  });

  it("pages through `more`, and stops after a fetch that brings nothing new (no loop)", async () => {
    const server = { value: 7 };
    const h = harness(initialState(0, []), server, 3);
    h.receive([log(7)]);
    await h.filler.fill();
    expect(h.fetched).toEqual([0, 3, 7]); // the page after 3 said "more"; 7 was already held, so the last page is empty
    expect(h.state().seq).toBe(7);

    // A gap the server cannot close (held 10 while it only has 7): one fetch, then the fill ends.
    const stuck = harness(initialState(7, [t1]), { value: 7 });
    stuck.receive([log(10)]);
    await stuck.filler.fill();
    expect(stuck.fetched).toEqual([7]);
    expect(Object.keys(stuck.state().held)).toEqual(["10"]);
  });

  it("a fill asked for while one runs joins it, and a failed fetch ends the fill without throwing", async () => {
    const server = { value: 2 };
    const h = harness(initialState(0, []), server);
    h.receive([log(2)]);
    await Promise.all([h.filler.fill(), h.filler.fill()]);
    expect(h.fetched).toEqual([0]);
    expect(h.state().seq).toBe(2);

    const failing = createGapFiller({
      get: () => initialState(0, []),
      apply: () => {},
      fetchAfter: () => Promise.reject(new Error("offline")),
    });
    await expect(failing.fill()).resolves.toBeUndefined();
  });
});

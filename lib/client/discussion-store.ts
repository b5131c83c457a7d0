// The room's view of a seminar's discussion, as a pure reducer over the server's events.
// Events carry a per-seminar seq with no gaps: an event at or below the applied seq is a
// duplicate and is dropped; one beyond the next is held until the gap is filled (from
// /events?after=), so every change is applied once, in order. Unit-tested in
// tests/unit/client/discussion-store.test.ts.
import type { DiscussionEvent } from "@/lib/realtime/events";
import type { CommentView, ThreadMeta, ThreadView } from "@/lib/domain/threads/present";

export interface DiscussionState {
  /** The last seq applied. */
  seq: number;
  threads: Record<string, ThreadView>;
  /** Events that arrived ahead of a gap, by seq. */
  held: Record<number, DiscussionEvent>;
}

export const initialState = (seq: number, threads: ThreadView[]): DiscussionState => ({
  seq,
  threads: Object.fromEntries(threads.map((t) => [t.id, t])),
  held: {},
});

/** Deleted comments stay as placeholders only where a live reply follows them (as on the server). */
function tidy(comments: CommentView[]): CommentView[] {
  const sorted = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  let lastLive = -1;
  sorted.forEach((c, i) => {
    if (!c.deletedAt) lastLive = i;
  });
  return sorted.filter((c, i) => !c.deletedAt || i < lastLive);
}

function upsertComment(thread: ThreadView, comment: CommentView): ThreadView {
  const known = thread.comments.find((c) => c.id === comment.id);
  // Broadcasts carry no Markdown (body goes only in the author's own responses): keep the body
  // we already hold for our own comment while its text is unchanged (same editedAt), so the
  // editor need not ask /source for it. An edit elsewhere drops it: the editor then asks.
  const kept = comment.body === null && !comment.deletedAt && known?.body != null && known.editedAt === comment.editedAt ? { ...comment, body: known.body } : comment;
  const others = thread.comments.filter((c) => c.id !== comment.id);
  return { ...thread, comments: tidy([...others, kept]) };
}

function applyOne(threads: Record<string, ThreadView>, e: DiscussionEvent): Record<string, ThreadView> {
  switch (e.type) {
    case "thread:created": {
      const existing = threads[e.thread.id];
      const merged = existing ? e.thread.comments.reduce(upsertComment, { ...existing, ...e.thread, comments: existing.comments }) : { ...e.thread, comments: tidy(e.thread.comments) };
      return { ...threads, [e.thread.id]: merged };
    }
    case "thread:updated": {
      const existing = threads[e.thread.id];
      if (!existing) return threads; // its thread:created comes in the same replay or a refetch
      return { ...threads, [e.thread.id]: { ...existing, ...(e.thread as ThreadMeta) } };
    }
    case "comment:removed": {
      // A comment this viewer may no longer see (hidden by an instructor): drop it.
      const existing = threads[e.threadId];
      if (!existing) return threads;
      return { ...threads, [existing.id]: { ...existing, comments: tidy(existing.comments.filter((c) => c.id !== e.commentId)) } };
    }
    case "reports:changed":
    case "event:withheld":
      return threads; // nothing in the threads changed; the room header follows reports:changed
    default: {
      const existing = threads[e.comment.threadId];
      if (!existing) return threads;
      return { ...threads, [existing.id]: upsertComment(existing, e.comment) };
    }
  }
}

export interface ApplyResult {
  state: DiscussionState;
  /** Events applied now, in order (for announcements). */
  applied: DiscussionEvent[];
  /** True when events are held behind a missing seq: fetch /events?after=state.seq. */
  gap: boolean;
}

export function applyEvents(state: DiscussionState, events: DiscussionEvent[]): ApplyResult {
  const held = { ...state.held };
  for (const e of events) if (e.seq > state.seq) held[e.seq] = e;
  let { seq, threads } = state;
  const applied: DiscussionEvent[] = [];
  while (held[seq + 1]) {
    const e = held[seq + 1];
    delete held[seq + 1];
    threads = applyOne(threads, e);
    applied.push(e);
    seq += 1;
  }
  return { state: { seq, threads, held }, applied, gap: Object.keys(held).length > 0 };
}

/** Replaces the threads wholesale (a fresh GET /threads), keeping held events that are newer. */
export function reset(state: DiscussionState, seq: number, threads: ThreadView[]): ApplyResult {
  const held = Object.fromEntries(Object.entries(state.held).filter(([s]) => Number(s) > seq));
  return applyEvents({ seq, threads: initialState(seq, threads).threads, held: {} }, Object.values(held));
}

/** True when events are held behind a missing seq. */
export const hasGap = (state: DiscussionState) => Object.keys(state.held).length > 0;

export interface EventsPage {
  events: DiscussionEvent[];
  more: boolean;
}

export interface GapFillerOptions {
  /** The store as it is now (events keep arriving while a fetch is in flight). */
  get: () => DiscussionState;
  /** Applies a result to the store (commit and announce). */
  apply: (result: ApplyResult) => void;
  /** GET /events?after=seq. */
  fetchAfter: (seq: number) => Promise<EventsPage>;
  /** Upper bound on fetches per fill, so a server that never closes the gap cannot make a loop. */
  maxFetches?: number;
}

/**
 * Fills gaps from /events?after=, one fill at a time. The rule that matters: when a fill ends
 * and events are still held beyond a gap (a gap that opened while the fill was in flight, e.g.
 * an event lost on a reconnect), it fetches again at once instead of waiting for the next event,
 * which may never come in a quiet room. A call while a fill runs joins it (the fill looks for
 * gaps at its end anyway). A fetch that makes no progress ends the fill; so does a failed one
 * (the next event, the gap timer or a reconnect tries again).
 */
export function createGapFiller({ get, apply, fetchAfter, maxFetches = 20 }: GapFillerOptions) {
  let running: Promise<void> | null = null;

  async function run() {
    for (let fetches = 1; ; fetches++) {
      const before = get().seq;
      const page = await fetchAfter(before);
      // Apply to the store as it is now, not as it was when the fetch started.
      const r = applyEvents(get(), page.events);
      apply(r);
      if (r.state.seq <= before || fetches >= maxFetches) return; // no progress: the next event tries again
      // More pages, or events still held beyond a gap that opened meanwhile: fetch again now.
      if (!page.more && !hasGap(r.state)) return;
    }
  }

  return {
    /** Starts a fill, or joins the one in flight; resolves when it is done. Never rejects. */
    fill(): Promise<void> {
      running ??= run()
        .catch(() => {})
        .finally(() => {
          running = null;
        });
      return running;
    },
  };
}

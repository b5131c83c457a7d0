// The room's view of a seminar's discussion, as a pure reducer over the server's events and the
// pages of threads it loads. Events carry a per-seminar seq with no gaps: an event at or below the
// applied seq is a duplicate and is dropped; one beyond the next is held until the gap is filled
// (from /events?after=), so every change is applied once, in order.
//
// Keyed by paragraph, so that an event touches one paragraph: the room arrives with a summary per
// paragraph (counts for each filter, passages, unread; lib/domain/threads/room.ts) and loads a
// paragraph's threads page by page when it is looked at. Each paragraph keeps the ids of its loaded
// threads (in the room's order), how far its pages are loaded, and its summary, which events keep
// live: exactly for threads that are loaded (their contribution before and after the change), and
// as well as an event allows for threads that are not (a new reply adds a comment to "all"; the
// filtered counts of such a paragraph catch up when it loads). Once every page of a paragraph is
// loaded its counts are derived from its threads. Unit-tested in tests/unit/client/discussion-store.test.ts.
import type { DiscussionEvent } from "@/lib/realtime/events";
import type { Bucket, CommentView, ParagraphSummary, ThreadMeta, ThreadsPage, ThreadView } from "@/lib/domain/threads/present";
import { compareThreads } from "@/lib/domain/threads/order";

export type LoadStatus = "idle" | "loading" | "partial" | "complete";

export interface ParagraphState {
  /** Loaded threads, in the room's order (compareThreads). */
  ids: string[];
  /** idle: no page asked for; loading: a page is on its way; partial: more pages (cursor); complete: all loaded. */
  status: LoadStatus;
  cursor: string | null;
  summary: ParagraphSummary;
  /** Events for this paragraph applied while a page was loading: re-applied over the page when it lands. */
  buffered: DiscussionEvent[];
}

export interface Viewer {
  /** The viewer's member key ("mine"). */
  you: string | null;
  /** The member the room is filtered to (the author filter), if any. */
  author: string | null;
}

export interface DiscussionState {
  /** The last seq applied. */
  seq: number;
  /** Loaded threads by id. */
  threads: Record<string, ThreadView>;
  paragraphs: Record<string, ParagraphState>;
  /** Events that arrived ahead of a gap, by seq. */
  held: Record<number, DiscussionEvent>;
  viewer: Viewer;
}

const zero = (): Bucket => ({ threads: 0, comments: 0 });

export const emptySummary = (paragraphId: string, paragraphNumber = 0): ParagraphSummary => ({
  paragraphId,
  paragraphNumber,
  all: zero(),
  unresolved: zero(),
  questions: zero(),
  openQuestions: 0,
  mine: zero(),
  author: null,
  unread: 0,
  passages: [],
});

const EMPTY_IDS: string[] = [];

function entry(paragraphs: Record<string, ParagraphState>, paragraphId: string, paragraphNumber = 0): ParagraphState {
  return paragraphs[paragraphId] ?? { ids: EMPTY_IDS, status: "idle", cursor: null, summary: emptySummary(paragraphId, paragraphNumber), buffered: [] };
}

/**
 * The store a room starts from: the seq and summaries of the room page. Threads passed here count
 * as their paragraphs' complete lists (tests, and rooms that were given whole lists).
 */
export function initialState(seq: number, threads: ThreadView[] = [], summaries: ParagraphSummary[] = [], viewer: Viewer = { you: null, author: null }): DiscussionState {
  const paragraphs: Record<string, ParagraphState> = {};
  for (const s of summaries) paragraphs[s.paragraphId] = { ...entry(paragraphs, s.paragraphId), summary: s };
  const byId: Record<string, ThreadView> = {};
  for (const t of threads) byId[t.id] = { ...t, comments: tidy(t.comments) };
  for (const t of [...threads].sort(compareThreads)) {
    const e = entry(paragraphs, t.paragraphId, t.paragraphNumber);
    paragraphs[t.paragraphId] = { ...e, ids: [...e.ids, t.id], status: "complete" };
  }
  for (const id of Object.keys(paragraphs)) if (paragraphs[id].status === "complete") paragraphs[id] = recount(paragraphs[id], byId, viewer);
  return { seq, threads: byId, paragraphs, held: {}, viewer };
}

// ── what a thread counts for ───────────────────────────────────────────────────────────────

/** The plain text of a comment: its Markdown when we have it, else its HTML without tags. */
const textOf = (c: CommentView | undefined) => (c ? (c.body ?? c.html?.replace(/<[^>]*>/g, "") ?? "") : "");

/** A question: flagged with the question reaction, or its opening comment asks one. */
export function isQuestion(t: ThreadView): boolean {
  return t.comments.some((c) => c.reactions.some((r) => r.kind === "question")) || (!t.comments[0]?.deletedAt && textOf(t.comments[0]).trim().endsWith("?"));
}

const live = (t: ThreadView) => t.comments.filter((c) => !c.deletedAt).length;
export const isMine = (t: ThreadView, you: string | null) => !!you && t.comments.some((c) => c.author.key === you && !c.deletedAt);
export const hasAuthor = (t: ThreadView, author: string) => t.comments.some((c) => c.author.key === author && !c.deletedAt);

type Counts = Omit<ParagraphSummary, "paragraphId" | "paragraphNumber" | "unread" | "passages">;

/** What one thread adds to its paragraph's summary. */
function contribution(t: ThreadView | undefined, viewer: Viewer): Counts {
  const none: Counts = { all: zero(), unresolved: zero(), questions: zero(), openQuestions: 0, mine: zero(), author: viewer.author ? zero() : null };
  if (!t) return none;
  const one = { threads: 1, comments: live(t) };
  const q = isQuestion(t);
  return {
    all: one,
    unresolved: t.resolved ? zero() : one,
    questions: q ? one : zero(),
    openQuestions: q && !t.resolved ? 1 : 0,
    mine: isMine(t, viewer.you) ? one : zero(),
    author: viewer.author ? (hasAuthor(t, viewer.author) ? one : zero()) : null,
  };
}

const addBucket = (a: Bucket, b: Bucket, sign: number): Bucket => ({ threads: Math.max(0, a.threads + sign * b.threads), comments: Math.max(0, a.comments + sign * b.comments) });

function addCounts(s: ParagraphSummary, c: Counts, sign: number): ParagraphSummary {
  return {
    ...s,
    all: addBucket(s.all, c.all, sign),
    unresolved: addBucket(s.unresolved, c.unresolved, sign),
    questions: addBucket(s.questions, c.questions, sign),
    openQuestions: Math.max(0, s.openQuestions + sign * c.openQuestions),
    mine: addBucket(s.mine, c.mine, sign),
    author: s.author && c.author ? addBucket(s.author, c.author, sign) : s.author,
  };
}

const passageOf = (t: ThreadView): [string, number, number] | null => (t.passage ? [t.id, t.passage.start, t.passage.end] : null);

/** A fully loaded paragraph: its counts and passages from its threads (unread stays the server's). */
function recount(p: ParagraphState, threads: Record<string, ThreadView>, viewer: Viewer): ParagraphState {
  let summary: ParagraphSummary = { ...emptySummary(p.summary.paragraphId, p.summary.paragraphNumber), author: viewer.author ? zero() : null, unread: p.summary.unread };
  const passages: [string, number, number][] = [];
  for (const id of p.ids) {
    const t = threads[id];
    if (!t) continue;
    summary = addCounts(summary, contribution(t, viewer), 1);
    const ps = passageOf(t);
    if (ps) passages.push(ps);
  }
  return { ...p, summary: { ...summary, paragraphNumber: summary.paragraphNumber || threads[p.ids[0]]?.paragraphNumber || 0, passages } };
}

// ── applying one event ─────────────────────────────────────────────────────────────────────

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

/** Which paragraph an event is about (null: none, e.g. reports:changed). */
function paragraphOfEvent(state: Pick<DiscussionState, "threads">, e: DiscussionEvent): string | null {
  switch (e.type) {
    case "thread:created":
    case "thread:updated":
      return e.thread.paragraphId;
    case "reports:changed":
    case "event:withheld":
      return null;
    case "comment:removed":
      return e.paragraphId ?? state.threads[e.threadId]?.paragraphId ?? null;
    case "thread:deleted":
      return e.paragraphId;
    default:
      return e.paragraphId ?? state.threads[e.comment.threadId]?.paragraphId ?? null;
  }
}

/**
 * The thread an event leaves behind (undefined: the event is about a thread that is not loaded,
 * or, with `gone`, one that no longer exists).
 */
function nextThread(threads: Record<string, ThreadView>, e: DiscussionEvent): { id: string; before?: ThreadView; after?: ThreadView; gone?: true } | null {
  switch (e.type) {
    case "thread:deleted":
      // Its last live comment was deleted: the server no longer lists or counts the thread.
      return { id: e.threadId, before: threads[e.threadId], gone: true };
    case "thread:created": {
      const before = threads[e.thread.id];
      const after = before ? e.thread.comments.reduce(upsertComment, { ...before, ...e.thread, comments: before.comments }) : { ...e.thread, comments: tidy(e.thread.comments) };
      return { id: e.thread.id, before, after };
    }
    case "thread:updated": {
      const before = threads[e.thread.id];
      return { id: e.thread.id, before, after: before ? { ...before, ...(e.thread as ThreadMeta) } : undefined };
    }
    case "comment:removed": {
      // A comment this viewer may no longer see (hidden by an instructor): drop it.
      const before = threads[e.threadId];
      return { id: e.threadId, before, after: before ? { ...before, comments: tidy(before.comments.filter((c) => c.id !== e.commentId)) } : undefined };
    }
    case "reports:changed":
    case "event:withheld":
      return null; // nothing in the threads changed; the room header follows reports:changed
    default: {
      const before = threads[e.comment.threadId];
      return { id: e.comment.threadId, before, after: before ? upsertComment(before, e.comment) : undefined };
    }
  }
}

/** For a thread that is not loaded, what the event says about its paragraph's counts. */
function guess(s: ParagraphSummary, e: DiscussionEvent): ParagraphSummary {
  const comments = (n: number) => ({ ...s, all: addBucket(s.all, { threads: 0, comments: 1 }, n) });
  if (e.type === "comment:created") return comments(1);
  if (e.type === "comment:deleted" || e.type === "comment:removed") return comments(-1);
  // The thread and its last live comment go (what else it counted for is not known here).
  if (e.type === "thread:deleted") return { ...s, all: addBucket(s.all, { threads: 1, comments: 1 }, -1), passages: s.passages.filter((x) => x[0] !== e.threadId) };
  return s;
}

type Core = Pick<DiscussionState, "threads" | "paragraphs" | "viewer">;

/** Applies one event; `count` false re-applies it to threads only (its counts were taken already). */
function applyOne(core: Core, e: DiscussionEvent, count = true): Core {
  const pid = paragraphOfEvent(core, e);
  const change = nextThread(core.threads, e);
  if (!pid || !change) return core;
  let p = entry(core.paragraphs, pid, e.type === "thread:created" || e.type === "thread:updated" ? e.thread.paragraphNumber : 0);
  if (count && p.status === "loading") p = { ...p, buffered: [...p.buffered, e] };
  let threads = core.threads;
  if (change.gone) {
    if (change.before) {
      threads = { ...threads };
      delete threads[change.id];
    }
    if (p.ids.includes(change.id)) p = { ...p, ids: p.ids.filter((id) => id !== change.id) };
  } else if (change.after) {
    threads = { ...threads, [change.id]: change.after };
    if (!p.ids.includes(change.id)) p = { ...p, ids: [...p.ids, change.id].sort((a, b) => compareThreads(threads[a], threads[b])) };
    else if (change.before && (change.before.pinned !== change.after.pinned || change.before.kind !== change.after.kind)) p = { ...p, ids: [...p.ids].sort((a, b) => compareThreads(threads[a], threads[b])) };
  }
  if (p.status === "complete") p = recount(p, threads, core.viewer);
  else if (count) {
    if (change.after || change.before) {
      let summary = addCounts(addCounts(p.summary, contribution(change.before, core.viewer), -1), contribution(change.after, core.viewer), 1);
      const ps = change.after && !change.before ? passageOf(change.after) : null;
      if (ps && !summary.passages.some((x) => x[0] === ps[0])) summary = { ...summary, passages: [...summary.passages, ps] };
      if (change.gone) summary = { ...summary, passages: summary.passages.filter((x) => x[0] !== change.id) };
      p = { ...p, summary };
    } else p = { ...p, summary: guess(p.summary, e) };
  }
  return { ...core, threads, paragraphs: { ...core.paragraphs, [pid]: p } };
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
  let { seq } = state;
  let core: Core = state;
  const applied: DiscussionEvent[] = [];
  while (held[seq + 1]) {
    const e = held[seq + 1];
    delete held[seq + 1];
    core = applyOne(core, e);
    applied.push(e);
    seq += 1;
  }
  return { state: { ...state, ...core, seq, held }, applied, gap: Object.keys(held).length > 0 };
}

// ── loading pages ──────────────────────────────────────────────────────────────────────────

/** A page of this paragraph's threads is on its way: events for it are kept to re-apply over it. */
export function startLoading(state: DiscussionState, paragraphId: string, paragraphNumber = 0): DiscussionState {
  const p = entry(state.paragraphs, paragraphId, paragraphNumber);
  if (p.status === "loading" || p.status === "complete") return state;
  return { ...state, paragraphs: { ...state.paragraphs, [paragraphId]: { ...p, status: "loading", buffered: [] } } };
}

/** The page did not come: back to where the paragraph was (the next look tries again). */
export function loadFailed(state: DiscussionState, paragraphId: string): DiscussionState {
  const p = state.paragraphs[paragraphId];
  if (!p || p.status !== "loading") return state;
  return { ...state, paragraphs: { ...state.paragraphs, [paragraphId]: { ...p, status: p.cursor ? "partial" : "idle", buffered: [] } } };
}

/**
 * Merges a page of one paragraph's threads (GET /threads?paragraph=N): upserts them, then re-applies
 * the events that arrived while it was loading and are newer than the page's seq (the page may have
 * been read before them; upserts absorb those it already holds).
 */
export function mergePage(state: DiscussionState, paragraphId: string, page: ThreadsPage): DiscussionState {
  const p = entry(state.paragraphs, paragraphId, page.threads[0]?.paragraphNumber);
  let threads = { ...state.threads };
  for (const t of page.threads) threads[t.id] = { ...t, comments: tidy(t.comments) };
  const ids = [...new Set([...p.ids, ...page.threads.map((t) => t.id)])].sort((a, b) => compareThreads(threads[a], threads[b]));
  let next: ParagraphState = { ...p, ids, status: page.nextCursor ? "partial" : "complete", cursor: page.nextCursor, buffered: [] };
  let core: Core = { threads, paragraphs: { ...state.paragraphs, [paragraphId]: next }, viewer: state.viewer };
  for (const e of p.buffered) if (e.seq > page.seq) core = applyOne(core, e, false);
  threads = core.threads;
  next = core.paragraphs[paragraphId];
  if (next.status === "complete") next = recount(next, threads, state.viewer);
  return { ...state, threads, paragraphs: { ...core.paragraphs, [paragraphId]: next } };
}

/** The viewer has looked at this paragraph's discussion: nothing in it is unread any more. */
export function markSeen(state: DiscussionState, paragraphId: string): DiscussionState {
  const p = state.paragraphs[paragraphId];
  if (!p || !p.summary.unread) return state;
  return { ...state, paragraphs: { ...state.paragraphs, [paragraphId]: { ...p, summary: { ...p.summary, unread: 0 } } } };
}

/**
 * Forgets every loaded thread, keeping the seq and each paragraph's summary: what was loaded is
 * loaded again when looked at. For a change that alters how threads are presented to this viewer
 * but sends no events (an instructor hid or showed names). Events keep applying on top.
 */
export function resetThreads(state: DiscussionState): DiscussionState {
  const paragraphs: Record<string, ParagraphState> = {};
  for (const [id, p] of Object.entries(state.paragraphs)) paragraphs[id] = { ids: EMPTY_IDS, status: "idle", cursor: null, summary: p.summary, buffered: [] };
  return { ...state, threads: {}, paragraphs };
}

/** The viewer's key arrived (seminar:join) or the author filter changed: recount what depends on them. */
export function setViewer(state: DiscussionState, viewer: Viewer): DiscussionState {
  if (viewer.you === state.viewer.you && viewer.author === state.viewer.author) return state;
  const paragraphs = { ...state.paragraphs };
  for (const [id, p] of Object.entries(paragraphs)) if (p.status === "complete") paragraphs[id] = recount(p, state.threads, viewer);
  return { ...state, paragraphs, viewer };
}

/** A paragraph's loaded threads, in order. */
export const threadsOf = (state: Pick<DiscussionState, "threads" | "paragraphs">, paragraphId: string): ThreadView[] =>
  (state.paragraphs[paragraphId]?.ids ?? EMPTY_IDS).map((id) => state.threads[id]).filter(Boolean);

/**
 * threadsOf, memoised per paragraph: the same array while the paragraph's threads are the same
 * objects, so a memoised paragraph (or the panel) sees an unchanged prop when another paragraph changes.
 */
export function createThreadsSelector() {
  const cache = new Map<string, ThreadView[]>();
  return (state: Pick<DiscussionState, "threads" | "paragraphs">, paragraphId: string): ThreadView[] | undefined => {
    if (!state.paragraphs[paragraphId]) return undefined;
    const list = threadsOf(state, paragraphId);
    const prev = cache.get(paragraphId);
    if (prev && prev.length === list.length && prev.every((t, i) => t === list[i])) return prev;
    cache.set(paragraphId, list);
    return list;
  };
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

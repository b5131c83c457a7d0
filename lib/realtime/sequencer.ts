// Keeps this process's pushes of a seminar's events in seq order. Seqs are handed out in commit
// order, but each write then finishes on its own connection and with its own queries, in any
// order; without this, concurrent writes would go out as ...7, 6... and every client would see a
// gap. A write registers its seq as soon as it knows it, and its emit is released only when
//  - every smaller seq this process registered has been released or dropped, and
//  - the seq right before it has been released here, or GAP_WAIT_MS have passed (the missing
//    seq may belong to another server process, or may not have reached this one yet).
// Clients still order and fill gaps by seq themselves (lib/client/discussion-store.ts); this
// only spares them the common case.
// It must never wedge: a seq that stays pending holds every later push of its seminar in this
// process. Writers settle their seqs in `finally` (threads/service.ts); as a safety net for a
// path that forgets, a seq pending longer than PENDING_MAX_MS is dropped with one log line.

/** How long a push waits for a missing earlier seq before going out anyway. */
export const GAP_WAIT_MS = 25;
/** How long a registered seq may stay pending (neither released nor dropped) before it is dropped. */
export const PENDING_MAX_MS = 5_000;

interface Lane {
  /** Registered seqs whose emit is not ready yet, with the timer that drops them if they never are. */
  pending: Map<number, ReturnType<typeof setTimeout>>;
  /** Ready emits, by seq. */
  ready: Map<number, () => void>;
  /** The last seq released (or dropped) here; undefined until the first. */
  last: number | undefined;
  /** Seqs up to this may go out despite a gap: their wait is over. */
  forcedUpTo: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const g = globalThis as unknown as { __colloquyLanes?: Map<string, Lane> };
const lanes: Map<string, Lane> = (g.__colloquyLanes ??= new Map());

function lane(seminarId: string): Lane {
  let l = lanes.get(seminarId);
  if (!l) lanes.set(seminarId, (l = { pending: new Map(), ready: new Map(), last: undefined, forcedUpTo: 0, timer: null }));
  return l;
}

function advance(l: Lane, seq: number) {
  l.last = l.last === undefined ? seq : Math.max(l.last, seq);
}

function flush(seminarId: string) {
  const l = lanes.get(seminarId);
  if (!l) return;
  for (;;) {
    if (!l.ready.size) break;
    const next = Math.min(...l.ready.keys());
    // Hold while an earlier seq of ours is still on its way.
    for (const p of l.pending.keys()) if (p < next) return;
    if (l.last !== undefined && next > l.last + 1 && next > l.forcedUpTo) {
      if (!l.timer) {
        l.timer = setTimeout(() => {
          l.timer = null;
          l.forcedUpTo = Math.max(l.forcedUpTo, next);
          flush(seminarId);
        }, GAP_WAIT_MS);
      }
      return;
    }
    const emit = l.ready.get(next)!;
    l.ready.delete(next);
    advance(l, next);
    try {
      emit();
    } catch (err) {
      console.error(`colloquy: emitting seq ${next} of seminar ${seminarId} failed: ${(err as Error).message}`);
    }
  }
  if (l.timer && !l.ready.size) {
    clearTimeout(l.timer);
    l.timer = null;
  }
  // An idle lane keeps only `last`; drop it entirely once nothing is waiting, after a while.
  if (!l.pending.size && !l.ready.size && lanes.size > 10_000) lanes.delete(seminarId);
}

/** Forgets a pending seq (and its expiry timer); true if it was pending. */
function unpend(l: Lane, seq: number): boolean {
  const timer = l.pending.get(seq);
  if (timer === undefined) return false;
  clearTimeout(timer);
  l.pending.delete(seq);
  return true;
}

function drop(seminarId: string, seq: number) {
  const l = lanes.get(seminarId);
  if (!l) return;
  unpend(l, seq);
  advance(l, seq);
  flush(seminarId);
}

export const sequencer = {
  /** Call as soon as the seq is known, before any await that could let a later write overtake. */
  register(seminarId: string, seq: number) {
    const l = lane(seminarId);
    unpend(l, seq);
    const timer = setTimeout(() => {
      if (!l.pending.has(seq)) return;
      console.error(`colloquy: seq ${seq} of seminar ${seminarId} was pending for ${PENDING_MAX_MS} ms without being released; dropped so later events go out`);
      drop(seminarId, seq);
    }, PENDING_MAX_MS);
    // The safety net must not keep a finishing process (or a test run) alive.
    timer.unref?.();
    l.pending.set(seq, timer);
  },
  /** The payload is ready: emit now, or as soon as the earlier seqs have gone. */
  release(seminarId: string, seq: number, emit: () => void) {
    const l = lane(seminarId);
    unpend(l, seq);
    l.ready.set(seq, emit);
    flush(seminarId);
  },
  /** The write failed or has nothing to emit: stop holding later seqs for it. */
  drop,
  /**
   * For `finally`: drops whichever of these seqs is still pending (neither released nor dropped),
   * so no path out of a write, thrown or not, leaves later pushes waiting.
   */
  settle(seminarId: string, seqs: number[]) {
    const l = lanes.get(seminarId);
    if (!l) return;
    for (const seq of seqs) if (l.pending.has(seq)) drop(seminarId, seq);
  },
  /** Seqs pending in this process for the seminar (for tests and diagnostics). */
  pendingOf(seminarId: string): number[] {
    return [...(lanes.get(seminarId)?.pending.keys() ?? [])].sort((a, b) => a - b);
  },
};

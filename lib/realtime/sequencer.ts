// Keeps this process's pushes of a seminar's events in seq order. Seqs are handed out in commit
// order, but each write then finishes on its own connection and with its own queries, in any
// order; without this, concurrent writes would go out as ...7, 6... and every client would see a
// gap. A write registers its seq as soon as it knows it, and its emit is released only when
//  - every smaller seq this process registered has been released or dropped, and
//  - the seq right before it has been released here, or GAP_WAIT_MS have passed (the missing
//    seq may belong to another server process, or may not have reached this one yet).
// Clients still order and fill gaps by seq themselves (lib/client/discussion-store.ts); this
// only spares them the common case.

/** How long a push waits for a missing earlier seq before going out anyway. */
export const GAP_WAIT_MS = 25;

interface Lane {
  /** Registered seqs whose emit is not ready yet. */
  pending: Set<number>;
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
  if (!l) lanes.set(seminarId, (l = { pending: new Set(), ready: new Map(), last: undefined, forcedUpTo: 0, timer: null }));
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
    for (const p of l.pending) if (p < next) return;
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

export const sequencer = {
  /** Call as soon as the seq is known, before any await that could let a later write overtake. */
  register(seminarId: string, seq: number) {
    lane(seminarId).pending.add(seq);
  },
  /** The payload is ready: emit now, or as soon as the earlier seqs have gone. */
  release(seminarId: string, seq: number, emit: () => void) {
    const l = lane(seminarId);
    l.pending.delete(seq);
    l.ready.set(seq, emit);
    flush(seminarId);
  },
  /** The write failed or has nothing to emit: stop holding later seqs for it. */
  drop(seminarId: string, seq: number) {
    const l = lanes.get(seminarId);
    if (!l) return;
    l.pending.delete(seq);
    advance(l, seq);
    flush(seminarId);
  },
};

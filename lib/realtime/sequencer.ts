// Keeps this process's pushes of a seminar's events in seq order. Seqs are handed out in commit
// order, but each write then loads its payload with its own queries, and those finish in any
// order; without this, concurrent writes would go out as ...7, 6... and every client would see a
// gap. A write registers its seq as soon as it knows it (inside its transaction, or the moment
// its one-statement insert returns), and its emit is released only when every smaller seq that
// this process registered has been released or dropped. Seqs from other server processes are
// not known here; clients still reorder and fill gaps by seq (lib/client/discussion-store.ts).

interface Lane {
  /** Registered seqs whose emit is not ready yet. */
  pending: Set<number>;
  /** Ready emits, by seq. */
  ready: Map<number, () => void>;
}

const g = globalThis as unknown as { __colloquyLanes?: Map<string, Lane> };
const lanes: Map<string, Lane> = (g.__colloquyLanes ??= new Map());

function lane(seminarId: string): Lane {
  let l = lanes.get(seminarId);
  if (!l) lanes.set(seminarId, (l = { pending: new Set(), ready: new Map() }));
  return l;
}

function flush(seminarId: string) {
  const l = lanes.get(seminarId);
  if (!l) return;
  for (;;) {
    const seqs = [...l.ready.keys()];
    if (!seqs.length) break;
    const next = Math.min(...seqs);
    // Hold while an earlier seq of ours is still on its way.
    for (const p of l.pending) if (p < next) return;
    const emit = l.ready.get(next)!;
    l.ready.delete(next);
    try {
      emit();
    } catch (err) {
      console.error(`colloquy: emitting seq ${next} of seminar ${seminarId} failed: ${(err as Error).message}`);
    }
  }
  if (!l.pending.size && !l.ready.size) lanes.delete(seminarId);
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
    flush(seminarId);
  },
};

"use client";

// The pause of the room's live feed (WCAG 2.2.2). While paused, incoming discussion events are
// held here instead of being applied, and the new comments among them are counted; resuming
// hands them all to the store at once (in seq order: the store sorts, drops repeats and fills
// gaps as for any batch). The reader's own writes are held too: the store takes events in seq
// order only, so nothing can be applied past a held one.
import { useCallback, useEffect, useRef, useState } from "react";
import type { DiscussionEvent } from "@/lib/realtime/events";

/** New threads and replies by others among held events (each seq once). */
export function countNew(events: DiscussionEvent[], you: string | null): number {
  const seen = new Set<number>();
  let n = 0;
  for (const e of events) {
    if (seen.has(e.seq)) continue;
    seen.add(e.seq);
    if (e.type === "thread:created" && e.thread.createdBy.key !== you) n++;
    if (e.type === "comment:created" && e.comment.author.key !== you) n++;
  }
  return n;
}

export function useLiveFeed(deliver: (events: DiscussionEvent[]) => void, you: string | null) {
  const [paused, setPausedState] = useState(false);
  const [held, setHeld] = useState(0);
  const pausedRef = useRef(false);
  const heldEvents = useRef<DiscussionEvent[]>([]);
  const youRef = useRef(you);
  useEffect(() => {
    youRef.current = you;
  }, [you]);

  const receive = useCallback(
    (events: DiscussionEvent[]) => {
      if (!pausedRef.current) return deliver(events);
      heldEvents.current.push(...events);
      setHeld(countNew(heldEvents.current, youRef.current));
    },
    [deliver],
  );

  const setPaused = useCallback(
    (p: boolean) => {
      pausedRef.current = p;
      setPausedState(p);
      if (p) return;
      const events = heldEvents.current;
      heldEvents.current = [];
      setHeld(0);
      if (events.length) deliver(events);
    },
    [deliver],
  );

  return { paused, held, setPaused, receive };
}

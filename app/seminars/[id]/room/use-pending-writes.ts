"use client";

// The room's own new threads and replies between "Start thread"/"Reply" and their arrival in the
// store: shown as pending ("Sending…", "Failed: … Retry"), then dropped once the real comment is
// in the store, for good: a comment deleted later must not bring its pending copy back. The
// real comment then shows "Sent" for a moment (SENT_MS), not for the rest of the session.
import { useCallback, useState } from "react";
import { ApiError } from "@/lib/client/api";
import type { DiscussionState } from "@/lib/client/discussion-store";
import type { RoomWrites } from "@/lib/client/room-writes";
import type { ThreadView } from "@/lib/domain/threads/present";
import type { Pending } from "./thread-panel";

/** How long a posted comment shows "Sent". */
export const SENT_MS = 2500;

const fail = (err: unknown) => (err instanceof ApiError ? err.message : "Something went wrong.");

/** Is the comment behind this pending write in the store (its thread id known for new threads)? */
function arrived(p: Pending & { createdThread?: string }, state: DiscussionState): boolean {
  const threadId = p.threadId ?? p.createdThread;
  return !!threadId && !!state.threads[threadId]?.comments.some((c) => c.clientId === p.clientId);
}

export function usePendingWrites({
  seminarId,
  store,
  writes,
  onThreadCreated,
  onPosted,
}: {
  seminarId: string;
  store: DiscussionState;
  writes: () => RoomWrites;
  onThreadCreated: (t: ThreadView) => void;
  /** A post was confirmed: the new comment's id (null if unknown) on its paragraph. */
  onPosted: (commentId: string | null, paragraphId: string) => void;
}) {
  const [pending, setPending] = useState<(Pending & { createdThread?: string })[]>([]);
  const [sentIds, setSentIds] = useState<Set<string>>(() => new Set());

  const settle = useCallback(
    (clientId: string, patch: Partial<Pending & { createdThread?: string }>) => setPending((all) => all.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p))),
    [],
  );

  const send = useCallback(
    async (p: Pending) => {
      settle(p.clientId, { status: "sending", error: undefined });
      try {
        if (p.threadId) {
          const c = await writes().reply(p.threadId, p.body, p.clientId);
          settle(p.clientId, { status: "sent" });
          onPosted(c.id, p.paragraphId);
        } else {
          const t = await writes().createThread({ seminarId, paragraphId: p.paragraphId, body: p.body, clientId: p.clientId, passage: p.passage, kind: p.kind });
          settle(p.clientId, { status: "sent", createdThread: t.id });
          onThreadCreated(t);
          onPosted(t.comments[0]?.id ?? null, p.paragraphId);
        }
        setSentIds((s) => new Set(s).add(p.clientId));
        setTimeout(
          () =>
            setSentIds((s) => {
              const next = new Set(s);
              next.delete(p.clientId);
              return next;
            }),
          SENT_MS,
        );
      } catch (err) {
        settle(p.clientId, { status: "failed", error: fail(err) });
      }
    },
    [seminarId, settle, writes, onThreadCreated, onPosted],
  );

  const add = useCallback(
    (p: Pending) => {
      setPending((all) => [...all, p]);
      void send(p);
    },
    [send],
  );

  // Sent and arrived: the store shows it from now on (and forgets it if it is deleted). Checked
  // while rendering, whenever the store or the list changed (React's "adjust state on a change").
  const [checked, setChecked] = useState({ store, pending });
  if (checked.store !== store || checked.pending !== pending) {
    const kept = pending.some((p) => p.status === "sent" && arrived(p, store)) ? pending.filter((p) => !(p.status === "sent" && arrived(p, store))) : pending;
    setChecked({ store, pending: kept });
    if (kept !== pending) setPending(kept);
  }

  return { pending, sentIds, add, retry: send };
}

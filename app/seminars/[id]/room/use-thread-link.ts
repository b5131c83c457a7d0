"use client";

// Links to a thread (`/seminars/:id?thread=<threadId>`, as notifications give them) open the
// thread's paragraph in the panel, focus the thread and scroll it into view, once per page load.
import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import type { ThreadView } from "@/lib/domain/threads/present";

export function useThreadLink(threads: Record<string, ThreadView>, show: (t: ThreadView) => void) {
  const done = useRef(false);
  const toFocus = useRef<string | null>(null);
  // From the router, not window.location: after a client-side navigation the address bar may
  // not have changed yet when this runs.
  const id = useSearchParams().get("thread");
  useEffect(() => {
    if (done.current) return;
    if (!id) {
      done.current = true;
      return;
    }
    const t = threads[id];
    if (!t) return; // not here (yet): a later state may bring it
    done.current = true;
    toFocus.current = id;
    show(t);
  }, [id, threads, show]);
  // After the render that put the thread in the panel: scroll to it and focus it.
  useEffect(() => {
    if (!toFocus.current) return;
    const el = document.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(toFocus.current)}"]`);
    if (!el) return;
    toFocus.current = null;
    el.scrollIntoView({ block: "nearest" });
    el.focus({ preventScroll: true });
  });
}

"use client";

// Links to a thread (`/seminars/:id?thread=<threadId>`, as notifications give them) open the
// thread's paragraph in the panel, focus the thread and scroll it into view, once per page load.
import { useEffect, useRef } from "react";
import type { ThreadView } from "@/lib/domain/threads/present";

export function useThreadLink(threads: Record<string, ThreadView>, show: (t: ThreadView) => void) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    const id = new URLSearchParams(window.location.search).get("thread");
    if (!id) {
      done.current = true;
      return;
    }
    const t = threads[id];
    if (!t) return; // not here (yet): a later state may bring it
    done.current = true;
    show(t);
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(id)}"]`);
      el?.scrollIntoView({ block: "nearest" });
      el?.focus({ preventScroll: true });
    });
  }, [threads, show]);
}

"use client";

// Links to a thread (`/seminars/:id?thread=<threadId>`, as notifications give them) open the
// thread's paragraph in the panel, focus the thread and scroll it into view, once per page load.
// The room page tells where the thread is (its paragraph), so the room can load that paragraph's
// pages until the thread is there; the panel's list is virtualised, so the thread's element
// appears a frame or two after the panel scrolls to it: the focus waits for it.
import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import type { ThreadView } from "@/lib/domain/threads/present";

export function useThreadLink(threads: Record<string, ThreadView>, show: (t: ThreadView) => void, locate?: (threadId: string) => void) {
  const done = useRef(false);
  const located = useRef(false);
  const raf = useRef(0);
  useEffect(() => () => cancelAnimationFrame(raf.current), []);
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
    if (!t) {
      // Not loaded (yet): ask for its paragraph's pages once; a later state brings it.
      if (!located.current && locate) {
        located.current = true;
        locate(id);
      }
      return;
    }
    done.current = true;
    show(t);
    // After the renders that put the thread in the panel: scroll to it and focus it.
    let frames = 0;
    const focus = () => {
      const el = document.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(id)}"]`);
      if (el) {
        el.scrollIntoView({ block: "nearest" });
        el.focus({ preventScroll: true });
      } else if (frames++ < 120) raf.current = requestAnimationFrame(focus);
    };
    raf.current = requestAnimationFrame(focus);
  }, [id, threads, show, locate]);
}

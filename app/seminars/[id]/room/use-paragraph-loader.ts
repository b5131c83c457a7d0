"use client";

// Loads a paragraph's threads when it is looked at: the first page when its panel opens or when it
// scrolls near the viewport (prefetch), further pages when the panel's list nears its end, or until
// a linked thread turns up. One request per paragraph at a time; results go through the store's
// startLoading / mergePage / loadFailed (lib/client/discussion-store.ts).
import { useCallback, useEffect, useRef } from "react";
import { api } from "@/lib/client/api";
import { loadFailed, mergePage, startLoading, type DiscussionState } from "@/lib/client/discussion-store";
import type { ThreadsPage } from "@/lib/domain/threads/present";
import { MAX_THREADS_PAGE } from "@/lib/domain/threads/schema";

/** Threads in a paragraph's first page. */
const FIRST_PAGE = 20;

interface Options {
  seminarId: string;
  get: () => DiscussionState;
  commit: (next: DiscussionState) => void;
}

export function useParagraphLoader({ seminarId, get, commit }: Options) {
  const inFlight = useRef(new Map<string, Promise<void>>());

  /** The next page of a paragraph (the first, if none is loaded); nothing once all are. */
  const loadNext = useCallback(
    (paragraphId: string, paragraphNumber: number): Promise<void> => {
      const running = inFlight.current.get(paragraphId);
      if (running) return running;
      const p = get().paragraphs[paragraphId];
      if (p?.status === "complete") return Promise.resolve();
      const cursor = p?.cursor ?? null;
      commit(startLoading(get(), paragraphId, paragraphNumber));
      // A small first page (a panel shows a few threads at once, and prefetching many paragraphs must
      // stay cheap); then full pages as the reader scrolls.
      const url = `/api/v1/seminars/${seminarId}/threads?paragraph=${paragraphNumber}${cursor ? `&cursor=${encodeURIComponent(cursor)}&limit=${MAX_THREADS_PAGE}` : `&limit=${FIRST_PAGE}`}`;
      const run = api<ThreadsPage>(url)
        .then((page) => commit(mergePage(get(), paragraphId, page)))
        .catch(() => commit(loadFailed(get(), paragraphId)))
        .finally(() => inFlight.current.delete(paragraphId));
      inFlight.current.set(paragraphId, run);
      return run;
    },
    [seminarId, get, commit],
  );

  /** The first page, unless some are loaded already (opening a panel, prefetching). */
  const ensure = useCallback(
    (paragraphId: string, paragraphNumber: number) => {
      const status = get().paragraphs[paragraphId]?.status ?? "idle";
      if (status === "idle") void loadNext(paragraphId, paragraphNumber);
    },
    [get, loadNext],
  );

  /** Pages on until the thread is loaded or the paragraph has no more (a link to a thread). */
  const loadUntil = useCallback(
    async (paragraphId: string, paragraphNumber: number, threadId: string) => {
      for (let i = 0; i < 200 && !get().threads[threadId] && get().paragraphs[paragraphId]?.status !== "complete"; i++) {
        await loadNext(paragraphId, paragraphNumber);
        if (get().paragraphs[paragraphId]?.status === "idle") return; // failed: give up quietly
      }
    },
    [get, loadNext],
  );

  return { loadNext, ensure, loadUntil };
}

/**
 * Prefetches the threads of paragraphs as they come near the viewport, so a panel opens on threads
 * already there. Observes every `[data-paragraph-id]` row under the list once.
 */
export function usePrefetchOnScroll(list: React.RefObject<HTMLElement | null>, ensure: (paragraphId: string, paragraphNumber: number) => void) {
  useEffect(() => {
    const root = list.current;
    if (!root || typeof IntersectionObserver === "undefined") return;
    const seen = new Set<string>();
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          const el = e.target as HTMLElement;
          const id = el.dataset.paragraphId;
          const n = Number(el.getAttribute("value"));
          if (!id || seen.has(id)) continue;
          seen.add(id);
          io.unobserve(el);
          // Only paragraphs with something to load (the row says how many threads the summary knows).
          if (el.dataset.threads !== "0") ensure(id, n);
        }
      },
      { rootMargin: "300px 0px" },
    );
    root.querySelectorAll<HTMLElement>("[data-paragraph-id]").forEach((el) => io.observe(el));
    return () => io.disconnect();
  }, [list, ensure]);
}

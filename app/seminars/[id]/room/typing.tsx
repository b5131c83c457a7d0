"use client";

// "… is replying" signals, outside React state: they arrive often and show in one line per thread,
// so they live in a tiny external store that only the lines showing them subscribe to
// (useSyncExternalStore). A signal never re-renders the reading, the panel or another thread.
import { useSyncExternalStore } from "react";

export interface TypingEntry {
  name: string;
  threadId?: string;
  paragraphId?: string;
  until: number;
}

export interface TypingStore {
  signal: (key: string, entry: TypingEntry) => void;
  /** This member's signal is over (their reply arrived). */
  clear: (key: string) => void;
  /** Drops signals past their time; call every second or so. */
  sweep: (now?: number) => void;
  subscribe: (listener: () => void) => () => void;
  get: () => Record<string, TypingEntry>;
}

export function createTypingStore(): TypingStore {
  let all: Record<string, TypingEntry> = {};
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());
  return {
    signal(key, entry) {
      all = { ...all, [key]: entry };
      emit();
    },
    clear(key) {
      if (!(key in all)) return;
      const { [key]: _gone, ...rest } = all;
      all = rest;
      emit();
    },
    sweep(now = Date.now()) {
      const kept = Object.fromEntries(Object.entries(all).filter(([, v]) => v.until > now));
      if (Object.keys(kept).length === Object.keys(all).length) return;
      all = kept;
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => all,
  };
}

/** Who is replying in one thread, as a string (a primitive, so unchanged names re-render nothing). */
function useTypingIn(store: TypingStore, threadId: string): string {
  const names = () =>
    Object.values(store.get())
      .filter((t) => t.threadId === threadId)
      .map((t) => t.name)
      .join("\n");
  return useSyncExternalStore(store.subscribe, names, () => "");
}

export function TypingLine({ store, threadId }: { store: TypingStore; threadId: string }) {
  const joined = useTypingIn(store, threadId);
  if (!joined) return null;
  const who = joined.split("\n");
  return (
    <p className="typing muted">
      {who.join(", ")} {who.length === 1 ? "is" : "are"} replying…
    </p>
  );
}

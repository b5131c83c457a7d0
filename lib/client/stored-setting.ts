"use client";

// A person's choice kept in this browser's localStorage (the room's announcement setting, the
// single-key shortcuts switch), read as an external store: the server's render and hydration use
// the default, the stored choice follows without a mismatch, and a change made in another tab
// ("storage") or in this one reaches every component that reads it. Where storage is blocked
// (private mode, full) the choice lives in memory for as long as the page is open.
import { useCallback, useSyncExternalStore } from "react";

const CHANGED = "colloquy:stored-setting";
const inMemory = new Map<string, string>();

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/** The stored value under `key` when `allowed` accepts it, else `fallback`; and a setter. */
export function useStoredSetting<T extends string>(key: string, allowed: readonly T[], fallback: T): [T, (value: T) => void] {
  const read = useCallback((): T => {
    let v: string | null | undefined;
    try {
      v = localStorage.getItem(key);
    } catch {
      v = inMemory.get(key);
    }
    return allowed.includes(v as T) ? (v as T) : fallback;
  }, [key, allowed, fallback]);
  const value = useSyncExternalStore(subscribe, read, () => fallback);
  const set = useCallback(
    (next: T) => {
      try {
        localStorage.setItem(key, next);
      } catch {
        inMemory.set(key, next);
      }
      window.dispatchEvent(new Event(CHANGED));
    },
    [key],
  );
  return [value, set];
}

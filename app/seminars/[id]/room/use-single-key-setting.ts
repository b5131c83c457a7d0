"use client";

// Whether single-key shortcuts (? and C in the reading) are on: WCAG 2.1.4 asks that a person can
// turn them off (speech input users say words that would fire them). Kept in localStorage, so it
// holds across rooms and reloads on this browser; on by default, and on when storage is blocked.
import { useCallback, useSyncExternalStore } from "react";

const KEY = "colloquy:single-key-shortcuts";
const CHANGED = "colloquy:single-key-shortcuts";

// Where storage is blocked the choice lives here, for as long as the page is open.
let inMemory = true;

function read(): boolean {
  try {
    return localStorage.getItem(KEY) !== "off";
  } catch {
    return inMemory;
  }
}

function subscribe(onChange: () => void) {
  // "storage" carries changes made in other tabs; our own event those made here.
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

export function useSingleKeySetting(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, read, () => true);
  const set = useCallback((value: boolean) => {
    try {
      localStorage.setItem(KEY, value ? "on" : "off");
    } catch {
      inMemory = value;
    }
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [on, set];
}

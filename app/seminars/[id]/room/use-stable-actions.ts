"use client";

import { useLayoutEffect, useRef, useState } from "react";

/**
 * One object for the life of the component whose functions call the latest `actions`: memoised
 * children (the panel, each thread) get the same prop on every render, and still act on current state.
 */
export function useStableActions<T extends object>(actions: T): T {
  const latest = useRef(actions);
  useLayoutEffect(() => {
    latest.current = actions;
  });
  const [stable] = useState(() => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(actions)) out[key] = (...args: unknown[]) => (latest.current as Record<string, (...a: unknown[]) => unknown>)[key](...args);
    return out as T;
  });
  return stable;
}

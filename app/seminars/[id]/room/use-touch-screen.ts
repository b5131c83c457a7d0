"use client";

import { useSyncExternalStore } from "react";

// A touch screen with no hover and a coarse pointer (a phone or tablet without a keyboard): hints
// about keyboard shortcuts ("Ctrl+Enter sends") mean nothing there. False on the server and
// during hydration, true afterwards where it applies; it follows a keyboard or mouse being
// attached or removed.
const QUERY = "(hover: none) and (pointer: coarse)";

function subscribe(changed: () => void) {
  const media = window.matchMedia(QUERY);
  media.addEventListener("change", changed);
  return () => media.removeEventListener("change", changed);
}

export function useTouchScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}

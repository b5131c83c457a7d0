"use client";

// Whether single-key shortcuts (? and C in the reading) are on: WCAG 2.1.4 asks that a person can
// turn them off (speech input users say words that would fire them). Kept in this browser
// (lib/client/stored-setting.ts), so it holds across rooms and reloads; on by default.
import { useCallback } from "react";
import { useStoredSetting } from "@/lib/client/stored-setting";

const VALUES = ["on", "off"] as const;

export function useSingleKeySetting(): [boolean, (on: boolean) => void] {
  const [value, set] = useStoredSetting("colloquy:single-key-shortcuts", VALUES, "on");
  const setOn = useCallback((on: boolean) => set(on ? "on" : "off"), [set]);
  return [value === "on", setOn];
}

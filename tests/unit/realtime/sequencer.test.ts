import { describe, expect, it, vi } from "vitest";
import { GAP_WAIT_MS, sequencer } from "@/lib/realtime/sequencer";

let n = 0;
const seminar = () => `s${++n}`;

describe("the push sequencer", () => {
  it("releases a later seq only after an earlier registered one", () => {
    const s = seminar();
    const out: number[] = [];
    sequencer.register(s, 1);
    sequencer.register(s, 2);
    sequencer.release(s, 2, () => out.push(2));
    expect(out).toEqual([]);
    sequencer.release(s, 1, () => out.push(1));
    expect(out).toEqual([1, 2]);
  });

  it("does not wait forever for a seq that was dropped", () => {
    const s = seminar();
    const out: number[] = [];
    sequencer.register(s, 1);
    sequencer.register(s, 2);
    sequencer.release(s, 2, () => out.push(2));
    sequencer.drop(s, 1);
    expect(out).toEqual([2]);
  });

  it("holds a seq after a gap briefly, so a late-registered earlier one still goes first", () => {
    vi.useFakeTimers();
    try {
      const s = seminar();
      const out: number[] = [];
      sequencer.register(s, 5);
      sequencer.release(s, 5, () => out.push(5));
      sequencer.register(s, 7);
      sequencer.release(s, 7, () => out.push(7));
      expect(out).toEqual([5]);
      sequencer.register(s, 6);
      sequencer.release(s, 6, () => out.push(6));
      expect(out).toEqual([5, 6, 7]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("lets a seq after a gap go once the wait is over (the gap may be another process's)", () => {
    vi.useFakeTimers();
    try {
      const s = seminar();
      const out: number[] = [];
      sequencer.register(s, 1);
      sequencer.release(s, 1, () => out.push(1));
      sequencer.register(s, 3);
      sequencer.release(s, 3, () => out.push(3));
      expect(out).toEqual([1]);
      vi.advanceTimersByTime(GAP_WAIT_MS + 1);
      expect(out).toEqual([1, 3]);
    } finally {
      vi.useRealTimers();
    }
  });
});

import { describe, expect, it, vi } from "vitest";
import { GAP_WAIT_MS, PENDING_MAX_MS, sequencer } from "@/lib/realtime/sequencer";

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

  it("a registered seq whose emit throws does not hold later seqs", () => {
    const s = seminar();
    const out: number[] = [];
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      sequencer.register(s, 1);
      sequencer.register(s, 2);
      sequencer.release(s, 2, () => out.push(2));
      sequencer.release(s, 1, () => {
        throw new Error("presenter blew up");
      });
      expect(out).toEqual([2]);
      sequencer.register(s, 3);
      sequencer.release(s, 3, () => out.push(3));
      expect(out).toEqual([2, 3]);
      expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining(`seq 1 of seminar ${s}`)]);
    } finally {
      logged.mockRestore();
    }
  });

  it("settle in a finally drops a seq whose payload could not be built, so later seqs go out", () => {
    const s = seminar();
    const out: number[] = [];
    sequencer.register(s, 1);
    sequencer.register(s, 2);
    sequencer.release(s, 2, () => out.push(2));
    expect(() => {
      try {
        throw new Error("presenting seq 1 failed before its release");
      } finally {
        sequencer.settle(s, [1]);
      }
    }).toThrow("presenting seq 1");
    expect(out).toEqual([2]);
    expect(sequencer.pendingOf(s)).toEqual([]);
  });

  it("settle leaves an already released seq alone (no reordering, no second emit)", () => {
    const s = seminar();
    const out: number[] = [];
    sequencer.register(s, 1);
    sequencer.register(s, 2);
    sequencer.release(s, 2, () => out.push(2));
    sequencer.settle(s, [2]);
    expect(out).toEqual([]);
    sequencer.release(s, 1, () => out.push(1));
    expect(out).toEqual([1, 2]);
  });

  it("drops a seq never released after PENDING_MAX_MS, with one log line naming the seminar and seq, and lets later seqs go", () => {
    vi.useFakeTimers();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const s = seminar();
      const out: number[] = [];
      sequencer.register(s, 1);
      sequencer.register(s, 2);
      sequencer.release(s, 2, () => out.push(2));
      vi.advanceTimersByTime(PENDING_MAX_MS - 1);
      expect(out).toEqual([]);
      expect(logged).not.toHaveBeenCalled();
      vi.advanceTimersByTime(2);
      expect(out).toEqual([2]);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0][0])).toMatch(new RegExp(`seq 1 of seminar ${s}\\b`));
      expect(sequencer.pendingOf(s)).toEqual([]);
      sequencer.register(s, 3);
      sequencer.release(s, 3, () => out.push(3));
      expect(out).toEqual([2, 3]);
    } finally {
      logged.mockRestore();
      vi.useRealTimers();
    }
  });

  it("a released seq's expiry timer is cleared: nothing is dropped or logged later", () => {
    vi.useFakeTimers();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const s = seminar();
      const out: number[] = [];
      sequencer.register(s, 1);
      sequencer.release(s, 1, () => out.push(1));
      vi.advanceTimersByTime(PENDING_MAX_MS * 2);
      expect(out).toEqual([1]);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      vi.useRealTimers();
    }
  });
});

import { describe, expect, it } from "vitest";
import { INTERVALS, MAX_BUCKETS, bucketCount, bucketStart, chooseInterval, excerpt, fillBuckets, regroup } from "@/lib/domain/stats/intervals";

const at = (iso: string) => new Date(iso);
const MIN = 60_000;

describe("chooseInterval", () => {
  it("takes 5 minutes for an hour of activity (12-13 buckets)", () => {
    expect(chooseInterval(at("2026-11-27T10:02:00Z"), at("2026-11-27T11:01:00Z")).name).toBe("5 min");
  });

  it("takes the next interval once the finer one would need more than 40 buckets", () => {
    // 3 h 30 min: 43 buckets of 5 min, 15 of 15 min
    expect(chooseInterval(at("2026-11-27T10:00:00Z"), at("2026-11-27T13:30:00Z")).name).toBe("15 min");
    // 3 h 15 min: exactly 40 buckets of 5 min (10:00 … 13:15)
    expect(chooseInterval(at("2026-11-27T10:00:00Z"), at("2026-11-27T13:15:00Z")).name).toBe("5 min");
  });

  it("takes hours for a day, days for a few weeks, weeks for a term", () => {
    expect(chooseInterval(at("2026-11-27T08:00:00Z"), at("2026-11-27T20:00:00Z")).name).toBe("1 hour");
    expect(chooseInterval(at("2026-11-20T08:00:00Z"), at("2026-11-27T20:00:00Z")).name).toBe("6 hours");
    expect(chooseInterval(at("2026-10-01T08:00:00Z"), at("2026-11-01T20:00:00Z")).name).toBe("1 day");
    expect(chooseInterval(at("2026-01-01T08:00:00Z"), at("2026-06-01T20:00:00Z")).name).toBe("1 week");
  });

  it("falls back to weeks when even weeks are too many, and to hours when there is no activity", () => {
    expect(chooseInterval(at("2020-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z")).name).toBe("1 week");
    expect(chooseInterval(null, null).name).toBe("1 hour");
  });

  it("keeps every chosen interval within the limit whenever one fits", () => {
    const first = at("2026-11-27T09:13:00Z");
    for (const minutes of [0, 1, 7, 59, 61, 200, 600, 2000, 9000, 40000, 200000]) {
      const last = new Date(first.getTime() + minutes * MIN);
      const i = chooseInterval(first, last);
      expect(bucketCount(first, last, i.seconds)).toBeLessThanOrEqual(MAX_BUCKETS);
      const finer = INTERVALS[INTERVALS.findIndex((x) => x.name === i.name) - 1];
      if (finer) expect(bucketCount(first, last, finer.seconds)).toBeGreaterThan(MAX_BUCKETS);
    }
  });
});

describe("buckets", () => {
  it("start on interval boundaries: 5 min, hours, midnight UTC, Mondays", () => {
    const t = at("2026-11-27T10:17:31Z"); // a Friday
    expect(bucketStart(t, 300).toISOString()).toBe("2026-11-27T10:15:00.000Z");
    expect(bucketStart(t, 3600).toISOString()).toBe("2026-11-27T10:00:00.000Z");
    expect(bucketStart(t, 6 * 3600).toISOString()).toBe("2026-11-27T06:00:00.000Z");
    expect(bucketStart(t, 86400).toISOString()).toBe("2026-11-27T00:00:00.000Z");
    expect(bucketStart(t, 7 * 86400).toISOString()).toBe("2026-11-23T00:00:00.000Z"); // Monday
  });

  it("fillBuckets fills the gaps with zeros, in order", () => {
    const h = 3600_000;
    const base = Date.UTC(2026, 10, 27, 9);
    const filled = fillBuckets(new Map([[base + 3 * h, 2], [base, 5]]), 3600);
    expect(filled.map((b) => [b.start.getTime() - base, b.comments])).toEqual([[0, 5], [h, 0], [2 * h, 0], [3 * h, 2]]);
    expect(fillBuckets(new Map(), 3600)).toEqual([]);
  });

  it("regroup sums finer buckets into coarser ones", () => {
    const base = Date.UTC(2026, 10, 27, 9);
    const fine = new Map([[base, 1], [base + 5 * MIN, 2], [base + 55 * MIN, 3], [base + 60 * MIN, 4]]);
    expect([...regroup(fine, 3600)].sort()).toEqual([[base, 6], [base + 60 * MIN, 4]]);
  });
});

describe("excerpt", () => {
  it("turns Markdown into one plain line", () => {
    expect(excerpt("**Why** does he say\n\n> thirty divisions\n\nand [cite](http://x) it?")).toBe("Why does he say thirty divisions and cite it?");
  });
  it("cuts long text at a word with an ellipsis", () => {
    const e = excerpt("word ".repeat(100), 40);
    expect(e.length).toBeLessThanOrEqual(40);
    expect(e.endsWith("word…")).toBe(true);
  });
});

// Pure helpers for the activity chart: which interval to count comments in, and the buckets.
// No I/O; unit-tested in tests/unit/stats/intervals.test.ts.
import { excerpt as excerptOf } from "@/lib/markdown/excerpt";

export const INTERVALS = [
  { name: "5 min", seconds: 5 * 60 },
  { name: "15 min", seconds: 15 * 60 },
  { name: "1 hour", seconds: 60 * 60 },
  { name: "6 hours", seconds: 6 * 60 * 60 },
  { name: "1 day", seconds: 24 * 60 * 60 },
  { name: "1 week", seconds: 7 * 24 * 60 * 60 },
] as const;
export type IntervalName = (typeof INTERVALS)[number]["name"];
export type Interval = (typeof INTERVALS)[number];

/** At most this many buckets, when some interval allows it. */
export const MAX_BUCKETS = 40;

/**
 * Buckets start at multiples of the interval since this instant (UTC): days at midnight UTC,
 * weeks on Mondays (1970-01-05 was one).
 */
const ORIGIN_MS = Date.UTC(1970, 0, 5);

/** The smallest interval that covers the span of activity in at most MAX_BUCKETS buckets. */
export function chooseInterval(first: Date | null, last: Date | null): Interval {
  if (!first || !last) return INTERVALS[2];
  for (const i of INTERVALS) {
    if (bucketCount(first, last, i.seconds) <= MAX_BUCKETS) return i;
  }
  return INTERVALS[INTERVALS.length - 1];
}

/** The start of the bucket that holds `at`. */
export function bucketStart(at: Date, seconds: number): Date {
  const ms = seconds * 1000;
  return new Date(ORIGIN_MS + Math.floor((at.getTime() - ORIGIN_MS) / ms) * ms);
}

/** How many buckets from the one holding `first` to the one holding `last`, both included. */
export function bucketCount(first: Date, last: Date, seconds: number): number {
  return Math.round((bucketStart(last, seconds).getTime() - bucketStart(first, seconds).getTime()) / (seconds * 1000)) + 1;
}

/**
 * Every bucket from the first count's to the last one's, with zeros where nothing happened.
 * `counts` maps a bucket's start (ms) to its count; keys need not be sorted.
 */
export function fillBuckets(counts: Map<number, number>, seconds: number): { start: Date; comments: number }[] {
  if (!counts.size) return [];
  const keys = [...counts.keys()];
  const from = Math.min(...keys);
  const to = Math.max(...keys);
  const out: { start: Date; comments: number }[] = [];
  for (let t = from; t <= to; t += seconds * 1000) out.push({ start: new Date(t), comments: counts.get(t) ?? 0 });
  return out;
}

/** SQL needs the origin too, so both sides bucket alike. */
export const BUCKET_ORIGIN_SECONDS = ORIGIN_MS / 1000;

/** Markdown to a short line of plain text, for excerpts (the one helper, lib/markdown/excerpt.ts). */
export const excerpt = (markdown: string, max = 160): string => excerptOf(markdown, max);

/** Sums counts keyed by a finer bucket's start into the coarser buckets of `seconds`. */
export function regroup(counts: Map<number, number>, seconds: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const [start, count] of counts) {
    const key = bucketStart(new Date(start), seconds).getTime();
    out.set(key, (out.get(key) ?? 0) + count);
  }
  return out;
}

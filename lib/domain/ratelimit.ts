// Per-user limit on writes (comments, edits, reactions): a sliding window kept in this process.
// Several server processes each keep their own window, so the effective limit there is per
// process; good enough to stop a runaway script, which is what it is for.
import { AppError } from "@/lib/errors";

export const WRITE_LIMIT = { count: 30, windowMs: 60_000 };

const g = globalThis as unknown as { __colloquyWrites?: Map<string, number[]> };
const hits: Map<string, number[]> = (g.__colloquyWrites ??= new Map());

export function limitWrites(userId: string, limit = WRITE_LIMIT, now = Date.now()): void {
  const recent = (hits.get(userId) ?? []).filter((t) => t > now - limit.windowMs);
  if (recent.length >= limit.count) {
    const wait = Math.max(1, Math.ceil((recent[0] + limit.windowMs - now) / 1000));
    hits.set(userId, recent);
    throw new AppError("RATE_LIMITED", `You are writing faster than ${limit.count} changes a minute. Wait ${wait} second${wait === 1 ? "" : "s"} and try again.`, { retryAfterSeconds: wait });
  }
  recent.push(now);
  hits.set(userId, recent);
}

/** For tests: forget every user's recent writes. */
export function resetWriteLimits(): void {
  hits.clear();
}

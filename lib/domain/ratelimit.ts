// The per-user write limit the threads and moderation services call before each change. The
// numbers and the store (shared by every server process through PostgreSQL) are in lib/limits.
import "server-only";
import { consume, LIMITS, refund, resetLimits } from "@/lib/limits";

export const WRITE_LIMIT = { count: LIMITS.writes.points, windowMs: LIMITS.writes.seconds * 1000 };

/** Counts one write by this user; throws RATE_LIMITED (with the wait) past the limit. */
export async function limitWrites(userId: string): Promise<void> {
  await consume("writes", userId);
}

/**
 * Counts a write while the reads before it are still running, so the limiter's round trip costs
 * no extra time on the hot path (a reply). Answers as limitWrites would, in the same order: the
 * caller runs its checks, then `confirm()` (throws RATE_LIMITED past the limit) just before
 * writing; a write that does not happen after all (a refused or repeated one) calls `cancel()`,
 * which gives the point back, so only writes that were allowed to proceed count.
 */
export function countWriteAhead(userId: string): { confirm(): Promise<void>; cancel(): Promise<void> } {
  const counted = consume("writes", userId).then(
    () => ({ ok: true as const }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  let settled = false;
  return {
    async confirm() {
      settled = true;
      const r = await counted;
      if (!r.ok) throw r.err;
    },
    async cancel() {
      if (settled) return;
      settled = true;
      if ((await counted).ok) await refund("writes", userId);
    },
  };
}

/** For tests and the demo seed: forget every user's recent writes (in every process). */
export async function resetWriteLimits(): Promise<void> {
  await resetLimits(["writes"]);
}

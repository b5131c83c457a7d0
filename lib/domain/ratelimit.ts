// The per-user write limit the threads and moderation services call before each change. The
// numbers and the store (shared by every server process through PostgreSQL) are in lib/limits.
import "server-only";
import { consume, LIMITS, resetLimits } from "@/lib/limits";

export const WRITE_LIMIT = { count: LIMITS.writes.points, windowMs: LIMITS.writes.seconds * 1000 };

/** Counts one write by this user; throws RATE_LIMITED (with the wait) past the limit. */
export async function limitWrites(userId: string): Promise<void> {
  await consume("writes", userId);
}

/** For tests and the demo seed: forget every user's recent writes (in every process). */
export async function resetWriteLimits(): Promise<void> {
  await resetLimits(["writes"]);
}

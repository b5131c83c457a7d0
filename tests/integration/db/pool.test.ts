// The app's connection pool (DATABASE_POOL_SIZE, default 10) under a burst of writes to one
// seminar: every write takes its seq in its last statement, so writes to seminar A wait on A's
// row for a statement and a commit, not a whole transaction, and never starve the pool. Reads of
// seminar B running meanwhile all succeed (no pool timeout, no DATABASE_UNAVAILABLE), and every
// write to A lands with its own seq, gap-free. Outcomes only: speed is for `npm run bench`.
import { beforeEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { editComment, listThreads, setReaction } from "@/lib/domain/threads/service";
import { REACTION_KINDS } from "@/lib/domain/threads/schema";
import { db } from "@/lib/db/client";
import { buildClass, buildComment, buildThread } from "../../helpers/factories";

beforeEach(() => resetWriteLimits());

describe("the connection pool under a burst of writes to one seminar", () => {
  it("30 concurrent reactions and edits in seminar A all land with gap-free seqs while every read of seminar B succeeds", async () => {
    expect(env().DATABASE_POOL_SIZE).toBe(10); // the default, as a production process runs it
    const a = await buildClass(Array.from({ length: 15 }, (_, i) => `A${i + 1}`));
    const b = await buildClass(["B1"]);
    const threadA = await buildThread(a.instructor.actor, a.seminar.id);
    const own = await Promise.all(a.students.map((s) => buildComment(s.actor, threadA.id, `First thoughts of ${s.user.name}`)));
    for (let i = 0; i < 3; i++) await buildThread(b.students[0].actor, b.seminar.id);
    await resetWriteLimits();
    const before = (await db().seminar.findUniqueOrThrow({ where: { id: a.seminar.id }, select: { lastSeq: true } })).lastSeq;

    // 15 edits (each student their own comment) and 15 reactions (each student on the next one's comment), all at once.
    const writes = [
      ...a.students.map((s, i) => () => editComment(s.actor, own[i].id, { body: `Second thoughts of ${s.user.name}` })),
      ...a.students.map((s, i) => () => setReaction(s.actor, own[(i + 1) % own.length].id, REACTION_KINDS[i % REACTION_KINDS.length], true)),
    ];
    expect(writes).toHaveLength(30);
    let writing = true;
    const reads: PromiseSettledResult<unknown>[] = [];
    // Readers of B: four at a time, back to back, for as long as the burst lasts (and at least once).
    const reader = async () => {
      do reads.push(...(await Promise.allSettled([listThreads(b.students[0].actor, b.seminar.id)])));
      while (writing);
    };
    const readers = Promise.all(Array.from({ length: 4 }, reader));
    const results = await Promise.allSettled(writes.map((w) => w()));
    writing = false;
    await readers;

    const failedWrites = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failedWrites).toEqual([]);
    const failedReads = reads.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failedReads).toEqual([]);
    expect(reads.length).toBeGreaterThanOrEqual(4);
    for (const r of reads) expect((r as PromiseFulfilledResult<{ threads: unknown[] }>).value.threads).toHaveLength(3);

    // Every write landed, each with its own seq, with no gap and no duplicate.
    const events = await db().seminarEvent.findMany({ where: { seminarId: a.seminar.id, seq: { gt: before } }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => before + 1 + i));
    expect(events.filter((e) => e.type === "comment:updated")).toHaveLength(15);
    expect(events.filter((e) => e.type === "reaction:changed")).toHaveLength(15);
    const after = await db().seminar.findUniqueOrThrow({ where: { id: a.seminar.id }, select: { lastSeq: true } });
    expect(after.lastSeq).toBe(before + 30);
    const comments = await db().comment.findMany({ where: { id: { in: own.map((c) => c.id) } }, include: { reactions: true } });
    for (const c of comments) {
      expect(c.body).toMatch(/^Second thoughts of /);
      expect(c.reactions).toHaveLength(1);
    }
  });
});

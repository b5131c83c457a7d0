// A reply is counted against the per-user write limit while its context loads (countWriteAhead),
// not after: only replies that were allowed to proceed may keep their point. Refused replies and
// repeated clientIds give it back, so they never use up a person's writes.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { resetWriteLimits, WRITE_LIMIT } from "@/lib/domain/ratelimit";
import { updateSeminar } from "@/lib/domain/seminars/service";
import { addComment } from "@/lib/domain/threads/service";
import { buildClass, buildThread, ORIGIN } from "../../helpers/factories";

beforeEach(() => resetWriteLimits());

const outcome = (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string }) => e.code ?? String(e));

describe("counting a reply ahead of its checks", () => {
  it("replies refused as closed, and repeats of one clientId, use up none of the writes", async () => {
    const { instructor, seminar, students } = await buildClass(["Ria"]);
    const ria = students[0].actor;
    const thread = await buildThread(instructor.actor, seminar.id);
    const clientId = randomUUID();
    expect(await outcome(addComment(ria, thread.id, { body: "Once.", clientId }))).toBe("ok");
    // More repeats than the limit allows writes: each answers with the first comment.
    for (let i = 0; i < WRITE_LIMIT.count + 2; i++) expect(await outcome(addComment(ria, thread.id, { body: "Once.", clientId }))).toBe("ok");
    await updateSeminar(instructor.actor, seminar.id, { closed: true }, ORIGIN);
    for (let i = 0; i < WRITE_LIMIT.count + 2; i++) expect(await outcome(addComment(ria, thread.id, { body: "Closed?" }))).toBe("FORBIDDEN");
    await updateSeminar(instructor.actor, seminar.id, { closed: false }, ORIGIN);
    // One write used so far: the rest of the limit is still there, and then it is refused.
    const results: string[] = [];
    for (let i = 0; i < WRITE_LIMIT.count; i++) results.push(await outcome(addComment(ria, thread.id, { body: `Reply ${i}` })));
    expect(results.slice(0, WRITE_LIMIT.count - 1)).toEqual(Array(WRITE_LIMIT.count - 1).fill("ok"));
    expect(results[WRITE_LIMIT.count - 1]).toBe("RATE_LIMITED");
  });
});

// The dashboard's figures are computed once per seminar and seq (lib/domain/stats/service.ts):
// a burst of refetches by many instructors shares one computation; a new comment, or a member
// change that takes no seq, makes the next request recompute. And a deleted or hidden prompt's
// text never reaches the dashboard.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as statsRoute from "@/app/api/v1/seminars/[id]/stats/route";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { updateMember } from "@/lib/domain/seminars/service";
import { statsInternals } from "@/lib/domain/stats/service";
import type { SeminarStats } from "@/lib/domain/stats/schema";
import { addComment, createThread, deleteComment } from "@/lib/domain/threads/service";
import { buildClass, seminarParagraphs, sessionCookie, type BuiltUser, type ParagraphRef } from "../../helpers/factories";
import { call } from "../../helpers/http";

async function stats(who: BuiltUser, seminarId: string): Promise<SeminarStats> {
  const res = await call(statsRoute.GET, { url: `/api/v1/seminars/${seminarId}/stats`, params: { id: seminarId }, auth: { cookie: await sessionCookie(who.user) } });
  expect(res.status).toBe(200);
  return res.body as SeminarStats;
}

afterEach(() => vi.restoreAllMocks());

describe("stats cache", () => {
  let instructor: BuiltUser;
  let ann: BuiltUser;
  let seminarId: string;
  let paragraphs: ParagraphRef[];

  beforeAll(async () => {
    const cls = await buildClass(["Ann", "Ben"]);
    instructor = cls.instructor;
    ann = cls.students[0];
    seminarId = cls.seminar.id;
    paragraphs = await seminarParagraphs(instructor.actor, seminarId);
    await resetWriteLimits();
    await createThread(ann.actor, seminarId, { paragraphId: paragraphs[0].id, body: "First remark." });
  });

  it("a burst of concurrent requests at one seq computes once; a new comment recomputes", async () => {
    const spy = vi.spyOn(statsInternals, "readStats");
    const burst = await Promise.all(Array.from({ length: 8 }, () => stats(instructor, seminarId)));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(new Set(burst.map((s) => s.seq)).size).toBe(1);
    expect(burst.every((s) => s.totals.comments === 1)).toBe(true);

    await stats(instructor, seminarId);
    expect(spy).toHaveBeenCalledTimes(1);

    await resetWriteLimits();
    await createThread(ann.actor, seminarId, { paragraphId: paragraphs[1].id, body: "Second remark." });
    const after = await Promise.all(Array.from({ length: 4 }, () => stats(instructor, seminarId)));
    expect(spy).toHaveBeenCalledTimes(2);
    expect(after.every((s) => s.totals.comments === 2 && s.seq > burst[0].seq)).toBe(true);
  });

  it("a role change (no seq) is not served stale", async () => {
    const before = await stats(instructor, seminarId);
    expect(before.totals.students).toBe(2);
    const ben = before.participation.find((p) => p.name.startsWith("Ben"))!;
    await updateMember(instructor.actor, seminarId, ben.userId, { role: "instructor" });
    const after = await stats(instructor, seminarId);
    expect(after.seq).toBe(before.seq);
    expect(after.totals.students).toBe(1);
  });
});

describe("prompts on the dashboard", () => {
  it("a deleted prompt's text is not in the stats response", async () => {
    const cls = await buildClass(["Ann"]);
    const paragraphs = await seminarParagraphs(cls.instructor.actor, cls.seminar.id);
    await resetWriteLimits();
    const { thread } = await createThread(cls.instructor.actor, cls.seminar.id, {
      paragraphId: paragraphs[0].id,
      kind: "prompt",
      body: "Secret prompt wording zebra-42",
    });
    await resetWriteLimits();
    await addComment(cls.students[0].actor, thread.id, { body: "A student's answer." });

    const shown = await stats(cls.instructor, cls.seminar.id);
    expect(shown.prompts[0].excerpt).toBe("Secret prompt wording zebra-42");

    await deleteComment(cls.instructor.actor, thread.comments[0].id);
    const res = await call(statsRoute.GET, {
      url: `/api/v1/seminars/${cls.seminar.id}/stats`,
      params: { id: cls.seminar.id },
      auth: { cookie: await sessionCookie(cls.instructor.user) },
    });
    const text = res.text;
    expect(text).not.toContain("zebra-42");
    const after = res.body as SeminarStats;
    expect(after.prompts).toEqual([expect.objectContaining({ threadId: thread.id, excerpt: "[deleted]", replies: 1, studentsReplied: 1 })]);
  });
});

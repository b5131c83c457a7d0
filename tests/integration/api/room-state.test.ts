// The room's state as the server presents it (issue 12): a thread whose comments are all deleted
// is gone (thread:deleted, not listed, not counted, no replies), replay stays one event per seq;
// with names hidden, an instructor's @real.name mention does not pair a student with a pseudonym.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { updateSeminar } from "@/lib/domain/seminars/service";
import { handleFor } from "@/lib/domain/threads/handles";
import { addComment, deleteComment, eventsAfter, listThreads } from "@/lib/domain/threads/service";
import { listThreadsPage, roomSummary } from "@/lib/domain/threads/room";
import { buildClass, buildComment, buildThread, ORIGIN } from "../../helpers/factories";

beforeEach(() => resetWriteLimits());

describe("a thread whose comments are all deleted", () => {
  it("goes out as thread:deleted with its last deletion, and is neither listed nor counted nor open to replies", async () => {
    const { instructor, seminar, students } = await buildClass(["Gina", "Hal"]);
    const [gina, hal] = students;
    const t = await buildThread(gina.actor, seminar.id, { body: "Only comment, soon deleted." });
    const reply = await buildComment(gina.actor, t.id, "My own reply.");
    const before = (await eventsAfter(hal.actor, seminar.id, 0)).seq;

    await deleteComment(gina.actor, reply.id);
    await deleteComment(gina.actor, t.comments[0].id);

    const { events } = await eventsAfter(hal.actor, seminar.id, before);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [before + 1, "comment:deleted"],
      [before + 2, "thread:deleted"],
    ]);
    expect(events[1]).toMatchObject({ threadId: t.id, paragraphId: t.paragraphId, commentId: t.comments[0].id });
    // Replay from the start is still one event per seq, ending with the thread's deletion.
    const all = (await eventsAfter(instructor.actor, seminar.id, 0)).events;
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)?.type).toBe("thread:deleted");

    for (const who of [gina, hal, instructor]) {
      expect((await listThreads(who.actor, seminar.id)).threads).toEqual([]);
      expect((await listThreadsPage(who.actor, seminar.id, {})).threads).toEqual([]);
      expect((await roomSummary(who.actor, seminar.id)).paragraphs).toEqual([]);
    }
    await expect(addComment(hal.actor, t.id, { body: "Anyone here?" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a deleted opening comment with a live reply after it keeps its thread (a placeholder)", async () => {
    const { seminar, students } = await buildClass(["Ida", "Jon"]);
    const [ida, jon] = students;
    const t = await buildThread(ida.actor, seminar.id);
    await buildComment(jon.actor, t.id, "Jon's reply stays.");
    await deleteComment(ida.actor, t.comments[0].id);
    const { events } = await eventsAfter(jon.actor, seminar.id, 0);
    expect(events.at(-1)?.type).toBe("comment:deleted");
    const [listed] = (await listThreads(jon.actor, seminar.id)).threads;
    expect(listed.comments.map((c) => c.deletedAt !== null)).toEqual([true, false]);
    expect((await roomSummary(jon.actor, seminar.id)).paragraphs[0].all).toEqual({ threads: 1, comments: 1 });
  });
});

describe("names hidden from students", () => {
  it("an instructor's @real.name mention of a student is not listed with that student's pseudonym for other students", async () => {
    const { instructor, seminar, students } = await buildClass(["Kara", "Leo"]);
    await updateSeminar(instructor.actor, seminar.id, { nameVisibility: "hidden_from_students" }, ORIGIN);
    const [kara, leo] = students;
    const t = await buildThread(instructor.actor, seminar.id, { body: `@${handleFor(kara.user.name)} what do you think?` });

    const asLeo = (await listThreads(leo.actor, seminar.id)).threads[0].comments[0];
    expect(asLeo.mentions, "Leo would learn which Student N Kara is").toEqual([]);
    const replayed = (await eventsAfter(leo.actor, seminar.id, 0)).events.find((e) => e.type === "thread:created");
    expect(replayed?.type === "thread:created" && replayed.thread.comments[0].mentions).toEqual([]);
    // Kara herself, and the instructor, still see the mention.
    expect((await listThreads(kara.actor, seminar.id)).threads[0].comments[0].mentions).toEqual([expect.objectContaining({ name: kara.user.name })]);
    expect((await listThreads(instructor.actor, seminar.id)).threads[0].comments[0].mentions).toEqual([expect.objectContaining({ name: kara.user.name })]);
    expect(t.comments[0].mentions).toHaveLength(1);

    // A mention by pseudonym ("@student.N") is what students see as such, so it stays.
    const pseudonym = await pseudonymOf(seminar.id, kara.user.id);
    const t2 = await buildThread(instructor.actor, seminar.id, { body: `@student.${pseudonym} and you?` });
    const second = (await listThreads(leo.actor, seminar.id)).threads.find((x) => x.id === t2.id)!;
    expect(second.comments[0].mentions).toEqual([expect.objectContaining({ name: `Student ${pseudonym}` })]);
  });
});

async function pseudonymOf(seminarId: string, userId: string): Promise<number> {
  return (await db().membership.findUniqueOrThrow({ where: { seminarId_userId: { seminarId, userId } }, select: { pseudonym: true } })).pseudonym;
}

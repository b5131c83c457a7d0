// Who is notified of what, checked in the notifications table after changes made through the
// threads service: replies reach the thread's other participants, mentions the mentioned (one
// notification per person per comment), reactions and endorsements the comment's author; never
// yourself; muted kinds create nothing; a hidden comment's excerpt never reaches a student.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { updateSeminar, removeMember } from "@/lib/domain/seminars/service";
import { handleFor } from "@/lib/domain/threads/handles";
import { addComment, deleteComment, editComment, setReaction } from "@/lib/domain/threads/service";
import { setEndorsed } from "@/lib/domain/moderation/service";
import { listNotifications, setPreferences } from "@/lib/domain/notifications/service";
import { buildClass, buildComment, buildThread, ORIGIN, type BuiltUser } from "../../helpers/factories";

beforeEach(() => resetWriteLimits());

const at = (who: BuiltUser) => `@${handleFor(who.user.name)}`;

/** Everything in the table for one recipient, oldest first, as [kind, actorId, commentId]. */
async function rowsFor(who: BuiltUser) {
  const rows = await db().notification.findMany({ where: { userId: who.user.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({ kind: r.kind, actorId: r.actorId, commentId: r.commentId, threadId: r.threadId, seminarId: r.seminarId }));
}

const kinds = async (who: BuiltUser) => (await rowsFor(who)).map((r) => r.kind);

describe("replies", () => {
  it("notify everyone who wrote a non-deleted comment in the thread, except the replier", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob", "Cat", "Dan"]);
    const [ann, bob, cat, dan] = students;
    const thread = await buildThread(ann.actor, seminar.id, { body: "Why thirty divisions?" });
    expect(await kinds(ann)).toEqual([]); // starting a thread tells nobody (no mentions)

    const fromBob = await buildComment(bob.actor, thread.id, "Because of the 1938 plan.");
    expect(await rowsFor(ann)).toEqual([{ kind: "REPLY", actorId: bob.user.id, commentId: fromBob.id, threadId: thread.id, seminarId: seminar.id }]);
    expect(await kinds(bob)).toEqual([]);

    const fromCat = await buildComment(cat.actor, thread.id, "Or the 1941 one?");
    expect((await rowsFor(ann)).map((r) => r.commentId)).toEqual([fromBob.id, fromCat.id]);
    expect(await rowsFor(bob)).toEqual([{ kind: "REPLY", actorId: cat.user.id, commentId: fromCat.id, threadId: thread.id, seminarId: seminar.id }]);
    expect(await kinds(cat)).toEqual([]);
    expect(await kinds(dan)).toEqual([]);
    expect(await kinds(instructor)).toEqual([]);

    // Bob deletes his only comment: he no longer takes part, and is not told of the next reply.
    await deleteComment(bob.actor, fromBob.id);
    await buildComment(dan.actor, thread.id, "Dan here.");
    expect(await kinds(bob)).toEqual(["REPLY"]);
    expect(await kinds(ann)).toEqual(["REPLY", "REPLY", "REPLY"]);
    expect(await kinds(cat)).toEqual(["REPLY"]);
    expect(await kinds(dan)).toEqual([]);
  });

  it("a member who left the seminar is not notified", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    const thread = await buildThread(ann.actor, seminar.id);
    await removeMember(instructor.actor, seminar.id, ann.user.id);
    await buildComment(bob.actor, thread.id);
    expect(await kinds(ann)).toEqual([]);
  });
});

describe("mentions", () => {
  it("notify the mentioned, in a new thread's first comment and in replies", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob", "Cat"]);
    const [ann, bob, cat] = students;
    const thread = await buildThread(ann.actor, seminar.id, { body: `What do you think, ${at(bob)}?` });
    expect(await rowsFor(bob)).toEqual([{ kind: "MENTION", actorId: ann.user.id, commentId: thread.comments[0].id, threadId: thread.id, seminarId: seminar.id }]);
    expect(await kinds(cat)).toEqual([]);

    // The instructor is mentioned in a reply by Cat, who has not taken part: instructor MENTION,
    // Ann (participant) REPLY, Bob (not a participant yet: he was only mentioned) nothing new.
    await buildComment(cat.actor, thread.id, `Asking ${at(instructor)} too.`);
    expect(await kinds(instructor)).toEqual(["MENTION"]);
    expect(await kinds(ann)).toEqual(["REPLY"]);
    expect(await kinds(bob)).toEqual(["MENTION"]);
  });

  it("someone mentioned who also took part gets one notification for the comment, a MENTION", async () => {
    const { seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    const thread = await buildThread(ann.actor, seminar.id);
    const reply = await buildComment(bob.actor, thread.id, `${at(ann)} see p. 214, and again ${at(ann)}.`);
    expect(await rowsFor(ann)).toEqual([{ kind: "MENTION", actorId: bob.user.id, commentId: reply.id, threadId: thread.id, seminarId: seminar.id }]);
  });

  it("mentioning yourself notifies nobody", async () => {
    const { seminar, students } = await buildClass(["Ann"]);
    const [ann] = students;
    const thread = await buildThread(ann.actor, seminar.id, { body: `Note to self ${at(ann)}` });
    await buildComment(ann.actor, thread.id, `Again ${at(ann)}`);
    expect(await kinds(ann)).toEqual([]);
  });

  it("an edit that adds a mention notifies the newly mentioned, once", async () => {
    const { seminar, students } = await buildClass(["Ann", "Bob", "Cat"]);
    const [ann, bob, cat] = students;
    const thread = await buildThread(ann.actor, seminar.id, { body: "First draft." });
    const opener = thread.comments[0];
    await editComment(ann.actor, opener.id, { body: `First draft, ${at(bob)}.` });
    await editComment(ann.actor, opener.id, { body: `Second draft, ${at(bob)} and ${at(cat)}.` });
    expect(await kinds(bob)).toEqual(["MENTION"]);
    expect(await kinds(cat)).toEqual(["MENTION"]);
  });
});

describe("reactions", () => {
  it("an added reaction notifies the comment's author once per person; taking it back and reacting to yourself do not", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    const thread = await buildThread(ann.actor, seminar.id);
    const c = thread.comments[0];

    await setReaction(ann.actor, c.id, "agree", true); // her own comment
    expect(await kinds(ann)).toEqual([]);

    await setReaction(bob.actor, c.id, "agree", true);
    expect(await rowsFor(ann)).toEqual([{ kind: "REACTION", actorId: bob.user.id, commentId: c.id, threadId: thread.id, seminarId: seminar.id }]);
    await setReaction(bob.actor, c.id, "insight", true);
    await setReaction(bob.actor, c.id, "insight", false);
    await setReaction(bob.actor, c.id, "agree", false);
    await setReaction(bob.actor, c.id, "agree", true);
    expect(await kinds(ann)).toEqual(["REACTION"]);

    await setReaction(instructor.actor, c.id, "question", true);
    expect((await rowsFor(ann)).map((r) => r.actorId)).toEqual([bob.user.id, instructor.user.id]);
    expect(await kinds(bob)).toEqual([]);
  });
});

describe("endorsements", () => {
  it("notify the comment's author, once, and never the endorser (through the moderation action)", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    const thread = await buildThread(ann.actor, seminar.id);
    const reply = await buildComment(bob.actor, thread.id);
    await setEndorsed(instructor.actor, reply.id, true);
    await setEndorsed(instructor.actor, reply.id, false);
    await setEndorsed(instructor.actor, reply.id, true); // endorsed again: still one notification
    expect((await rowsFor(bob)).filter((r) => r.kind === "ENDORSEMENT")).toEqual([
      { kind: "ENDORSEMENT", actorId: instructor.user.id, commentId: reply.id, threadId: thread.id, seminarId: seminar.id },
    ]);
    const own = await buildThread(instructor.actor, seminar.id);
    await setEndorsed(instructor.actor, own.comments[0].id, true);
    expect(await kinds(instructor)).toEqual([]);
  });
});

describe("preferences", () => {
  it("a muted kind creates nothing; the other kinds still do", async () => {
    const { seminar, students } = await buildClass(["Ann", "Bob", "Cat"]);
    const [ann, bob, cat] = students;
    await setPreferences(ann.actor, { reply: false, mention: true, reaction: false, endorsement: true });
    const thread = await buildThread(ann.actor, seminar.id);
    await buildComment(bob.actor, thread.id, "A reply Ann does not want to hear about.");
    await setReaction(bob.actor, thread.comments[0].id, "agree", true);
    expect(await kinds(ann)).toEqual([]);
    await buildComment(cat.actor, thread.id, `But ${at(ann)} wants mentions.`);
    expect(await kinds(ann)).toEqual(["MENTION"]);
  });

  it("with mentions muted, a mentioned participant still gets the reply notification; with both muted, nothing", async () => {
    const { seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    await setPreferences(ann.actor, { reply: true, mention: false, reaction: true, endorsement: true });
    const thread = await buildThread(ann.actor, seminar.id);
    await buildComment(bob.actor, thread.id, `${at(ann)} look.`);
    expect(await kinds(ann)).toEqual(["REPLY"]);
    await setPreferences(ann.actor, { reply: false, mention: false, reaction: true, endorsement: true });
    await buildComment(bob.actor, thread.id, `${at(ann)} look again.`);
    expect(await kinds(ann)).toEqual(["REPLY"]);
  });
});

describe("what a notification shows", () => {
  it("a hidden comment's excerpt is null for a student and shown to an instructor; a deleted one's is null for all", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    const thread = await buildThread(ann.actor, seminar.id);
    await buildComment(instructor.actor, thread.id, "Instructor's note."); // the instructor takes part
    const secret = "A remark that an instructor will hide";
    const reply = await buildComment(bob.actor, thread.id, `${secret}, ${at(ann)}.`);
    let annList = await listNotifications(ann.actor);
    expect(annList.notifications[0].excerpt).toContain(secret);

    await db().comment.update({ where: { id: reply.id }, data: { hiddenAt: new Date(), hiddenById: instructor.user.id } });
    annList = await listNotifications(ann.actor);
    expect(annList.notifications.find((n) => n.commentId === reply.id)?.excerpt).toBeNull();
    expect(JSON.stringify(annList)).not.toContain(secret);
    const teacher = await listNotifications(instructor.actor);
    expect(teacher.notifications.find((n) => n.commentId === reply.id)?.excerpt).toContain(secret);

    await db().comment.update({ where: { id: reply.id }, data: { hiddenAt: null, hiddenById: null } });
    await deleteComment(bob.actor, reply.id);
    for (const who of [ann, instructor]) {
      const list = await listNotifications(who.actor);
      expect(list.notifications.find((n) => n.commentId === reply.id)?.excerpt).toBeNull();
      expect(JSON.stringify(list)).not.toContain(secret);
    }
  });

  it("names the actor as the recipient may see them, and links to the thread in the room", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    await updateSeminar(instructor.actor, seminar.id, { nameVisibility: "hidden_from_students" }, ORIGIN);
    const thread = await buildThread(ann.actor, seminar.id);
    await buildComment(instructor.actor, thread.id, "Teacher's reply.");
    await addComment(bob.actor, thread.id, { body: "Bob's reply." });
    const forAnn = await listNotifications(ann.actor);
    expect(forAnn.notifications.map((n) => n.actor.name)).toEqual([expect.stringMatching(/^Student \d+$/), instructor.user.name]);
    expect(JSON.stringify(forAnn)).not.toContain(bob.user.name);
    const forTeacher = await listNotifications(instructor.actor);
    expect(forTeacher.notifications.map((n) => n.actor.name)).toEqual([bob.user.name]);
    const n = forAnn.notifications[0];
    expect(n).toMatchObject({ kind: "reply", seminar: { id: seminar.id, title: seminar.title }, threadId: thread.id, paragraphNumber: thread.paragraphNumber, readAt: null });
    expect(n.link).toBe(`/seminars/${seminar.id}?thread=${thread.id}#p-${thread.paragraphNumber}`);
  });
});

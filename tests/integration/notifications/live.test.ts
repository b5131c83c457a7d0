// Notifications over real Socket.IO connections: a new notification reaches the recipient's open
// sockets (every tab) as notification:created with the unread count, and nobody else's; marking
// read sends notifications:read with the new count to the reader's sockets only.
import { beforeEach, describe, expect, it } from "vitest";
import type { NotificationCreated } from "@/lib/realtime/events";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { handleFor } from "@/lib/domain/threads/handles";
import { setReaction } from "@/lib/domain/threads/service";
import { markRead } from "@/lib/domain/notifications/service";
import { buildClass, buildComment, buildThread, type BuiltUser } from "../../helpers/factories";
import { drain, startRealtimeServer, waitUntil, type Conn } from "../../helpers/realtime";

const realtime = startRealtimeServer();

beforeEach(() => resetWriteLimits());

async function connectAs(who: BuiltUser): Promise<Conn> {
  const c = await realtime.connectAs(who);
  // The server joins the user room on connection; a ping's ack proves the connection handler ran.
  await drain(c);
  return c;
}

const named = (c: Conn, event: string) => c.events.filter((e) => e.event === event);

/** Waits until `c` has received the `n`th `event` (1-based) and returns it. */
const nth = <T>(c: Conn, event: string, n = 1, timeoutMs = 5000): Promise<T> =>
  waitUntil(c, () => named(c, event)[n - 1]?.payload as T | undefined, `${event} #${n}`, timeoutMs);

describe("live notifications", () => {
  it("reach the recipient's sockets (both tabs) and nobody else's, with the unread count", async () => {
    const { instructor, seminar, students } = await buildClass(["Ann", "Bob", "Cat"]);
    const [ann, bob, cat] = students;
    const annTab1 = await connectAs(ann);
    const annTab2 = await connectAs(ann);
    const bobConn = await connectAs(bob);
    const teacher = await connectAs(instructor);

    const thread = await buildThread(ann.actor, seminar.id, { body: "Ann opens." });
    const reply = await buildComment(cat.actor, thread.id, "Cat replies to Ann, at some length about the 1938 plan.");

    for (const tab of [annTab1, annTab2]) {
      const got = await nth<NotificationCreated>(tab, "notification:created");
      expect(got.unread).toBe(1);
      expect(got.notification).toMatchObject({ kind: "reply", threadId: thread.id, commentId: reply.id, actor: { name: cat.user.name }, readAt: null, seminar: { id: seminar.id } });
      expect(got.notification.excerpt).toContain("Cat replies to Ann");
    }
    // Delivery to all recipients of one change is one emit loop: Ann's arrival means anything
    // meant for Bob or the instructor was sent before the pings below are answered.
    await Promise.all([drain(bobConn), drain(teacher)]);
    expect(named(bobConn, "notification:created")).toEqual([]);
    expect(named(teacher, "notification:created")).toEqual([]);

    // A mention of Bob in a new thread: Bob's socket only.
    await buildThread(cat.actor, seminar.id, { body: `@${handleFor(bob.user.name)} have a look.` });
    const forBob = await nth<NotificationCreated>(bobConn, "notification:created");
    expect(forBob).toMatchObject({ unread: 1, notification: { kind: "mention", actor: { name: cat.user.name } } });
    await Promise.all([drain(annTab1), drain(teacher)]);
    expect(named(annTab1, "notification:created")).toHaveLength(1);
    expect(named(teacher, "notification:created")).toEqual([]);

    // A reaction by the instructor to Ann's opening comment: Ann's count rises to 2.
    await setReaction(instructor.actor, thread.comments[0].id, "insight", true);
    const second = await nth<NotificationCreated>(annTab1, "notification:created", 2);
    expect(second).toMatchObject({ unread: 2, notification: { kind: "reaction", actor: { name: instructor.user.name } } });
  });

  it("marking read tells the reader's sockets the new count, and nobody else's", async () => {
    const { seminar, students } = await buildClass(["Ann", "Bob"]);
    const [ann, bob] = students;
    const annConn = await connectAs(ann);
    const bobConn = await connectAs(bob);
    const thread = await buildThread(ann.actor, seminar.id);
    await buildComment(bob.actor, thread.id, "One");
    await buildComment(bob.actor, thread.id, "Two");
    await nth<NotificationCreated>(annConn, "notification:created", 2);

    const mine = (named(annConn, "notification:created").map((e) => e.payload) as NotificationCreated[]).map((p) => p.notification.id);
    await markRead(ann.actor, { ids: [mine[0]] });
    expect(await nth<{ unread: number }>(annConn, "notifications:read")).toEqual({ unread: 1 });
    await markRead(ann.actor, { all: true });
    expect(await nth<{ unread: number }>(annConn, "notifications:read", 2)).toEqual({ unread: 0 });
    await drain(bobConn);
    expect(named(bobConn, "notifications:read")).toEqual([]);
  });
});

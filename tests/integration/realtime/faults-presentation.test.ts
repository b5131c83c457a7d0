// Fault test (c): a presentation that throws for one event, after its change committed. The
// presenter is made to throw for any comment whose body carries POISON (both on the hot reply
// path, addComment, and on the publish path, editComment). Later events must still reach every
// connected client; the poisoned seq reaches them as event:withheld, live and in replay
// (seminar:join { afterSeq } and GET /events?after=), so no client is ever missing a seq; and
// the sequencer holds nothing afterwards. A thread whose rows are gone replays as withheld too.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DiscussionEvent } from "@/lib/realtime/events";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { addComment, editComment, setReaction } from "@/lib/domain/threads/service";
import { sequencer } from "@/lib/realtime/sequencer";
import { db } from "@/lib/db/client";
import * as eventsRoute from "@/app/api/v1/seminars/[id]/events/route";
import { buildClass, buildComment, buildThread, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call } from "../../helpers/http";
import { discussion, joined, startRealtimeServer, waitForSeq, type Conn } from "../../helpers/realtime";

const POISON = "\u2620 poison pill";

vi.mock("@/lib/domain/threads/present", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/domain/threads/present")>();
  return {
    ...real,
    presentComment: (...args: Parameters<typeof real.presentComment>) => {
      if (args[0].body.includes(POISON)) throw new Error("presenter failed on purpose");
      return real.presentComment(...args);
    },
  };
});

const { connectAs } = startRealtimeServer();

beforeEach(() => {
  resetWriteLimits();
  // The server logs each presentation failure once; keep the test output readable.
  vi.spyOn(console, "error").mockImplementation(() => {});
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const lastSeq = async (seminarId: string) => (await db().seminar.findUniqueOrThrow({ where: { id: seminarId }, select: { lastSeq: true } })).lastSeq;

async function eventsOverHttp(who: BuiltUser, seminarId: string, after: number) {
  const r = await call(eventsRoute.GET, { url: `/api/v1/seminars/${seminarId}/events?after=${after}`, params: { id: seminarId }, auth: { cookie: await sessionCookie(who.user) } });
  expect(r.status, r.text).toBe(200);
  return r.body as { seq: number; events: DiscussionEvent[]; more: boolean };
}

/** seq → type, as one client got them. */
const shape = (events: DiscussionEvent[]) => events.map((e) => [e.seq, e.type]);

describe("a presentation that throws for one event", () => {
  it("does not stop later events; clients get event:withheld for that seq, live and in replay, with no seq missing", async () => {
    const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
    const [ana, ben] = students;
    const clients: Conn[] = [await connectAs(instructor), await connectAs(ana), await connectAs(ben)];
    for (const c of clients) await joined(c, seminar.id);
    const n = await lastSeq(seminar.id);

    const thread = await buildThread(ana.actor, seminar.id, { body: "Opening question" }); // n+1
    // n+2: the hot path. The reply commits; presenting it throws (the author's own response
    // fails too, as the same presenter builds it; the reply is stored all the same).
    await addComment(ben.actor, thread.id, { body: `Look: ${POISON}` }).catch(() => null);
    const poisonedReply = n + 2;
    expect(await lastSeq(seminar.id)).toBe(poisonedReply);
    const fine = await buildComment(ana.actor, thread.id, "A reply after the failure"); // n+3
    // n+4: the publish path (edit), poisoned; n+5: a reaction after it
    await editComment(ana.actor, fine.id, { body: `Edited: ${POISON}` }).catch(() => null);
    const poisonedEdit = n + 4;
    const other = await buildComment(ben.actor, thread.id, "Still here"); // n+5
    await setReaction(instructor.actor, other.id, "agree", true); // n+6
    const last = n + 6;
    expect(await lastSeq(seminar.id)).toBe(last);

    const expected = [
      [n + 1, "thread:created"],
      [n + 2, "event:withheld"],
      [n + 3, "comment:created"],
      [n + 4, "event:withheld"],
      [n + 5, "comment:created"],
      [n + 6, "reaction:changed"],
    ];
    for (const c of clients) {
      await waitForSeq(c, last);
      const got = discussion(c);
      expect(got.map((e) => e.seq), `${c.who.user.name} received every seq once, in order`).toEqual(range(n + 1, last));
      expect(shape(got)).toEqual(expected);
    }
    expect(sequencer.pendingOf(seminar.id)).toEqual([]);

    // Replay on join, from before the failures. Replay presents the rows as they are now: the
    // reply of n+3 now carries the poisoned edit, so n+3 is withheld too; every seq is there.
    const replayed = expected.map(([seq, type]) => [seq, seq === n + 3 ? "event:withheld" : type]);
    const late = await connectAs(ana);
    const ack = await joined(late, seminar.id, n);
    expect(shape(ack.events)).toEqual(replayed);
    // and over HTTP
    const page = await eventsOverHttp(ben, seminar.id, n);
    expect(shape(page.events)).toEqual(replayed);
    expect(page.seq).toBe(last);
    expect([poisonedReply, poisonedEdit].every((s) => page.events.find((e) => e.seq === s)?.type === "event:withheld")).toBe(true);
  });

  it("an event whose thread is gone replays as event:withheld for its seq, never skipped", async () => {
    const { seminar, students } = await buildClass(["Cai"]);
    const [cai] = students;
    const n = await lastSeq(seminar.id);
    const gone = await buildThread(cai.actor, seminar.id, { body: "Soon gone" }); // n+1
    await buildComment(cai.actor, gone.id, "Reply to the gone thread"); // n+2
    const kept = await buildThread(cai.actor, seminar.id, { body: "Kept" }); // n+3
    // The rows behind n+1 and n+2 disappear (as if deleted by hand); their event rows stay.
    await db().thread.delete({ where: { id: gone.id } });

    const page = await eventsOverHttp(cai, seminar.id, n);
    expect(shape(page.events)).toEqual([
      [n + 1, "event:withheld"],
      [n + 2, "event:withheld"],
      [n + 3, "thread:created"],
    ]);
    const c = await connectAs(cai);
    const ack = await joined(c, seminar.id, n);
    expect(shape(ack.events)).toEqual(shape(page.events));
    expect((ack.events[2] as Extract<DiscussionEvent, { type: "thread:created" }>).thread.id).toBe(kept.id);
  });
});

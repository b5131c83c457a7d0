// A membership change racing a socket's seminar:join. The join is held, by a gate on the
// seminars service's membership check, at the two points where a change can slip in: after its
// first membership check (before the socket enters the rooms) and after it entered the rooms
// (before its second look). Whatever the interleaving, a removed member's socket ends in no room
// of the seminar and receives none of its later events, and a promoted or demoted member's socket
// ends in exactly the role room the database holds.
import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { rooms } from "@/lib/realtime/events";
import { realtime } from "@/lib/realtime/publish";
import { listMembers, removeMember, updateMember } from "@/lib/domain/seminars/service";
import { buildClass, buildThread, type BuiltUser } from "../../helpers/factories";
import { discussion, drain, join, startRealtimeServer, waitForSeq, type Conn } from "../../helpers/realtime";

/** Holds the `call`-th membership check of `userId` (1: before the rooms are joined, 2: after). */
const gate = vi.hoisted(() => ({
  hold: null as null | { userId: string; call: number; seen: number; reached: () => void; release: Promise<void> },
}));

vi.mock("@/lib/domain/seminars/service", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/domain/seminars/service")>();
  return {
    ...real,
    requireMembership: async (actor: Pick<Actor, "id">, seminarId: string) => {
      const h = gate.hold;
      const mine = h && h.userId === actor.id ? ++h.seen === h.call : false;
      if (mine && h) {
        // The second look must read after the change: hold before it reads.
        if (h.call === 2) {
          gate.hold = null;
          h.reached();
          await h.release;
          return real.requireMembership(actor, seminarId);
        }
      }
      const found = await real.requireMembership(actor, seminarId);
      if (mine && h) {
        gate.hold = null;
        h.reached();
        await h.release;
      }
      return found;
    },
  };
});

const { connectAs } = startRealtimeServer();

/** Starts `who`'s join and holds it at the `call`-th membership check; `release` lets it go on. */
async function heldJoin(c: Conn, seminarId: string, call: 1 | 2) {
  let reached!: () => void;
  let release!: () => void;
  const atGate = new Promise<void>((r) => (reached = r));
  gate.hold = { userId: c.who.user.id, call, seen: 0, reached, release: new Promise<void>((r) => (release = r)) };
  const ack = join(c, seminarId);
  await Promise.race([
    atGate,
    ack.then((a) => {
      throw new Error(`the join finished without reaching membership check ${call}: ${JSON.stringify(a)}`);
    }),
  ]);
  return { ack, release };
}

/** The seminar's rooms that hold a socket of `who`, across the server. */
async function roomsOf(who: BuiltUser, seminarId: string): Promise<string[]> {
  const io = realtime()!;
  const found: string[] = [];
  for (const room of [rooms.seminar(seminarId), rooms.seminarRole(seminarId, "instructor"), rooms.seminarRole(seminarId, "student")]) {
    const sockets = await io.in(room).fetchSockets();
    if (sockets.some((s) => s.data.user.id === who.user.id)) found.push(room);
  }
  return found;
}

describe("a membership change racing a socket's seminar:join", () => {
  for (const call of [1, 2] as const) {
    it(`a member removed while their join is in flight (held ${call === 1 ? "before entering the rooms" : "after entering the rooms"}) ends in no room and receives no later event`, async () => {
      const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
      const [ana, ben] = students;
      const anaConn = await connectAs(ana);
      const benConn = await connectAs(ben);
      expect((await join(benConn, seminar.id)).ok).toBe(true);

      const { ack, release } = await heldJoin(anaConn, seminar.id, call);
      await removeMember(instructor.actor, seminar.id, ana.user.id);
      release();
      expect(await ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(await roomsOf(ana, seminar.id)).toEqual([]);

      // A later event reaches the remaining member and not the removed one.
      const from = anaConn.events.length;
      await buildThread(ben.actor, seminar.id, { body: "After Ana left" });
      const seq = (await waitForSeq(benConn, 1)).seq;
      expect(seq).toBe(1);
      await drain(anaConn);
      expect(discussion(anaConn, from)).toEqual([]);
    });
  }

  for (const call of [1, 2] as const) {
    it(`a student promoted while their join is in flight (held ${call === 1 ? "before" : "after"} entering the rooms) ends in the instructors' room only`, async () => {
      const { instructor, seminar, students } = await buildClass(["Cai"]);
      const [cai] = students;
      const conn = await connectAs(cai);
      const { ack, release } = await heldJoin(conn, seminar.id, call);
      await updateMember(instructor.actor, seminar.id, cai.user.id, { role: "instructor" });
      release();
      const got = await ack;
      expect(got).toMatchObject({ ok: true, data: { role: "instructor" } });
      expect((await roomsOf(cai, seminar.id)).sort()).toEqual([rooms.seminar(seminar.id), rooms.seminarRole(seminar.id, "instructor")].sort());
    });
  }

  it("two role changes racing each other leave the socket in the room of the role the database holds last", async () => {
    const { instructor, seminar, students } = await buildClass(["Dee"]);
    const [dee] = students;
    const conn = await connectAs(dee);
    expect((await join(conn, seminar.id)).ok).toBe(true);
    await Promise.all([
      updateMember(instructor.actor, seminar.id, dee.user.id, { role: "instructor" }),
      updateMember(instructor.actor, seminar.id, dee.user.id, { role: "student" }),
      updateMember(instructor.actor, seminar.id, dee.user.id, { role: "instructor" }),
    ]);
    // Whichever committed last decides; the socket's role room must agree with it.
    const role = (await listMembers(instructor.actor, seminar.id)).find((m) => m.userId === dee.user.id)?.role;
    expect(role).toBeDefined();
    expect((await roomsOf(dee, seminar.id)).sort()).toEqual([rooms.seminar(seminar.id), rooms.seminarRole(seminar.id, role!)].sort());
  });
});

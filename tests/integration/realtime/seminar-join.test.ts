// Seminar rooms over real Socket.IO connections: the handshake must authenticate, only members
// get into a seminar's room, only they receive its events, presence is pushed as deltas on join and
// leave (coalesced; a user leaves with their last socket), and with names hidden no student's
// payload carries another student's name.
import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import type { PresenceChanged, RoomState } from "@/lib/realtime/events";
import { removeMember, updateMember, updateSeminar } from "@/lib/domain/seminars/service";
import { revokeToken } from "@/lib/domain/tokens/service";
import { buildSeminar, buildToken, buildUser, joinAs, ORIGIN, sessionCookie, uniqueEmail, type BuiltUser } from "../../helpers/factories";
import { drain, join, joined, presenceDeltas, presenceView, refusedWith, startRealtimeServer, waitFor, waitForPresence, type Conn, type Credentials } from "../../helpers/realtime";

const { socket, connectWith, connectAs } = startRealtimeServer();

/** The connect_error a handshake gets, or null if it connected. */
const refusal = (creds: Credentials) => refusedWith(socket(creds));

async function member(built: BuiltUser, via: "token" | "cookie" = "token"): Promise<Conn> {
  return via === "token" ? connectWith({ token: (await buildToken(built.actor, "socket")).token }, built) : connectAs(built);
}

const keysOf = (list: { key: string }[]) => list.map((m) => m.key).sort();

/** A seminar with an instructor and `n` students, all built fresh. */
async function seminarWith(n: number, names: string[] = []) {
  const teacher = await buildUser({ name: `Teacher ${Math.random().toString(36).slice(2, 7)}` });
  const s = await buildSeminar(teacher.actor);
  const students: BuiltUser[] = [];
  for (let i = 0; i < n; i++) {
    const first = names[i] ?? `Student${i}`;
    const st = await buildUser({ name: `${first} ${Math.random().toString(36).slice(2, 7)}`, email: uniqueEmail(first.toLowerCase()) });
    await joinAs(st.actor, s);
    students.push(st);
  }
  return { teacher, s, students };
}

describe("the socket handshake", () => {
  it("refuses a connection without credentials, with a revoked or made-up token, or with a forged cookie", async () => {
    const someone = await buildUser();
    const revoked = await buildToken(someone.actor, "to revoke");
    await revokeToken(someone.actor, revoked.id);
    const cases = [
      {},
      { token: revoked.token },
      { token: "col_made-up" },
      { token: "not even a token" },
      { cookie: await sessionCookie(someone.user, "the-wrong-secret-the-wrong-secret-000") },
      { cookie: "authjs.session-token=garbage" },
    ];
    for (const creds of cases) {
      const err = await refusal(creds);
      expect(err, JSON.stringify(creds).slice(0, 60)).not.toBeNull();
      expect(err!.message).toMatch(/sign in/i);
    }
  });

  it("accepts the session cookie, an API token in auth.token, and a Bearer Authorization header", async () => {
    const someone = await buildUser();
    const { token } = await buildToken(someone.actor);
    for (const creds of [{ cookie: await sessionCookie(someone.user) }, { token }, { authorization: `Bearer ${token}` }]) {
      const c = await connectWith(creds);
      expect(await c.socket.timeout(5000).emitWithAck("ping", {})).toMatchObject({ ok: true });
      c.socket.disconnect();
    }
  });
});

describe("seminar:join", () => {
  it("acknowledges a member with their role, themselves, the room state and who is present", async () => {
    const { teacher, s, students } = await seminarWith(1);
    const t = await member(teacher, "cookie");
    const tAck = await join(t, s.id);
    // toMatchObject: later features may add to the ack; these fields are the contract of this one
    expect(tAck).toMatchObject({
      ok: true,
      data: {
        seminarId: s.id,
        role: "instructor",
        you: { key: expect.any(String), name: teacher.user.name, role: "instructor" },
        room: { seminarId: s.id, title: s.title, state: "open", closesAt: null, canWrite: true },
      },
    });
    if (tAck.ok) expect(tAck.data.present).toEqual([{ key: tAck.data.you.key, name: teacher.user.name, role: "instructor" }]);

    const st = await member(students[0]);
    const sAck = await join(st, s.id);
    expect(sAck.ok).toBe(true);
    if (!sAck.ok) return;
    expect(sAck.data).toMatchObject({ role: "student", you: { name: students[0].user.name, role: "student" }, room: { canWrite: true } });
    expect(sAck.data.present.map((p) => p.name).sort()).toEqual([students[0].user.name, teacher.user.name].sort());
  });

  it("refuses a non-member with FORBIDDEN, exactly as for a seminar that does not exist", async () => {
    const { s } = await seminarWith(0);
    const outsider = await member(await buildUser());
    const forbidden = await join(outsider, s.id);
    expect(forbidden).toEqual({ ok: false, error: { code: "FORBIDDEN", message: expect.any(String) } });
    const missing = await join(outsider, "cnosuchseminar000000000000");
    expect(missing).toEqual(forbidden);
  });

  it("answers malformed input with BAD_REQUEST and keeps the socket usable", async () => {
    const c = await member(await buildUser());
    const raw = c.socket.timeout(5000) as unknown as Socket;
    for (const input of [{}, { seminarId: 42 }, { seminarId: "" }, { seminarId: "x".repeat(65) }, { seminarId: "a\u0000b" }, { seminarId: "abc", extra: true }, null]) {
      const ack = await raw.emitWithAck("seminar:join", input);
      expect(ack, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.any(String) } });
    }
    expect(await c.socket.timeout(5000).emitWithAck("ping", {})).toMatchObject({ ok: true });
  });

  it("a non-member receives no event of the seminar while its members join, leave and the seminar is closed", async () => {
    const { teacher, s, students } = await seminarWith(2);
    const outsider = await member(await buildUser({ name: "Nosy Outsider" }));
    expect(await join(outsider, s.id)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    const t = await member(teacher);
    const a = await member(students[0]);
    const tView = presenceView(t, await joined(t, s.id));
    await join(a, s.id);
    const b = await member(students[1]);
    await join(b, s.id);
    await waitForPresence(t, tView, (list) => list.length === 3);
    b.socket.disconnect();
    await waitForPresence(t, tView, (list) => list.length === 2);

    const mark = { t: t.events.length, a: a.events.length };
    await updateSeminar(teacher.actor, s.id, { closed: true }, ORIGIN);
    expect(await waitFor<RoomState>(a, "seminar:updated", () => true, mark.a)).toMatchObject({ seminarId: s.id, state: "closed", canWrite: false });
    expect(await waitFor<RoomState>(t, "seminar:updated", () => true, mark.t)).toMatchObject({ seminarId: s.id, state: "closed", canWrite: true });

    await drain(outsider);
    expect(outsider.events).toEqual([]);
  });
});

describe("presence", () => {
  it("pushes a joiner (only them, not the whole list) to those already in the room, and their leaving when they disconnect", async () => {
    const { teacher, s, students } = await seminarWith(1);
    const t = await member(teacher);
    const tAck = await joined(t, s.id);
    const tView = presenceView(t, tAck);
    // a joiner's own arrival reaches them too (harmless: the list already has them); wait for it
    await waitFor<PresenceChanged>(t, "presence:changed", (p) => p.joined.some((m) => m.key === tAck.you.key));

    const st = await member(students[0]);
    const from = t.events.length;
    const stAck = await joined(st, s.id);
    const withB = await waitForPresence(t, tView, (list) => list.some((m) => m.key === stAck.you.key));
    expect(keysOf(withB)).toEqual(keysOf([tAck.you, stAck.you]));
    const arrived = presenceDeltas(t, s.id, from).find((d) => d.joined.some((m) => m.key === stAck.you.key))!;
    expect(arrived).toEqual({ seminarId: s.id, joined: [{ key: stAck.you.key, name: students[0].user.name, role: "student" }], left: [] });

    const before = t.events.length;
    st.socket.disconnect();
    const gone = await waitFor<PresenceChanged>(t, "presence:changed", (p) => p.left.includes(stAck.you.key), before);
    expect(gone).toEqual({ seminarId: s.id, joined: [], left: [stAck.you.key] });
    expect(keysOf(tView())).toEqual([tAck.you.key]);
  });

  it("a user with two sockets (two tabs) is present once, and leaves only with their last socket", async () => {
    const { teacher, s, students } = await seminarWith(2);
    const t = await member(teacher);
    const tView = presenceView(t, await joined(t, s.id));
    const from = t.events.length;
    const tab1 = await member(students[0]);
    const tab2 = await member(students[0]);
    const me = (await joined(tab1, s.id)).you;
    const again = await joined(tab2, s.id);
    expect(again.present.filter((m) => m.key === me.key)).toHaveLength(1);
    await waitForPresence(t, tView, (list) => list.some((m) => m.key === me.key));

    // one tab leaves (acknowledged, so the server has taken it out); then someone else arrives
    await tab1.socket.timeout(5000).emitWithAck("seminar:leave", { seminarId: s.id });
    const other = await member(students[1]);
    const otherKey = (await joined(other, s.id)).you.key;
    await waitForPresence(t, tView, (list) => list.some((m) => m.key === otherKey));
    // pushes keep their order, so any push for the first tab's leaving came before this one: there was none
    expect(presenceDeltas(t, s.id, from).flatMap((d) => d.left)).toEqual([]);
    expect(tView().filter((m) => m.key === me.key)).toHaveLength(1);
    // and the user was announced once, not once per tab
    expect(presenceDeltas(t, s.id, from).flatMap((d) => d.joined).filter((m) => m.key === me.key)).toHaveLength(1);

    tab2.socket.disconnect();
    await waitForPresence(t, tView, (list) => !list.some((m) => m.key === me.key));
  });

  it("a burst of joins reaches those in the room as a few coalesced messages, each newcomer announced once", async () => {
    const n = 12;
    const { teacher, s, students } = await seminarWith(n);
    const t = await member(teacher);
    const tAck = await joined(t, s.id);
    const tView = presenceView(t, tAck);
    await waitFor<PresenceChanged>(t, "presence:changed", (p) => p.joined.some((m) => m.key === tAck.you.key));
    const conns = await Promise.all(students.map((st) => member(st)));
    const from = t.events.length;
    const acks = await Promise.all(conns.map((c) => joined(c, s.id)));
    await waitForPresence(t, tView, (list) => list.length === n + 1);
    const deltas = presenceDeltas(t, s.id, from);
    const announced = deltas.flatMap((d) => d.joined.map((m) => m.key));
    expect(announced.sort()).toEqual(keysOf(acks.map((a) => a.you)));
    // coalesced: far fewer messages than joiners (one per window, not one per join)
    expect(deltas.length).toBeLessThanOrEqual(n / 2);
  });

  it("seminar:leave takes a member out of the room: others see them go, and they get no more events", async () => {
    const { teacher, s, students } = await seminarWith(1);
    const t = await member(teacher);
    const st = await member(students[0]);
    await join(t, s.id);
    const ack = await join(st, s.id);
    if (!ack.ok) throw new Error("student could not join");
    // seen arriving first (a join and leave within one coalescing window cancel out)
    await waitFor<PresenceChanged>(t, "presence:changed", (p) => p.joined.some((m) => m.key === ack.data.you.key));
    const from = t.events.length;
    expect(await st.socket.timeout(5000).emitWithAck("seminar:leave", { seminarId: s.id })).toEqual({ ok: true, data: { seminarId: s.id } });
    await waitFor<PresenceChanged>(t, "presence:changed", (p) => p.left.includes(ack.data.you.key), from);

    const mark = st.events.length;
    await updateSeminar(teacher.actor, s.id, { title: "Renamed while away" }, ORIGIN);
    await waitFor<RoomState>(t, "seminar:updated", (r) => r.title === "Renamed while away");
    await drain(st);
    expect(st.events.slice(mark)).toEqual([]);
  });

  it("a removed member is told so, leaves the room, and receives nothing afterwards", async () => {
    const { teacher, s, students } = await seminarWith(1);
    const t = await member(teacher);
    const st = await member(students[0]);
    await join(t, s.id);
    const ack = await join(st, s.id);
    if (!ack.ok) throw new Error("student could not join");
    await waitFor<PresenceChanged>(t, "presence:changed", (p) => p.joined.some((m) => m.key === ack.data.you.key));

    const from = { t: t.events.length, st: st.events.length };
    await removeMember(teacher.actor, s.id, students[0].user.id);
    expect(await waitFor(st, "seminar:removed", () => true, from.st)).toEqual({ seminarId: s.id });
    await waitFor<PresenceChanged>(t, "presence:changed", (p) => p.left.includes(ack.data.you.key), from.t);

    const mark = st.events.length;
    await updateSeminar(teacher.actor, s.id, { closed: true }, ORIGIN);
    await waitFor<RoomState>(t, "seminar:updated", (r) => r.state === "closed");
    await drain(st);
    expect(st.events.slice(mark)).toEqual([]);
    // and cannot simply join the room again
    expect(await join(st, s.id)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("a student promoted while in the room gets the instructors' view of later events, and shows as an instructor in presence", async () => {
    const { teacher, s, students } = await seminarWith(1);
    const t = await member(teacher);
    const st = await member(students[0]);
    const tView = presenceView(t, await joined(t, s.id));
    const stKey = (await joined(st, s.id)).you.key;
    await waitForPresence(t, tView, (list) => list.some((m) => m.key === stKey && m.role === "student"));
    await updateMember(teacher.actor, s.id, students[0].user.id, { role: "instructor" });
    await waitForPresence(t, tView, (list) => list.some((m) => m.key === stKey && m.role === "instructor"));
    const mark = st.events.length;
    await updateSeminar(teacher.actor, s.id, { closed: true }, ORIGIN);
    const updates = async () => {
      await waitFor<RoomState>(st, "seminar:updated", () => true, mark);
      await drain(st);
      return st.events.slice(mark).filter((e) => e.event === "seminar:updated").map((e) => e.payload as RoomState);
    };
    // exactly one update, the instructors' (a socket in both role rooms would get two)
    const got = await updates();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ seminarId: s.id, title: s.title, state: "closed", closesAt: null, canWrite: true });
  });
});

describe("names hidden from students, over the socket", () => {
  it("a student's join ack and presence payloads never contain another student's name, email or id; the instructor's do name them", async () => {
    const { teacher, s, students } = await seminarWith(2, ["Rosalind", "Quentin"]);
    await updateSeminar(teacher.actor, s.id, { nameVisibility: "hidden_from_students" }, ORIGIN);
    const [ros, que] = students;

    const t = await member(teacher);
    const tView = presenceView(t, await joined(t, s.id));
    const r = await member(ros);
    const rView = presenceView(r, await joined(r, s.id));
    const q = await member(que);
    const qAck = await join(q, s.id);
    if (!qAck.ok) throw new Error("Quentin could not join");
    const quentinAsSeen = (await waitForPresence(r, rView, (list) => list.some((m) => m.key === qAck.data.you.key))).find((m) => m.key === qAck.data.you.key)!;
    expect(quentinAsSeen.name).toMatch(/^Student \d+$/);
    const full = await waitForPresence(t, tView, (list) => list.length === 3);
    q.socket.disconnect();
    await waitForPresence(r, rView, (list) => !list.some((m) => m.key === qAck.data.you.key));

    const seenByRos = r.raw();
    for (const secret of [que.user.name, "Quentin", que.user.email, que.user.id]) expect(seenByRos, `Rosalind saw ${secret}`).not.toContain(secret);

    // Quentin's own ack named Rosalind only by pseudonym, and himself by name
    const seenByQue = q.raw();
    for (const secret of [ros.user.name, "Rosalind", ros.user.email, ros.user.id]) expect(seenByQue, `Quentin saw ${secret}`).not.toContain(secret);
    expect(qAck.data.you.name).toBe(que.user.name);

    // the instructor sees real names
    expect(full.map((m) => m.name).sort()).toEqual([teacher.user.name, ros.user.name, que.user.name].sort());
    // and nobody's payload carries an email or an account id
    expect(t.raw()).not.toContain(ros.user.email);
    expect(t.raw()).not.toContain(ros.user.id);
  });

  it("hiding names while students are in the room re-sends presence with pseudonyms", async () => {
    const { teacher, s, students } = await seminarWith(2, ["Theodora", "Ulysses"]);
    const [theo, uly] = students;
    const a = await member(theo);
    const b = await member(uly);
    const aView = presenceView(a, await joined(a, s.id));
    const ulyKey = (await joined(b, s.id)).you.key;
    await waitForPresence(a, aView, (list) => list.some((m) => m.name === uly.user.name));

    const from = a.events.length;
    await updateSeminar(teacher.actor, s.id, { nameVisibility: "hidden_from_students" }, ORIGIN);
    const hidden = await waitFor<PresenceChanged>(a, "presence:changed", () => true, from);
    // everyone present, re-sent with the names students may now see
    expect(hidden.joined).toHaveLength(2);
    expect(hidden.left).toEqual([]);
    expect(JSON.stringify(a.events.slice(from))).not.toContain(uly.user.name);
    expect(aView().find((m) => m.key === ulyKey)?.name).toMatch(/^Student \d+$/);
  });
});

// Seminars through the API: creating one, joining by code, codes that are replaced, roles,
// removal, closing and reopening, and the name setting as seen in raw student-facing responses.
import { describe, expect, it } from "vitest";
import * as join from "@/app/api/v1/join/route";
import * as seminars from "@/app/api/v1/seminars/route";
import * as seminar from "@/app/api/v1/seminars/[id]/route";
import * as joinCode from "@/app/api/v1/seminars/[id]/join-code/route";
import * as members from "@/app/api/v1/seminars/[id]/members/route";
import * as member from "@/app/api/v1/seminars/[id]/members/[userId]/route";
import { JOIN_CODE_ALPHABET } from "@/lib/domain/seminars/schema";
import type { MemberView, SeminarView } from "@/lib/domain/seminars/present";
import { buildToken, buildUser, sampleReadingId, sessionCookie, uniqueEmail, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type Auth, type CallResult } from "../../helpers/http";

interface Caller extends BuiltUser {
  auth: Auth;
}

async function caller(name?: string, email?: string): Promise<Caller> {
  const built = await buildUser({ name, email });
  return { ...built, auth: { cookie: await sessionCookie(built.user) } };
}

async function tokenCaller(name?: string): Promise<Caller> {
  const built = await buildUser({ name });
  return { ...built, auth: { token: (await buildToken(built.actor)).token } };
}

const api = {
  create: (c: Caller, body: Record<string, unknown>) => call(seminars.POST, { url: "/api/v1/seminars", json: body, auth: c.auth }),
  list: (c: Caller) => call(seminars.GET, { url: "/api/v1/seminars", auth: c.auth }),
  get: (c: Caller, id: string) => call(seminar.GET, { url: `/api/v1/seminars/${id}`, params: { id }, auth: c.auth }),
  patch: (c: Caller, id: string, body: unknown) => call(seminar.PATCH, { method: "PATCH", url: `/api/v1/seminars/${id}`, params: { id }, json: body, auth: c.auth }),
  newCode: (c: Caller, id: string) => call(joinCode.POST, { method: "POST", url: `/api/v1/seminars/${id}/join-code`, params: { id }, auth: c.auth }),
  join: (c: Caller, code: string) => call(join.POST, { url: "/api/v1/join", json: { code }, auth: c.auth }),
  members: (c: Caller, id: string) => call(members.GET, { url: `/api/v1/seminars/${id}/members`, params: { id }, auth: c.auth }),
  setRole: (c: Caller, id: string, userId: string, role: string) =>
    call(member.PATCH, { method: "PATCH", url: `/api/v1/seminars/${id}/members/${userId}`, params: { id, userId }, json: { role }, auth: c.auth }),
  remove: (c: Caller, id: string, userId: string) =>
    call(member.DELETE, { method: "DELETE", url: `/api/v1/seminars/${id}/members/${userId}`, params: { id, userId }, auth: c.auth }),
};

function ok<T>(r: CallResult, status = 200): T {
  expect(r.status, r.text).toBe(status);
  return r.body as T;
}

async function newSeminar(instructor: Caller, extra: Record<string, unknown> = {}): Promise<SeminarView & { joinCode: string; inviteUrl: string }> {
  return ok(await api.create(instructor, { title: "Reading Deutscher", readingId: await sampleReadingId(), ...extra }), 201);
}

const memberList = async (c: Caller, id: string) => ok<{ members: MemberView[] }>(await api.members(c, id)).members;

describe("creating a seminar", () => {
  it("makes the creator its instructor, with a join code from the look-alike-free alphabet and an invite URL carrying it", async () => {
    const teacher = await caller("Teacher");
    const s = await newSeminar(teacher, { description: "Week one", closesAt: "2099-01-01T12:00:00Z" });
    expect(s).toMatchObject({ title: "Reading Deutscher", description: "Week one", role: "instructor", state: "open", memberCount: 1, nameVisibility: "shown" });
    expect(s.closesAt).toBe("2099-01-01T12:00:00.000Z");
    expect(s.joinCode.length).toBeGreaterThanOrEqual(8);
    expect([...s.joinCode].every((ch) => JOIN_CODE_ALPHABET.includes(ch)), s.joinCode).toBe(true);
    expect(s.joinCode).not.toMatch(/[01OIL]/);
    expect(s.inviteUrl).toBe(`http://localhost:3000/join/${s.joinCode}`);
    expect(s.reading).toMatchObject({ id: await sampleReadingId(), title: expect.any(String) });

    const mine = ok<{ seminars: SeminarView[] }>(await api.list(teacher)).seminars;
    expect(mine.map((x) => [x.id, x.role])).toEqual([[s.id, "instructor"]]);
  });

  it("gives every seminar its own code", async () => {
    const teacher = await caller();
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add((await newSeminar(teacher)).joinCode);
    expect(codes.size).toBe(5);
  });

  it("works the same with an API token as with the session cookie", async () => {
    const scripted = await tokenCaller("Script Teacher");
    const s = await newSeminar(scripted);
    expect(ok<SeminarView>(await api.get(scripted, s.id)).role).toBe("instructor");
  });
});

describe("joining by code", () => {
  it("makes the joiner a student; the student sees the seminar with their role and no join code", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const student = await caller();
    expect(ok(await api.join(student, s.joinCode))).toEqual({ seminarId: s.id, role: "student", joined: true });

    const seen = ok<SeminarView>(await api.get(student, s.id));
    expect(seen).toMatchObject({ id: s.id, role: "student", memberCount: 2 });
    expect(seen.joinCode).toBeUndefined();
    expect(seen.inviteUrl).toBeUndefined();
    const listed = ok<{ seminars: SeminarView[] }>(await api.list(student)).seminars;
    expect(listed.map((x) => [x.id, x.role])).toEqual([[s.id, "student"]]);
    expect(JSON.stringify(listed)).not.toContain(s.joinCode);
  });

  it("accepts the code in lower case and with spaces around it", async () => {
    const s = await newSeminar(await caller());
    const student = await caller();
    expect(ok(await api.join(student, `  ${s.joinCode.toLowerCase()} `))).toMatchObject({ seminarId: s.id, role: "student" });
  });

  it("twice is harmless: same role, no second membership", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const student = await caller();
    ok(await api.join(student, s.joinCode));
    expect(ok(await api.join(student, s.joinCode))).toEqual({ seminarId: s.id, role: "student", joined: false });
    // the instructor "joining" their own seminar stays instructor
    expect(ok(await api.join(teacher, s.joinCode))).toEqual({ seminarId: s.id, role: "instructor", joined: false });
    expect(await memberList(teacher, s.id)).toHaveLength(2);
  });

  it("after the code is regenerated: the old code is a 404, the new one works", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const renewed = ok<SeminarView & { joinCode: string }>(await api.newCode(teacher, s.id));
    expect(renewed.joinCode).not.toBe(s.joinCode);
    expect(renewed.inviteUrl).toBe(`http://localhost:3000/join/${renewed.joinCode}`);

    const late = await caller();
    const old = await api.join(late, s.joinCode);
    expect(old.status).toBe(404);
    expect(errorOf(old).message).toMatch(/invite|code/i);
    expect(ok(await api.join(late, renewed.joinCode))).toMatchObject({ seminarId: s.id, role: "student" });
  });
});

describe("roles and members", () => {
  it("an instructor promotes a student, who can then manage the seminar", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const student = await caller();
    ok(await api.join(student, s.joinCode));
    expect((await api.patch(student, s.id, { title: "Mine now" })).status).toBe(403);

    expect(ok<MemberView>(await api.setRole(teacher, s.id, student.user.id, "instructor"))).toMatchObject({ role: "instructor", userId: student.user.id });
    expect(ok<SeminarView>(await api.get(student, s.id))).toMatchObject({ role: "instructor", joinCode: expect.any(String) });
    expect(ok<SeminarView>(await api.patch(student, s.id, { title: "Co-taught" })).title).toBe("Co-taught");
  });

  it("the last instructor cannot be demoted or removed, nor leave (409); with two, one can go", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const demote = await api.setRole(teacher, s.id, teacher.user.id, "student");
    expect(demote.status).toBe(409);
    expect(errorOf(demote).message).toMatch(/at least one instructor/i);
    expect((await api.remove(teacher, s.id, teacher.user.id)).status).toBe(409);

    const second = await caller();
    ok(await api.join(second, s.joinCode));
    ok(await api.setRole(teacher, s.id, second.user.id, "instructor"));
    expect(ok<MemberView>(await api.setRole(second, s.id, teacher.user.id, "student")).role).toBe("student");
    // now `second` is the only instructor again
    expect((await api.setRole(second, s.id, second.user.id, "student")).status).toBe(409);
  });

  // The "at least one instructor" rule must hold when two requests arrive together, not only one
  // after the other. Several rounds, because a race may be lost or won by chance.
  it("two instructors demoting each other at the same moment still leave the seminar an instructor", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const a = await caller();
      const s = await newSeminar(a);
      const b = await caller();
      ok(await api.join(b, s.joinCode));
      ok(await api.setRole(a, s.id, b.user.id, "instructor"));
      const [ra, rb] = await Promise.all([api.setRole(a, s.id, b.user.id, "student"), api.setRole(b, s.id, a.user.id, "student")]);
      expect([ra.status, rb.status].sort()).not.toContain(500);
      const instructors = (await memberList(a, s.id).catch(() => [])).filter((m) => m.role === "instructor").length;
      outcomes.push(`round ${round + 1}: ${ra.status}/${rb.status}, instructors left: ${instructors}`);
    }
    expect(outcomes.filter((o) => o.endsWith("instructors left: 0")), outcomes.join("\n")).toEqual([]);
  });

  it("the only two instructors leaving at the same moment cannot both go", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const a = await caller();
      const s = await newSeminar(a);
      const b = await caller();
      ok(await api.join(b, s.joinCode));
      ok(await api.setRole(a, s.id, b.user.id, "instructor"));
      const [ra, rb] = await Promise.all([api.remove(a, s.id, a.user.id), api.remove(b, s.id, b.user.id)]);
      outcomes.push(`round ${round + 1}: ${ra.status}/${rb.status}`);
    }
    expect(outcomes.filter((o) => o.endsWith("204/204")), outcomes.join("\n")).toEqual([]);
  });

  it("eight students joining at the same moment all become members, each with a distinct pseudonym", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const students = await Promise.all(Array.from({ length: 8 }, () => caller()));
    const joined = await Promise.all(students.map((st) => api.join(st, s.joinCode)));
    expect(joined.map((r) => r.status)).toEqual(Array(8).fill(200));
    const list = await memberList(teacher, s.id);
    expect(list).toHaveLength(9);
    expect(new Set(list.map((m) => m.key)).size).toBe(9);
  });

  it("a removed member gets 404 for the seminar afterwards, and can come back only with the code", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const student = await caller();
    ok(await api.join(student, s.joinCode));
    const removed = await api.remove(teacher, s.id, student.user.id);
    expect(removed.status, removed.text).toBe(204);

    for (const r of [await api.get(student, s.id), await api.members(student, s.id)]) {
      expect(r.status).toBe(404);
      expect(errorOf(r).code).toBe("NOT_FOUND");
    }
    expect(ok<{ seminars: SeminarView[] }>(await api.list(student)).seminars).toEqual([]);
    expect((await memberList(teacher, s.id)).map((m) => m.userId)).toEqual([teacher.user.id]);
  });

  it("a student may leave on their own but may not remove anyone else", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const [a, b] = [await caller(), await caller()];
    ok(await api.join(a, s.joinCode));
    ok(await api.join(b, s.joinCode));
    expect((await api.remove(a, s.id, b.user.id)).status).toBe(403);
    expect((await api.remove(a, s.id, teacher.user.id)).status).toBe(403);
    expect((await api.remove(a, s.id, a.user.id)).status).toBe(204);
    expect((await memberList(teacher, s.id)).map((m) => m.userId).sort()).toEqual([teacher.user.id, b.user.id].sort());
  });

  it("changing or removing someone who is not a member is a 404", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const outsider = await caller();
    expect((await api.setRole(teacher, s.id, outsider.user.id, "instructor")).status).toBe(404);
    expect((await api.remove(teacher, s.id, outsider.user.id)).status).toBe(404);
  });
});

describe("closing and reopening", () => {
  it("closing makes the state closed for everyone; reopening makes it open again", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const student = await caller();
    ok(await api.join(student, s.joinCode));

    const closed = ok<SeminarView>(await api.patch(teacher, s.id, { closed: true }));
    expect(closed.state).toBe("closed");
    expect(closed.closedAt).not.toBeNull();
    expect(ok<SeminarView>(await api.get(student, s.id)).state).toBe("closed");
    expect(ok<{ seminars: SeminarView[] }>(await api.list(student)).seminars[0].state).toBe("closed");
    // a closed seminar is still readable by its members, and still refuses a student's changes
    expect((await api.members(student, s.id)).status).toBe(200);
    expect((await api.patch(student, s.id, { closed: false })).status).toBe(403);

    const reopened = ok<SeminarView>(await api.patch(teacher, s.id, { closed: false }));
    expect(reopened).toMatchObject({ state: "open", closedAt: null });
    expect(ok<SeminarView>(await api.get(student, s.id)).state).toBe("open");
  });

  it("a closing time in the past closes it; reopening clears that time", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const past = ok<SeminarView>(await api.patch(teacher, s.id, { closesAt: "2000-01-01T00:00:00Z" }));
    expect(past).toMatchObject({ state: "closed", closedAt: null });
    const reopened = ok<SeminarView>(await api.patch(teacher, s.id, { closed: false }));
    expect(reopened).toMatchObject({ state: "open", closesAt: null });
  });

  it("closing twice keeps the first closing time", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const first = ok<SeminarView>(await api.patch(teacher, s.id, { closed: true })).closedAt;
    const second = ok<SeminarView>(await api.patch(teacher, s.id, { closed: true })).closedAt;
    expect(second).toBe(first);
  });
});

describe("names hidden from students", () => {
  /** A seminar with names hidden, an instructor and three students with distinctive names and emails. */
  async function hiddenSeminar() {
    const tag = Math.random().toString(36).slice(2, 8);
    const teacher = await caller(`Professor Quill ${tag}`);
    const s = await newSeminar(teacher);
    const students: Caller[] = [];
    for (const who of ["Zelda Marchetti", "Yusuf Okonkwo", "Xenia Lindqvist"]) {
      const c = await caller(`${who} ${tag}`, uniqueEmail(who.split(" ")[0].toLowerCase()));
      ok(await api.join(c, s.joinCode));
      students.push(c);
    }
    expect(ok<SeminarView>(await api.patch(teacher, s.id, { nameVisibility: "hidden_from_students" })).nameVisibility).toBe("hidden_from_students");
    return { teacher, s, students };
  }

  /** Every student-facing response for this seminar, as raw text. */
  async function rawStudentResponses(student: Caller, s: { id: string; joinCode: string }) {
    const responses = [await api.get(student, s.id), await api.members(student, s.id), await api.list(student), await api.join(student, s.joinCode)];
    for (const r of responses) expect(r.status, r.text).toBe(200);
    return responses.map((r) => r.text);
  }

  it("no student-facing response contains another student's name, email or account id; they appear as Student N", async () => {
    const { teacher, s, students } = await hiddenSeminar();
    for (const viewer of students) {
      const raw = (await rawStudentResponses(viewer, s)).join("\n");
      for (const other of students.filter((o) => o !== viewer)) {
        const name = other.user.name;
        expect(raw, `${viewer.user.name} sees ${name}`).not.toContain(name);
        expect(raw).not.toContain(name.split(" ")[0]);
        expect(raw).not.toContain(name.split(" ")[1]);
        expect(raw, `${viewer.user.name} sees ${other.user.email}`).not.toContain(other.user.email);
        expect(raw).not.toContain(other.user.email.split("@")[0]);
        expect(raw).not.toContain(other.user.id);
      }
      const list = await memberList(viewer, s.id);
      const others = list.filter((m) => m.role === "student" && !m.isYou);
      expect(others).toHaveLength(2);
      for (const m of others) {
        expect(m.name).toMatch(/^Student \d+$/);
        expect(m).not.toHaveProperty("email");
        expect(m).not.toHaveProperty("userId");
      }
      // themselves by name, the instructor by name
      expect(list.find((m) => m.isYou)).toMatchObject({ name: viewer.user.name, email: viewer.user.email, userId: viewer.user.id });
      expect(list.find((m) => m.role === "instructor")?.name).toBe(teacher.user.name);
    }
  });

  it("pseudonyms are distinct, stable across calls, the same for every student, and survive new members", async () => {
    const { teacher, s, students } = await hiddenSeminar();
    const [a, b, c] = students;
    const seenBy = async (viewer: Caller) =>
      Object.fromEntries((await memberList(viewer, s.id)).filter((m) => !m.isYou && m.role === "student").map((m) => [m.key, m.name]));
    const first = await seenBy(a);
    expect(new Set(Object.values(first)).size).toBe(2);
    expect(await seenBy(a)).toEqual(first);

    const late = await caller("Wilhelmina Late");
    ok(await api.join(late, s.joinCode));
    const again = await seenBy(a);
    for (const [key, name] of Object.entries(first)) expect(again[key]).toBe(name);

    // B and C see A under the same pseudonym as each other
    const aKey = (await memberList(a, s.id)).find((m) => m.isYou)!.key;
    expect((await seenBy(b))[aKey]).toBe((await seenBy(c))[aKey]);
    expect((await seenBy(b))[aKey]).toMatch(/^Student \d+$/);
    // the instructor's list has the same keys: a key names one member for everyone
    expect((await memberList(teacher, s.id)).find((m) => m.key === aKey)?.userId).toBe(a.user.id);
  });

  it("instructors still see every real name and email", async () => {
    const { teacher, s, students } = await hiddenSeminar();
    const raw = (await api.members(teacher, s.id)).text;
    for (const st of students) {
      expect(raw).toContain(st.user.name);
      expect(raw).toContain(st.user.email);
    }
    expect(raw).not.toMatch(/Student \d+/);
  });

  it("with names shown, students see names but still not each other's emails or account ids", async () => {
    const teacher = await caller();
    const s = await newSeminar(teacher);
    const a = await caller("Ophelia Shown");
    const b = await caller("Percival Shown");
    ok(await api.join(a, s.joinCode));
    ok(await api.join(b, s.joinCode));
    const raw = (await api.members(a, s.id)).text;
    expect(raw).toContain("Percival Shown");
    expect(raw).not.toContain(b.user.email);
    expect(raw).not.toContain(b.user.id);
  });

  it("switching names back to shown reveals names to students again", async () => {
    const { teacher, s, students } = await hiddenSeminar();
    ok(await api.patch(teacher, s.id, { nameVisibility: "shown" }));
    const raw = (await api.members(students[0], s.id)).text;
    expect(raw).toContain(students[1].user.name);
    expect(raw).not.toMatch(/Student \d+/);
  });
});

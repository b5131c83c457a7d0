// Seminars and memberships: the only place with their rules.
// Authorization happens here, per call: every function takes the Actor, loads the actor's
// membership, and answers NOT_FOUND to non-members (a seminar's existence is not revealed) and
// FORBIDDEN to students asking for instructor actions. Changes commit, then publish.
import "server-only";
import { randomInt } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Prisma, Seminar } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { consume, consumeAll, refund } from "@/lib/limits";
import type { Actor } from "@/lib/auth/actor";
import { realtime, realtimePresence } from "@/lib/realtime/publish";
import { rooms, type PresentMember } from "@/lib/realtime/events";
import { visibleReadingWhere } from "@/lib/domain/readings/service";
import { canManage } from "./policy";
import { presentMember, presentRoomState, presentSeminar, roleOf, namesOf, type MemberView, type SeminarView } from "./present";
import {
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  createSeminarInput,
  joinInput,
  updateMemberInput,
  updateSeminarInput,
  type CreateSeminarInput,
  type JoinInput,
  type Role,
  type UpdateMemberInput,
  type UpdateSeminarInput,
} from "./schema";

export const SEMINAR_NOT_FOUND = "There is no seminar here, or you are not a member of it.";
const NOT_FOUND = SEMINAR_NOT_FOUND;
const withReading = { reading: true, _count: { select: { members: true } } } as const;

export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** The actor's membership, or NOT_FOUND: non-members cannot tell a seminar exists. */
export async function requireMembership(actor: Pick<Actor, "id">, seminarId: string) {
  const m = await db().membership.findUnique({
    where: { seminarId_userId: { seminarId, userId: actor.id } },
    include: { seminar: true },
  });
  if (!m) throw new AppError("NOT_FOUND", NOT_FOUND);
  return { membership: m, seminar: m.seminar, role: roleOf(m) };
}

/** A member who is an instructor (else FORBIDDEN with `why`; not a member: NOT_FOUND, as everywhere). */
export async function requireInstructor(actor: Pick<Actor, "id">, seminarId: string, why = "Only the seminar's instructors can do this.") {
  const found = await requireMembership(actor, seminarId);
  if (!canManage(found.role)) throw new AppError("FORBIDDEN", why);
  return found;
}

/** Retries on the (astronomically rare) join-code collision. */
async function withFreshCode<T>(write: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write(newJoinCode());
    } catch (err) {
      const e = err as { code?: string; meta?: { target?: unknown } };
      if (e.code !== "P2002" || attempt >= 4 || !String(e.meta?.target ?? "join").includes("join")) throw err;
    }
  }
}

export async function createSeminar(actor: Actor, input: CreateSeminarInput, origin: string): Promise<SeminarView> {
  const data = createSeminarInput.parse(input);
  const reading = await db().reading.findFirst({ where: { id: data.readingId, ...visibleReadingWhere(actor) }, select: { id: true } });
  if (!reading) throw new AppError("NOT_FOUND", "readingId: there is no such reading, or you cannot see it.");
  const seminar = await withFreshCode((joinCode) =>
    db().seminar.create({
      data: {
        title: data.title,
        description: data.description || null,
        readingId: reading.id,
        closesAt: data.closesAt ? new Date(data.closesAt) : null,
        joinCode,
        // The creator takes number 0, so the first student to join is "Student 1".
        nextPseudonym: 1,
        members: { create: { userId: actor.id, role: "INSTRUCTOR", pseudonym: 0 } },
      },
      include: withReading,
    }),
  );
  return presentSeminar(seminar, "instructor", origin);
}

export async function listMySeminars(actor: Actor, origin: string): Promise<SeminarView[]> {
  const memberships = await db().membership.findMany({
    where: { userId: actor.id },
    include: { seminar: { include: withReading } },
    orderBy: { joinedAt: "desc" },
  });
  return memberships.map((m) => presentSeminar(m.seminar, roleOf(m), origin));
}

export async function getSeminar(actor: Actor, seminarId: string, origin: string): Promise<SeminarView> {
  const { role } = await requireMembership(actor, seminarId);
  const s = await db().seminar.findUniqueOrThrow({ where: { id: seminarId }, include: withReading });
  return presentSeminar(s, role, origin);
}

function publishRoomState(s: Seminar) {
  const io = realtime();
  if (!io) return;
  for (const role of ["instructor", "student"] as const) {
    io.to(rooms.seminarRole(s.id, role)).emit("seminar:updated", presentRoomState(s, role));
  }
}

export async function updateSeminar(actor: Actor, seminarId: string, input: UpdateSeminarInput, origin: string): Promise<SeminarView> {
  const data = updateSeminarInput.parse(input);
  const { seminar } = await requireInstructor(actor, seminarId);
  const now = new Date();
  let closesAt = data.closesAt === undefined ? undefined : data.closesAt ? new Date(data.closesAt) : null;
  let closedAt: Date | null | undefined;
  if (data.closed === true) closedAt = seminar.closedAt ?? now;
  if (data.closed === false) {
    closedAt = null;
    // Reopening a seminar whose scheduled end has passed also clears that end.
    const end = closesAt === undefined ? seminar.closesAt : closesAt;
    if (end && end <= now) closesAt = null;
  }
  const updated = await db().seminar.update({
    where: { id: seminarId },
    data: {
      ...(data.title !== undefined ? { title: data.title } : {}),
      ...(data.description !== undefined ? { description: data.description || null } : {}),
      ...(closesAt !== undefined ? { closesAt } : {}),
      ...(closedAt !== undefined ? { closedAt } : {}),
      ...(data.studentsMayExport !== undefined ? { studentsMayExport: data.studentsMayExport } : {}),
      ...(data.nameVisibility ? { nameVisibility: data.nameVisibility === "shown" ? "SHOWN" : "HIDDEN_FROM_STUDENTS" } : {}),
    },
    include: withReading,
  });
  publishRoomState(updated);
  // Everyone present is presented again, with the names each role may now see.
  if (data.nameVisibility && data.nameVisibility !== namesOf(seminar)) realtimePresence()?.refresh(seminarId, null);
  return presentSeminar(updated, "instructor", origin);
}

export async function regenerateJoinCode(actor: Actor, seminarId: string, origin: string): Promise<SeminarView> {
  await requireInstructor(actor, seminarId);
  const updated = await withFreshCode((joinCode) =>
    db().seminar.update({ where: { id: seminarId }, data: { joinCode }, include: withReading }),
  );
  return presentSeminar(updated, "instructor", origin);
}

/** What an invite link shows before joining: enough to recognise the seminar, nothing more. */
/**
 * What an invite link shows before joining (open to anyone). With `from.ip` (the /join/<code>
 * page), a code that does not work counts against that address's join-code limit, so the page
 * cannot be used to guess codes; throws RATE_LIMITED past it.
 */
export async function previewInvite(code: string, from: { ip?: string } = {}): Promise<{ seminarId: string; title: string; readingTitle: string; state: "open" | "closed" } | null> {
  const parsed = joinInput.safeParse({ code });
  if (!parsed.success) return null;
  if (from.ip) await consume("joinIp", from.ip);
  const s = await db().seminar.findUnique({ where: { joinCode: parsed.data.code }, include: { reading: true } });
  if (!s) return null;
  if (from.ip) await refund("joinIp", from.ip);
  const view = presentRoomState(s, "student");
  return { seminarId: s.id, title: s.title, readingTitle: s.reading.title, state: view.state };
}

/**
 * Joins by code. Over HTTP (`from.ip` given) every attempt counts against the person's join
 * limit and a code that does not work against the address's (lib/limits); scripts and tests
 * that join people directly pass nothing.
 */
export async function joinSeminar(actor: Actor, input: JoinInput, from: { ip?: string } = {}): Promise<{ seminarId: string; role: Role; joined: boolean }> {
  const { code } = joinInput.parse(input);
  if (from.ip) await consumeAll([["joinUser", actor.id], ["joinIp", from.ip]]);
  const seminar = await db().seminar.findUnique({ where: { joinCode: code }, select: { id: true } });
  if (!seminar) throw new AppError("NOT_FOUND", "This invite code does not work. It may have been replaced; ask your instructor for the current link.");
  if (from.ip) await refund("joinIp", from.ip);
  const existing = await db().membership.findUnique({ where: { seminarId_userId: { seminarId: seminar.id, userId: actor.id } } });
  if (existing) return { seminarId: seminar.id, role: roleOf(existing), joined: false };
  try {
    await db().$transaction(async (tx) => {
      // Pseudonyms are handed out in order and never reused, so "Student 7" stays Student 7.
      const { nextPseudonym } = await tx.seminar.update({
        where: { id: seminar.id },
        data: { nextPseudonym: { increment: 1 } },
        select: { nextPseudonym: true },
      });
      await tx.membership.create({ data: { seminarId: seminar.id, userId: actor.id, role: "STUDENT", pseudonym: nextPseudonym - 1 } });
    });
  } catch (err) {
    // Joined twice at once (two tabs): the second finds the first's membership.
    if ((err as { code?: string }).code !== "P2002") throw err;
  }
  const m = await db().membership.findUniqueOrThrow({ where: { seminarId_userId: { seminarId: seminar.id, userId: actor.id } } });
  return { seminarId: seminar.id, role: roleOf(m), joined: true };
}

export async function listMembers(actor: Actor, seminarId: string): Promise<MemberView[]> {
  const { role, seminar } = await requireMembership(actor, seminarId);
  const members = await db().membership.findMany({
    where: { seminarId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: "asc" }, { joinedAt: "asc" }],
  });
  return members.map((m) => presentMember(m, { userId: actor.id, role }, namesOf(seminar)));
}


/**
 * Runs a change to a seminar's members with the seminar row locked, so two instructors demoting
 * or removing each other at the same moment cannot leave the seminar with none.
 */
async function withMembersLocked<T>(seminarId: string, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM seminars WHERE id = ${seminarId} FOR UPDATE`;
    return fn(tx);
  });
}

const LAST_INSTRUCTOR = "A seminar needs at least one instructor. Promote someone else first.";

export async function updateMember(actor: Actor, seminarId: string, userId: string, input: UpdateMemberInput): Promise<MemberView> {
  const data = updateMemberInput.parse(input);
  const { seminar } = await requireInstructor(actor, seminarId);
  const updated = await withMembersLocked(seminarId, async (tx) => {
    const target = await tx.membership.findUnique({ where: { seminarId_userId: { seminarId, userId } } });
    if (!target) throw new AppError("NOT_FOUND", "That person is not a member of this seminar.");
    if (roleOf(target) === "instructor" && data.role === "student" && (await tx.membership.count({ where: { seminarId, role: "INSTRUCTOR" } })) <= 1) {
      throw new AppError("CONFLICT", LAST_INSTRUCTOR);
    }
    return tx.membership.update({
      where: { seminarId_userId: { seminarId, userId } },
      data: { role: data.role === "instructor" ? "INSTRUCTOR" : "STUDENT" },
      include: { user: { select: { id: true, name: true, email: true } } },
    });
  });
  await moveSocketsToRole(seminarId, userId);
  return presentMember(updated, { userId: actor.id, role: "instructor" }, namesOf(seminar));
}

/** An instructor removes a member, or a member leaves (userId = their own). */
export async function removeMember(actor: Actor, seminarId: string, userId: string): Promise<void> {
  if (userId === actor.id) await requireMembership(actor, seminarId);
  else await requireInstructor(actor, seminarId);
  await withMembersLocked(seminarId, async (tx) => {
    const target = await tx.membership.findUnique({ where: { seminarId_userId: { seminarId, userId } } });
    if (!target) throw new AppError("NOT_FOUND", "That person is not a member of this seminar.");
    if (roleOf(target) === "instructor" && (await tx.membership.count({ where: { seminarId, role: "INSTRUCTOR" } })) <= 1) {
      throw new AppError("CONFLICT", LAST_INSTRUCTOR);
    }
    await tx.membership.delete({ where: { seminarId_userId: { seminarId, userId } } });
  });
  // Kick only after the commit: a socket joining at this moment either is in the rooms already
  // (and is kicked here) or re-reads its membership after entering them and finds it gone.
  const io = realtime();
  if (io) {
    io.to(rooms.user(userId)).emit("seminar:removed", { seminarId });
    // Leaving the room is what takes them out of presence, on whichever process holds their sockets.
    io.in(rooms.user(userId)).socketsLeave([rooms.seminar(seminarId), rooms.seminarRole(seminarId, "instructor"), rooms.seminarRole(seminarId, "student")]);
  }
}

/** Per member, the role moves in flight in this process: each runs after the one before it. */
const roleMoves = new Map<string, Promise<void>>();

/**
 * After a role change commits: puts the member's sockets that are in the seminar's room into the
 * role room the database holds now (read again here, not the role this change set, so two role
 * changes racing end in the later one's room). A socket still joining re-reads the role itself
 * after entering the rooms (realtime/server.ts onJoin), so it cannot land in a stale role room.
 */
async function moveSocketsToRole(seminarId: string, userId: string) {
  const io = realtime();
  if (!io) return;
  const key = `${seminarId}:${userId}`;
  const run = (roleMoves.get(key) ?? Promise.resolve()).then(async () => {
    const m = await db().membership.findUnique({ where: { seminarId_userId: { seminarId, userId } }, select: { role: true } });
    if (!m) return; // removed meanwhile: the removal's kick takes the sockets out
    const role = roleOf(m);
    const sockets = await io.in(rooms.user(userId)).fetchSockets();
    for (const s of sockets) {
      if (!s.rooms.has(rooms.seminar(seminarId))) continue;
      s.leave(rooms.seminarRole(seminarId, role === "instructor" ? "student" : "instructor"));
      s.join(rooms.seminarRole(seminarId, role));
    }
  });
  const settled = run.catch(() => {});
  roleMoves.set(key, settled);
  void settled.then(() => roleMoves.get(key) === settled && roleMoves.delete(key));
  await run;
  // Their presence entry carries the role: every process presents them again.
  realtimePresence()?.refresh(seminarId, [userId]);
}

// ── presence ───────────────────────────────────────────────────────────────────────────────

/**
 * Each user's presence entry as each role may see it (presence deltas go to the role rooms, the
 * same message to every socket of a role). Users who are not members are left out.
 */
export async function presentMembersByRole(seminarId: string, userIds: string[]): Promise<{ userId: string; views: Record<Role, PresentMember> }[]> {
  if (!userIds.length) return [];
  const seminar = await db().seminar.findUnique({ where: { id: seminarId }, select: { nameVisibility: true } });
  if (!seminar) return [];
  const members = await db().membership.findMany({
    where: { seminarId, userId: { in: userIds } },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: "asc" }, { pseudonym: "asc" }],
  });
  const as = (m: (typeof members)[number], role: Role): PresentMember => {
    // A viewer who is not this user ("" is no one's id): a student sees other students' pseudonyms.
    const v = presentMember(m, { userId: "", role }, namesOf(seminar));
    return { key: v.key, name: v.name, role: v.role };
  };
  return members.map((m) => ({ userId: m.userId, views: { instructor: as(m, "instructor"), student: as(m, "student") } }));
}

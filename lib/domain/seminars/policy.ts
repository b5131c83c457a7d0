// Pure rules about seminars: who may do what, what state a seminar is in, whose name a viewer
// sees. No I/O; unit-tested in tests/unit/seminars/policy.test.ts.
import type { NameVisibilityWire, Role } from "./schema";

export interface SeminarTimes {
  closedAt: Date | null;
  closesAt: Date | null;
}

export function isClosed(s: SeminarTimes, now = new Date()): boolean {
  return s.closedAt !== null || (s.closesAt !== null && s.closesAt.getTime() <= now.getTime());
}

export const canManage = (role: Role) => role === "instructor";

/** Students can write (comments, later) only while the seminar is open; instructors always. */
export const canWrite = (role: Role, s: SeminarTimes, now = new Date()) => role === "instructor" || !isClosed(s, now);

export interface NamedMember {
  userId: string;
  name: string;
  role: Role;
  pseudonym: number;
}

/** Instructors always see names; students see other students as "Student N" when names are hidden. */
export function visibleName(member: NamedMember, viewer: { userId: string; role: Role }, names: NameVisibilityWire): string {
  if (viewer.role === "instructor" || names === "shown") return member.name;
  if (member.userId === viewer.userId || member.role === "instructor") return member.name;
  return `Student ${member.pseudonym}`;
}

/** A stable, opaque per-seminar key for a member that reveals nothing about the account. */
export const memberKey = (pseudonym: number) => `m${pseudonym}`;

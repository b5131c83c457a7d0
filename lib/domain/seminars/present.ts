// What leaves the server about seminars and their members, per viewer: names follow the
// seminar's name setting (policy.visibleName), emails and account ids go to instructors only.
import type { Membership, Reading, Seminar, User } from "@/lib/db/generated/client";
import type { RoomState } from "@/lib/realtime/events";
import { canManage, canWrite, isClosed, memberKey, visibleName } from "./policy";
import type { NameVisibilityWire, Role } from "./schema";

export const roleOf = (m: { role: "INSTRUCTOR" | "STUDENT" }): Role => (m.role === "INSTRUCTOR" ? "instructor" : "student");
export const namesOf = (s: Pick<Seminar, "nameVisibility">): NameVisibilityWire =>
  s.nameVisibility === "SHOWN" ? "shown" : "hidden_from_students";

export interface SeminarView {
  id: string;
  title: string;
  description: string | null;
  reading: { id: string; slug: string; title: string; author: string | null; year: number | null };
  role: Role;
  state: "open" | "closed";
  closesAt: string | null;
  closedAt: string | null;
  nameVisibility: NameVisibilityWire;
  memberCount: number;
  createdAt: string;
  /** Instructors only. */
  joinCode?: string;
  /** Instructors only: whether students may export the whole transcript (else only their own comments). */
  studentsMayExport?: boolean;
  inviteUrl?: string;
}

export function presentSeminar(
  s: Seminar & { reading: Reading; _count: { members: number } },
  role: Role,
  origin: string,
): SeminarView {
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    reading: { id: s.reading.id, slug: s.reading.slug, title: s.reading.title, author: s.reading.author, year: s.reading.year },
    role,
    state: isClosed(s) ? "closed" : "open",
    closesAt: s.closesAt?.toISOString() ?? null,
    closedAt: s.closedAt?.toISOString() ?? null,
    nameVisibility: namesOf(s),
    memberCount: s._count.members,
    createdAt: s.createdAt.toISOString(),
    ...(canManage(role) ? { joinCode: s.joinCode, inviteUrl: inviteUrl(origin, s.joinCode), studentsMayExport: s.studentsMayExport } : {}),
  };
}

export const inviteUrl = (origin: string, code: string) => `${origin.replace(/\/$/, "")}/join/${code}`;

export function presentRoomState(s: Seminar, role: Role): RoomState {
  return {
    seminarId: s.id,
    title: s.title,
    state: isClosed(s) ? "closed" : "open",
    closesAt: s.closesAt?.toISOString() ?? null,
    canWrite: canWrite(role, s),
    nameVisibility: namesOf(s),
  };
}

export interface MemberView {
  /** Stable per seminar, opaque. */
  key: string;
  name: string;
  role: Role;
  joinedAt: string;
  isYou: boolean;
  /** Instructors (and the member themself) only: needed to change or remove a member. */
  userId?: string;
  email?: string;
}

export function presentMember(
  m: Membership & { user: Pick<User, "id" | "name" | "email"> },
  viewer: { userId: string; role: Role },
  names: NameVisibilityWire,
): MemberView {
  const role = roleOf(m);
  const isYou = m.userId === viewer.userId;
  const privileged = viewer.role === "instructor" || isYou;
  return {
    key: memberKey(m.pseudonym),
    name: visibleName({ userId: m.userId, name: m.user.name, role, pseudonym: m.pseudonym }, viewer, names),
    role,
    joinedAt: m.joinedAt.toISOString(),
    isYou,
    ...(privileged ? { userId: m.userId, email: m.user.email } : {}),
  };
}

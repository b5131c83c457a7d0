// Who is in the room, on the client: the seminar:join ack brings the full list, and
// presence:changed brings deltas (who arrived, who left) to apply to it. Pure, so it is
// unit-tested; the room keeps the result in state.
// Applying is idempotent: `joined` upserts by key and `left` removes by key, so a delta that
// overlaps the ack's list (a push computed just before the join ack) changes nothing wrong.
import type { PresenceChanged, PresentMember } from "@/lib/realtime/events";

const byRoleThenName = (a: PresentMember, b: PresentMember) =>
  a.role === b.role ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.role === "instructor" ? -1 : 1;

/** The list from a join ack, in display order (instructors first, then by name). */
export function presenceFromAck(present: PresentMember[]): PresentMember[] {
  return [...present].sort(byRoleThenName);
}

/** The list after one presence:changed delta. */
export function applyPresence(list: PresentMember[], delta: Pick<PresenceChanged, "joined" | "left">): PresentMember[] {
  if (!delta.joined.length && !delta.left.length) return list;
  const gone = new Set([...delta.left, ...delta.joined.map((m) => m.key)]);
  return [...list.filter((m) => !gone.has(m.key)), ...delta.joined].sort(byRoleThenName);
}

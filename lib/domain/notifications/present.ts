// What a notification looks like to its recipient. Names follow the seminar's name setting as
// the recipient may see them (lib/domain/seminars/policy.ts); the excerpt is null when the comment
// is deleted, or hidden and the recipient is not an instructor there (a student never receives a
// hidden comment's text, also not here).
import { visibleName } from "@/lib/domain/seminars/policy";
import { paragraphAnchor } from "@/lib/domain/readings/present";
import type { NameVisibilityWire, Role } from "@/lib/domain/seminars/schema";
import { mayReceive } from "@/lib/domain/threads/present";
import type { NotificationKindWire } from "./schema";
import { excerpt } from "@/lib/markdown/excerpt";

export interface NotificationView {
  id: string;
  kind: NotificationKindWire;
  seminar: { id: string; title: string };
  /** Who did it, named as you may see them in that seminar; "Former member" if they left. */
  actor: { name: string };
  threadId: string;
  commentId: string;
  paragraphNumber: number;
  /** The start of the comment as plain text; null when it is deleted or hidden from you. */
  excerpt: string | null;
  createdAt: string;
  readAt: string | null;
  /** The thread in the seminar room. */
  link: string;
}

/** One row of the notifications query (service.ts). */
export interface NotificationRow {
  id: string;
  user_id: string;
  kind: "REPLY" | "MENTION" | "REACTION" | "ENDORSEMENT";
  seminar_id: string;
  seminar_title: string;
  name_visibility: "SHOWN" | "HIDDEN_FROM_STUDENTS";
  recipient_role: "INSTRUCTOR" | "STUDENT";
  actor_id: string | null;
  actor_name: string | null;
  actor_role: "INSTRUCTOR" | "STUDENT" | null;
  actor_pseudonym: number | null;
  thread_id: string;
  comment_id: string;
  paragraph_number: number;
  /** Already null in SQL when the comment is deleted or hidden from this recipient. */
  body: string | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  created_at: Date;
  read_at: Date | null;
}

export const EXCERPT_CHARS = 140;

/** A comment's Markdown as one line of plain text, cut at a word near `max` characters. */
export const plainExcerpt = (markdown: string, max = EXCERPT_CHARS): string => excerpt(markdown, max);

const roleOf = (r: "INSTRUCTOR" | "STUDENT"): Role => (r === "INSTRUCTOR" ? "instructor" : "student");

export function roomLink(seminarId: string, threadId: string, paragraphNumber: number): string {
  return `/seminars/${encodeURIComponent(seminarId)}?thread=${encodeURIComponent(threadId)}#${paragraphAnchor(paragraphNumber)}`;
}

export function presentNotification(r: NotificationRow): NotificationView {
  const viewer = { userId: r.user_id, role: roleOf(r.recipient_role) };
  const names: NameVisibilityWire = r.name_visibility === "HIDDEN_FROM_STUDENTS" ? "hidden_from_students" : "shown";
  const actorName =
    r.actor_id && r.actor_name !== null && r.actor_role && r.actor_pseudonym !== null
      ? visibleName({ userId: r.actor_id, name: r.actor_name, role: roleOf(r.actor_role), pseudonym: r.actor_pseudonym }, viewer, names)
      : "Former member";
  const receivable = r.body !== null && r.deleted_at === null && mayReceive({ hiddenAt: r.hidden_at }, viewer);
  return {
    id: r.id,
    kind: r.kind.toLowerCase() as NotificationKindWire,
    seminar: { id: r.seminar_id, title: r.seminar_title },
    actor: { name: actorName },
    threadId: r.thread_id,
    commentId: r.comment_id,
    paragraphNumber: r.paragraph_number,
    excerpt: receivable ? plainExcerpt(r.body!) : null,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
    link: roomLink(r.seminar_id, r.thread_id, r.paragraph_number),
  };
}

// What leaves the server about reports and the audit log. Both are for instructors, except the
// receipt a member gets for their own report. Deleted comments' bodies are never included.
import type { AuditEntry, Report } from "@/lib/db/generated/client";
import { person, presentComment, type CommentRow, type CommentView, type Directory, type PersonView, type Viewer } from "@/lib/domain/threads/present";
import { AUDIT_LABEL, type AuditAction } from "./schema";
import { excerpt } from "@/lib/markdown/excerpt";

/** What the reporter gets back: their own report, nothing about others'. */
export interface ReportReceipt {
  id: string;
  commentId: string;
  reason: string;
  createdAt: string;
  handled: boolean;
}

/** A report in the instructors' queue, with the comment as it is now (hidden ones marked). */
export interface ReportView extends ReportReceipt {
  seminarId: string;
  threadId: string;
  paragraphNumber: number;
  reporter: PersonView;
  handledAt: string | null;
  handledBy: PersonView | null;
  comment: CommentView;
}

export interface AuditEntryView {
  id: string;
  action: AuditAction;
  /** The action in words, e.g. "Hid a comment". */
  label: string;
  actor: PersonView;
  threadId: string | null;
  commentId: string | null;
  paragraphNumber: number | null;
  /** The start of the comment acted on (null once it is deleted, or when there is none). */
  excerpt: string | null;
  /** The comment's author, when there is a comment. */
  commentAuthor: PersonView | null;
  reason: string | null;
  createdAt: string;
}

export const presentReceipt = (r: Report): ReportReceipt => ({
  id: r.id,
  commentId: r.commentId,
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
  handled: r.handledAt !== null,
});

export type ReportRow = Report & { comment: CommentRow & { thread: { paragraph: { position: number } } } };

export function presentReport(r: ReportRow, dir: Directory, viewer: Viewer): ReportView {
  return {
    ...presentReceipt(r),
    seminarId: r.seminarId,
    threadId: r.comment.threadId,
    paragraphNumber: r.comment.thread.paragraph.position,
    reporter: person(r.reporterId, dir, viewer),
    handledAt: r.handledAt?.toISOString() ?? null,
    handledBy: r.handledById ? person(r.handledById, dir, viewer) : null,
    comment: presentComment(r.comment, dir, viewer),
  };
}

const EXCERPT_CHARS = 140;
const excerptOf = (body: string) => excerpt(body, EXCERPT_CHARS);

export type AuditCommentRow = { id: string; body: string; authorId: string | null; deletedAt: Date | null; thread: { paragraph: { position: number } } };
export type AuditThreadRow = { id: string; paragraph: { position: number } };

export function presentAuditEntry(e: AuditEntry, comment: AuditCommentRow | undefined, thread: AuditThreadRow | undefined, dir: Directory, viewer: Viewer): AuditEntryView {
  const action = e.action as AuditAction;
  return {
    id: e.id,
    action,
    label: AUDIT_LABEL[action] ?? e.action,
    actor: person(e.actorId, dir, viewer),
    threadId: e.threadId,
    commentId: e.commentId,
    paragraphNumber: comment?.thread.paragraph.position ?? thread?.paragraph.position ?? null,
    excerpt: comment && !comment.deletedAt ? excerptOf(comment.body) : null,
    commentAuthor: comment ? person(comment.authorId, dir, viewer) : null,
    reason: e.reason,
    createdAt: e.createdAt.toISOString(),
  };
}

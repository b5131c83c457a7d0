// Moderation: hiding, endorsing, locking and pinning (instructors), reports (any member files,
// instructors handle) and the audit log (instructors read). Authorization, per call: not a member
// of the seminar (or no such record) → NOT_FOUND; a student asking for an instructor's action →
// FORBIDDEN. Each action that changes something is ONE transaction: the row, its audit entry and
// its seminar event (the next seq, through recordEvent); the event is published after commit.
// Asking for the state something is already in changes nothing and records nothing.
import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { limitWrites } from "@/lib/domain/ratelimit";
import { canManage } from "@/lib/domain/seminars/policy";
import { requireInstructor } from "@/lib/domain/seminars/service";
import { fillMissingHtml } from "@/lib/domain/threads/html";
import { mayReceive, type CommentView, type ThreadView, type Viewer } from "@/lib/domain/threads/present";
import type { StoredEventType } from "@/lib/realtime/events";
import {
  COMMENT_NOT_FOUND,
  commentInclude,
  commentOr404,
  commentView,
  loadDirectory,
  membershipFor,
  publish,
  recordEvent,
  setResolved,
  threadOr404,
  threadView,
  withEvent,
  type StoredEvent,
} from "@/lib/domain/threads/service";
import {
  auditQuery,
  handleReportInput,
  hideCommentInput,
  reportInput,
  reportsQuery,
  updateThreadStateInput,
  type AuditAction,
  type HandleReportInput,
  type HideCommentInput,
  type ReportInput,
  type UpdateThreadStateInput,
} from "./schema";
import { presentAuditEntry, presentReceipt, presentReport, type AuditEntryView, type ReportReceipt, type ReportView } from "./present";

type Tx = Prisma.TransactionClient;

export const INSTRUCTORS_ONLY = "Only the seminar's instructors can moderate it.";
const REPORT_NOT_FOUND = "There is no such report, or you cannot see it.";

// ── who may do what ────────────────────────────────────────────────────────────────────────

async function instructor(actor: Actor, seminarId: string) {
  const found = await requireInstructor(actor, seminarId, INSTRUCTORS_ONLY);
  return { ...found, viewer: { userId: actor.id, role: found.role } satisfies Viewer };
}

// ── one moderation action: change + audit entry + event, in one transaction ─────────────────

interface Action {
  seminarId: string;
  actorId: string;
  /** Makes the change; false when there was nothing to change (then nothing is recorded). */
  change: (tx: Tx) => Promise<boolean>;
  event: { type: StoredEventType; payload: StoredEvent["payload"] };
  /** The audit entry; omitted for a member's report (not a moderation action). */
  audit?: { action: AuditAction; reason?: string | null };
}

/** Runs one action; returns its event (already published) or null when nothing changed. */
async function act(a: Action): Promise<StoredEvent | null> {
  const event = await withEvent(a.seminarId, async (tx) => {
    if (!(await a.change(tx))) return null;
    if (a.audit) {
      await tx.auditEntry.create({
        data: {
          seminarId: a.seminarId,
          actorId: a.actorId,
          action: a.audit.action,
          threadId: a.event.payload.threadId,
          commentId: a.event.payload.commentId ?? null,
          reason: a.audit.reason || null,
        },
      });
    }
    // Last: it takes the seminar's seq, whose row lock then lasts only until the commit.
    return recordEvent(tx, a.seminarId, a.event.type, a.event.payload, a.actorId);
  });
  if (event) await publish(a.seminarId, [event]);
  return event;
}

// ── comments: hide / show, endorse / unendorse ─────────────────────────────────────────────

/** The two flags an instructor sets on a comment: which columns, and what each direction records. */
const COMMENT_FLAGS = {
  hidden: {
    currently: (set: boolean) => ({ hiddenAt: set ? { not: null } : null }),
    data: (by: string | null) => ({ hiddenAt: by ? new Date() : null, hiddenById: by }),
    event: { on: "comment:hidden", off: "comment:shown" },
    audit: { on: "comment.hide", off: "comment.show" },
  },
  endorsed: {
    currently: (set: boolean) => ({ endorsedAt: set ? { not: null } : null }),
    data: (by: string | null) => ({ endorsedAt: by ? new Date() : null, endorsedById: by }),
    event: { on: "comment:endorsed", off: "comment:unendorsed" },
    audit: { on: "comment.endorse", off: "comment.unendorse" },
  },
} as const satisfies Record<string, { currently: unknown; data: unknown; event: Record<"on" | "off", StoredEventType>; audit: Record<"on" | "off", AuditAction> }>;

async function flagComment(actor: Actor, commentId: string, flag: keyof typeof COMMENT_FLAGS, on: boolean, reason?: string | null): Promise<CommentView> {
  const f = COMMENT_FLAGS[flag];
  const c = await commentOr404(commentId);
  const seminarId = c.thread.seminarId;
  const { viewer } = await instructor(actor, seminarId);
  if (on && c.deletedAt) throw new AppError("CONFLICT", "This comment was deleted.");
  await limitWrites(actor.id);
  const way = on ? "on" : "off";
  await act({
    seminarId,
    actorId: actor.id,
    // Only a comment still in the other state changes: a repeated request records nothing.
    change: async (tx) => (await tx.comment.updateMany({ where: { id: commentId, ...f.currently(!on) }, data: f.data(on ? actor.id : null) })).count === 1,
    event: { type: f.event[way], payload: { threadId: c.threadId, commentId } },
    audit: { action: f.audit[way], reason },
  });
  return commentView(commentId, seminarId, viewer);
}

export function setHidden(actor: Actor, commentId: string, hidden: boolean, input: HideCommentInput = {}): Promise<CommentView> {
  return flagComment(actor, commentId, "hidden", hidden, hideCommentInput.parse(input).reason);
}

export function setEndorsed(actor: Actor, commentId: string, endorsed: boolean): Promise<CommentView> {
  return flagComment(actor, commentId, "endorsed", endorsed);
}

// ── threads: resolve (threads service), lock, pin ──────────────────────────────────────────

/**
 * PATCH /threads/:id. `resolved` follows the threads service's rule (author or instructor);
 * `locked` and `pinned` are for instructors, checked before anything changes. Each field that
 * changes is its own event (and, for lock and pin, its own audit entry).
 */
export async function updateThreadState(actor: Actor, threadId: string, input: UpdateThreadStateInput): Promise<ThreadView> {
  const data = updateThreadStateInput.parse(input);
  const t = await threadOr404(threadId);
  const moderating = data.locked !== undefined || data.pinned !== undefined;
  const { viewer } = moderating ? await instructor(actor, t.seminarId) : await membershipFor(actor, t.seminarId);
  if (data.pinned === false && t.kind === "PROMPT") throw new AppError("CONFLICT", "A prompt is always pinned; it cannot be unpinned.");
  if (data.resolved !== undefined) await setResolved(actor, threadId, { resolved: data.resolved });
  if (data.locked !== undefined) {
    const locked = data.locked;
    await limitWrites(actor.id);
    await act({
      seminarId: t.seminarId,
      actorId: actor.id,
      change: async (tx) =>
        (await tx.thread.updateMany({ where: { id: threadId, lockedAt: locked ? null : { not: null } }, data: { lockedAt: locked ? new Date() : null } })).count === 1,
      event: { type: "thread:updated", payload: { threadId } },
      audit: { action: locked ? "thread.lock" : "thread.unlock" },
    });
  }
  if (data.pinned !== undefined) {
    const pinned = data.pinned;
    await limitWrites(actor.id);
    await act({
      seminarId: t.seminarId,
      actorId: actor.id,
      change: async (tx) =>
        (await tx.thread.updateMany({ where: { id: threadId, pinnedAt: pinned ? null : { not: null } }, data: { pinnedAt: pinned ? new Date() : null } })).count === 1,
      event: { type: "thread:updated", payload: { threadId } },
      audit: { action: pinned ? "thread.pin" : "thread.unpin" },
    });
  }
  return threadView(threadId, viewer);
}

// ── reports ────────────────────────────────────────────────────────────────────────────────

/** Any member reports a comment they can see (once per comment), with a reason. */
export async function reportComment(actor: Actor, commentId: string, input: ReportInput): Promise<ReportReceipt> {
  const data = reportInput.parse(input);
  const c = await commentOr404(commentId);
  const seminarId = c.thread.seminarId;
  const { viewer } = await membershipFor(actor, seminarId);
  if (!mayReceive(c, viewer)) throw new AppError("NOT_FOUND", COMMENT_NOT_FOUND);
  if (c.deletedAt) throw new AppError("CONFLICT", "This comment was deleted.");
  if (c.authorId === actor.id) throw new AppError("BAD_REQUEST", "You cannot report your own comment.");
  const existing = await db().report.findUnique({ where: { commentId_reporterId: { commentId, reporterId: actor.id } }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", ALREADY_REPORTED);
  await limitWrites(actor.id);
  let reportId = "";
  try {
    await act({
      seminarId,
      actorId: actor.id,
      change: async (tx) => {
        reportId = (await tx.report.create({ data: { seminarId, commentId, reporterId: actor.id, reason: data.reason.trim() }, select: { id: true } })).id;
        return true;
      },
      // A getter: the payload needs the new report's id, known only once change() has run.
      get event() {
        return { type: "report:created" as const, payload: { threadId: c.threadId, commentId, reportId } };
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw new AppError("CONFLICT", ALREADY_REPORTED);
    throw err;
  }
  return presentReceipt(await db().report.findUniqueOrThrow({ where: { id: reportId } }));
}

const ALREADY_REPORTED = "You have already reported this comment; the instructors have your report.";

const reportInclude = { comment: { include: { ...commentInclude, thread: { select: { paragraph: { select: { position: true } } } } } } } as const;

/** The instructors' queue: open reports oldest first, or handled ones most recently handled first. */
export async function listReports(actor: Actor, seminarId: string, query: { state?: string } = {}): Promise<{ open: number; reports: ReportView[] }> {
  const q = reportsQuery.parse(query);
  const { viewer } = await instructor(actor, seminarId);
  const [dir, rows, open] = await Promise.all([
    loadDirectory(seminarId),
    db().report.findMany({
      where: { seminarId, handledAt: q.state === "open" ? null : { not: null } },
      include: reportInclude,
      orderBy: q.state === "open" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ handledAt: "desc" }, { id: "desc" }],
      take: 500,
    }),
    countOpenReports(seminarId),
  ]);
  await fillMissingHtml(rows.map((r) => r.comment));
  return { open, reports: rows.map((r) => presentReport(r, dir, viewer)) };
}

export const countOpenReports = (seminarId: string) => db().report.count({ where: { seminarId, handledAt: null } });

/** The open reports count for the room header; null for students (it is not theirs to know). */
export async function openReportsFor(actor: Actor, seminarId: string): Promise<number | null> {
  const { role } = await membershipFor(actor, seminarId);
  return canManage(role) ? countOpenReports(seminarId) : null;
}

export async function handleReport(actor: Actor, reportId: string, input: HandleReportInput): Promise<ReportView> {
  handleReportInput.parse(input);
  const r = await db().report.findUnique({ where: { id: reportId }, select: { id: true, seminarId: true, commentId: true, comment: { select: { threadId: true } } } });
  if (!r) throw new AppError("NOT_FOUND", REPORT_NOT_FOUND);
  const { viewer } = await instructor(actor, r.seminarId);
  await limitWrites(actor.id);
  await act({
    seminarId: r.seminarId,
    actorId: actor.id,
    change: async (tx) => (await tx.report.updateMany({ where: { id: reportId, handledAt: null }, data: { handledAt: new Date(), handledById: actor.id } })).count === 1,
    event: { type: "report:handled", payload: { threadId: r.comment.threadId, commentId: r.commentId, reportId } },
    audit: { action: "report.handle" },
  });
  const [dir, row] = await Promise.all([loadDirectory(r.seminarId), db().report.findUniqueOrThrow({ where: { id: reportId }, include: reportInclude })]);
  await fillMissingHtml([row.comment]);
  return presentReport(row, dir, viewer);
}

// ── the audit log ──────────────────────────────────────────────────────────────────────────

/** Newest first; `before` (an entry id) pages back. */
export async function listAudit(actor: Actor, seminarId: string, query: { limit?: unknown; before?: unknown } = {}): Promise<{ entries: AuditEntryView[]; more: boolean }> {
  const q = auditQuery.parse(query);
  const { viewer } = await instructor(actor, seminarId);
  if (q.before) {
    const anchor = await db().auditEntry.findFirst({ where: { id: q.before, seminarId }, select: { id: true } });
    if (!anchor) throw new AppError("BAD_REQUEST", "before: is not an entry of this seminar's audit log");
  }
  const rows = await db().auditEntry.findMany({
    where: { seminarId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.before ? { cursor: { id: q.before }, skip: 1 } : {}),
  });
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const commentIds = [...new Set(page.map((e) => e.commentId).filter((x): x is string => !!x))];
  const threadIds = [...new Set(page.map((e) => e.threadId).filter((x): x is string => !!x))];
  const [dir, comments, threads] = await Promise.all([
    loadDirectory(seminarId),
    commentIds.length
      ? db().comment.findMany({ where: { id: { in: commentIds } }, select: { id: true, body: true, authorId: true, deletedAt: true, thread: { select: { paragraph: { select: { position: true } } } } } })
      : [],
    threadIds.length ? db().thread.findMany({ where: { id: { in: threadIds } }, select: { id: true, paragraph: { select: { position: true } } } }) : [],
  ]);
  const byComment = new Map(comments.map((c) => [c.id, c]));
  const byThread = new Map(threads.map((t) => [t.id, t]));
  return {
    entries: page.map((e) => presentAuditEntry(e, e.commentId ? byComment.get(e.commentId) : undefined, e.threadId ? byThread.get(e.threadId) : undefined, dir, viewer)),
    more,
  };
}

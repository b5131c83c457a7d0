// Moderation inputs, shared by the room's forms and the API. Safe in the browser.
import { z } from "zod";

export const MAX_REASON_CHARS = 500;

const reasonText = z
  .string({ error: "must be a string" })
  .max(MAX_REASON_CHARS, `must be at most ${MAX_REASON_CHARS} characters`)
  .transform((s) => s.trim());

/** POST /comments/:id/hidden: an optional reason, kept in the audit log (instructors only read it). */
export const hideCommentInput = z.object({ reason: reasonText.optional() }).strict();
export type HideCommentInput = z.input<typeof hideCommentInput>;

/** POST /comments/:id/reports: why this comment should be looked at; required. */
export const reportInput = z
  .object({ reason: z.string({ error: "is required" }).max(MAX_REASON_CHARS, `must be at most ${MAX_REASON_CHARS} characters`).refine((s) => s.trim().length > 0, "is empty") })
  .strict();
export type ReportInput = z.infer<typeof reportInput>;

/** PATCH /threads/:id: resolve (author or instructor), lock and pin (instructors). At least one. */
export const updateThreadStateInput = z
  .object({ resolved: z.boolean().optional(), locked: z.boolean().optional(), pinned: z.boolean().optional() })
  .strict()
  .refine((v) => v.resolved !== undefined || v.locked !== undefined || v.pinned !== undefined, { message: "send at least one of resolved, locked, pinned" });
export type UpdateThreadStateInput = z.infer<typeof updateThreadStateInput>;

/** PATCH /reports/:id: mark handled (reports are not reopened). */
export const handleReportInput = z.object({ handled: z.literal(true, { message: "must be true" }) }).strict();
export type HandleReportInput = z.infer<typeof handleReportInput>;

export const REPORT_STATES = ["open", "handled"] as const;
export const reportsQuery = z.object({ state: z.enum(REPORT_STATES, { message: "must be open or handled" }).default("open") });

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1, "must be 1 or more").max(500, "must be at most 500").default(100),
  /** An entry id: return only entries older than it (the next page). */
  before: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "is not a valid id").optional(),
});

/** What an audit entry records; stored as written here. */
export const AUDIT_ACTIONS = [
  "comment.hide",
  "comment.show",
  "comment.delete",
  "comment.endorse",
  "comment.unendorse",
  "thread.lock",
  "thread.unlock",
  "thread.pin",
  "thread.unpin",
  "report.handle",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How the audit log page words each action. */
export const AUDIT_LABEL: Record<AuditAction, string> = {
  "comment.hide": "Hid a comment",
  "comment.show": "Showed a hidden comment again",
  "comment.delete": "Deleted a comment",
  "comment.endorse": "Endorsed a comment",
  "comment.unendorse": "Withdrew an endorsement",
  "thread.lock": "Locked a thread",
  "thread.unlock": "Unlocked a thread",
  "thread.pin": "Pinned a thread",
  "thread.unpin": "Unpinned a thread",
  "report.handle": "Marked a report handled",
};

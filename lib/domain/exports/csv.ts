// CSV writers: RFC 4180 (quoted where needed, quotes doubled), UTF-8 with a byte order mark and
// CRLF line ends, because that is what spreadsheet programs open correctly. Cells a spreadsheet
// would read as a formula are neutralised. Pure; unit-tested and golden-file tested.
import { isoUtc, reactionText, type ExportComment, type ExportHeader } from "./model";
import type { ParticipationLine } from "./participation";

export const BOM = "\uFEFF";
const CRLF = "\r\n";

/**
 * A cell starting with = + - @ (or a tab or carriage return, which some programs skip before
 * reading a formula) could run as a formula when opened: prefix it with an apostrophe, the
 * convention spreadsheet programs display as text (OWASP "CSV injection").
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or leading/trailing space). */
export function field(value: string | number | boolean | null): string {
  if (value === null) return "";
  const s = typeof value === "string" ? neutralise(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const line = (cells: Array<string | number | boolean | null>) => cells.map(field).join(",") + CRLF;

export const COMMENT_COLUMNS = [
  "comment_id",
  "thread_id",
  "reply_to_id",
  "paragraph_number",
  "paragraph_id",
  "passage",
  "author",
  "author_email",
  "role",
  "created_at",
  "edited_at",
  "deleted",
  "hidden",
  "body",
  "reactions",
  "thread_resolved",
  "thread_pinned",
  "thread_locked",
  "endorsed_by",
  "endorsed_at",
] as const;

export function commentCells(c: ExportComment): Array<string | number | boolean | null> {
  return [
    c.id,
    c.threadId,
    c.replyToId,
    c.paragraph.number,
    c.paragraph.id,
    c.passage?.exact ?? null,
    c.author.name,
    c.author.email,
    c.author.role,
    isoUtc(c.createdAt),
    c.editedAt ? isoUtc(c.editedAt) : null,
    c.deleted,
    c.hidden,
    c.body,
    reactionText(c.reactions),
    c.threadResolved,
    c.threadPinned,
    c.threadLocked,
    c.endorsedBy?.name ?? null,
    c.endorsedAt ? isoUtc(c.endorsedAt) : null,
  ];
}

/** One row per comment, in the export's order. `_header` is unused: a CSV has no heading. */
export async function* commentsCsv(_header: ExportHeader, rows: AsyncIterable<ExportComment>): AsyncGenerator<string> {
  yield BOM + line([...COMMENT_COLUMNS]);
  for await (const c of rows) yield line(commentCells(c));
}

export const PARTICIPATION_COLUMNS = [
  "name",
  "email",
  "role",
  "threads_started",
  "replies",
  "words",
  "reactions_given",
  "reactions_received",
  "paragraphs",
  "first_activity",
  "last_activity",
] as const;

export function* participationCsv(rows: ParticipationLine[]): Generator<string> {
  yield BOM + line([...PARTICIPATION_COLUMNS]);
  for (const r of rows) {
    yield line([
      r.name,
      r.email,
      r.role,
      r.threadsStarted,
      r.replies,
      r.words,
      r.reactionsGiven,
      r.reactionsReceived,
      r.paragraphs,
      r.firstActive ? isoUtc(r.firstActive) : null,
      r.lastActive ? isoUtc(r.lastActive) : null,
    ]);
  }
}

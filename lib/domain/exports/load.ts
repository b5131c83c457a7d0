// Reads a seminar's comments for an export in keyset-paginated batches, so that memory stays
// flat however long the discussion is. The filtering that decides what a viewer may receive
// happens here, in SQL, and mirrors lib/domain/threads/present.ts:
// - hidden comments only when `includeHidden` (instructors; mayReceive);
// - only the viewer's own comments when `authorId` is set (students without export permission);
// - a deleted comment only where a later receivable, live comment follows it in its thread
//   (visibleComments), and never its body.
// Callers (service.ts) have already checked membership and decided the filter.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { toKind } from "@/lib/domain/threads/present";
import type { ReactionKindWire } from "@/lib/domain/threads/schema";
import type { ExportOrder } from "./schema";

export const BATCH_SIZE = 500;

export interface LoadFilter {
  seminarId: string;
  includeHidden: boolean;
  /** Only this author's comments; null for everyone's. */
  authorId: string | null;
}

export interface LoadedComment {
  id: string;
  threadId: string;
  replyToId: string | null;
  authorId: string;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  hidden: boolean;
  paragraph: { id: string; number: number; heading: string | null; text: string };
  passage: { exact: string; prefix: string; suffix: string; start: number; end: number } | null;
  threadResolved: boolean;
  threadKind: "discussion" | "prompt";
  reactions: Array<{ kind: ReactionKindWire; count: number }>;
}

interface Raw {
  id: string;
  thread_id: string;
  reply_to_id: string | null;
  author_id: string;
  body: string;
  created_at: Date;
  created_key: string;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  paragraph_id: string;
  position: number;
  heading: string | null;
  paragraph_text: string;
  quote_exact: string | null;
  quote_prefix: string | null;
  quote_suffix: string | null;
  quote_start: number | null;
  quote_end: number | null;
  resolved_at: Date | null;
  kind: string;
  thread_key: string;
}

/** May the viewer receive comment `x`? The same rule for the row and for its neighbours. */
function receivable(f: LoadFilter, x: string): Prisma.Sql {
  const a = Prisma.raw(x);
  return Prisma.sql`(${f.includeHidden} OR ${a}.hidden_at IS NULL) AND (${f.authorId}::text IS NULL OR ${a}.author_id = ${f.authorId}::text)`;
}

/** Rows shown in the export: receivable, and live or followed by a receivable live comment. */
function shown(f: LoadFilter): Prisma.Sql {
  return Prisma.sql`${receivable(f, "c")} AND (c.deleted_at IS NULL OR EXISTS (
      SELECT 1 FROM comments n
      WHERE n.thread_id = c.thread_id AND (n.created_at, n.id) > (c.created_at, c.id)
        AND n.deleted_at IS NULL AND ${receivable(f, "n")}))`;
}

const REACTION_ORDER: ReactionKindWire[] = ["agree", "question", "insight", "confused"];

/** What the export holds, for its heading: counted with the same filter as the rows. */
export async function countExport(f: LoadFilter): Promise<{ threads: number; comments: number }> {
  const [r] = await db().$queryRaw<Array<{ threads: bigint; comments: bigint }>>`
    SELECT count(DISTINCT c.thread_id) AS threads, count(*) AS comments
    FROM comments c JOIN threads t ON t.id = c.thread_id
    WHERE t.seminar_id = ${f.seminarId} AND ${shown(f)}`;
  return { threads: Number(r.threads), comments: Number(r.comments) };
}

/**
 * Batches of comments in the export's order. The keyset is the order's own key (timestamps are
 * carried as PostgreSQL text so that the comparison is exact to the microsecond); each batch is
 * one query for the comments and one for their reaction counts.
 */
export async function* loadComments(f: LoadFilter, order: ExportOrder, batchSize = BATCH_SIZE): AsyncGenerator<LoadedComment[]> {
  let after: Raw | null = null;
  for (;;) {
    const keyset: Prisma.Sql = !after
      ? Prisma.sql`TRUE`
      : order === "paragraph"
        ? Prisma.sql`(p.position, t.created_at, t.id, c.created_at, c.id) > (${after.position}::int, ${after.thread_key}::timestamp, ${after.thread_id}::text, ${after.created_key}::timestamp, ${after.id}::text)`
        : Prisma.sql`(c.created_at, c.id) > (${after.created_key}::timestamp, ${after.id}::text)`;
    const orderBy = order === "paragraph" ? Prisma.sql`p.position, t.created_at, t.id, c.created_at, c.id` : Prisma.sql`c.created_at, c.id`;
    const rows: Raw[] = await db().$queryRaw<Raw[]>`
      SELECT c.id, c.thread_id, c.author_id, c.body, c.created_at, c.created_at::text AS created_key,
             c.edited_at, c.deleted_at, c.hidden_at,
             t.paragraph_id, p.position, p.heading, p.text AS paragraph_text,
             t.quote_exact, t.quote_prefix, t.quote_suffix, t.quote_start, t.quote_end,
             t.resolved_at, t.kind::text AS kind, t.created_at::text AS thread_key,
             (SELECT q.id FROM comments q
              WHERE q.thread_id = c.thread_id AND (q.created_at, q.id) < (c.created_at, c.id) AND ${receivable(f, "q")}
              ORDER BY q.created_at DESC, q.id DESC LIMIT 1) AS reply_to_id
      FROM comments c
      JOIN threads t ON t.id = c.thread_id
      JOIN paragraphs p ON p.id = t.paragraph_id
      WHERE t.seminar_id = ${f.seminarId} AND ${shown(f)} AND ${keyset}
      ORDER BY ${orderBy}
      LIMIT ${batchSize}`;
    if (!rows.length) return;
    const ids = rows.filter((r) => r.deleted_at === null).map((r) => r.id);
    const counts = ids.length
      ? await db().$queryRaw<Array<{ comment_id: string; kind: string; n: bigint }>>`
          SELECT comment_id, kind::text AS kind, count(*) AS n FROM reactions WHERE comment_id = ANY(${ids}::text[]) GROUP BY comment_id, kind`
      : [];
    const byComment = new Map<string, Map<ReactionKindWire, number>>();
    for (const c of counts) {
      const m = byComment.get(c.comment_id) ?? new Map<ReactionKindWire, number>();
      m.set(toKind(c.kind), Number(c.n));
      byComment.set(c.comment_id, m);
    }
    yield rows.map((r) => {
      const m = byComment.get(r.id);
      return {
        id: r.id,
        threadId: r.thread_id,
        replyToId: r.reply_to_id,
        authorId: r.author_id,
        body: r.body,
        createdAt: r.created_at,
        editedAt: r.edited_at,
        deleted: r.deleted_at !== null,
        hidden: r.hidden_at !== null,
        paragraph: { id: r.paragraph_id, number: r.position, heading: r.heading, text: r.paragraph_text },
        passage:
          r.quote_exact !== null && r.quote_start !== null && r.quote_end !== null
            ? { exact: r.quote_exact, prefix: r.quote_prefix ?? "", suffix: r.quote_suffix ?? "", start: r.quote_start, end: r.quote_end }
            : null,
        threadResolved: r.resolved_at !== null,
        threadKind: r.kind === "PROMPT" ? "prompt" : "discussion",
        reactions: m ? REACTION_ORDER.filter((k) => m.has(k)).map((k) => ({ kind: k, count: m.get(k)! })) : [],
      };
    });
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1];
  }
}

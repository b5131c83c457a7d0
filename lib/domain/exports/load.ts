// Reads a seminar's comments for an export in keyset-paginated batches, so that memory stays
// flat however long the discussion is. The filtering that decides what a viewer may receive
// happens here, in SQL, and mirrors lib/domain/threads/present.ts:
// - hidden comments only when `includeHidden` (instructors; mayReceive);
// - only the viewer's own comments when `authorId` is set (students without export permission);
// - a deleted comment only where a later receivable, live comment follows it in its thread
//   (visibleComments), and never its body.
// Callers (service.ts) have already checked membership and decided the filter, and pass the
// client every query goes through: one read-only snapshot (lib/db/snapshot.ts), so that the
// counts and every page of one export see the same database.
import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { toKind } from "@/lib/domain/threads/present";
import type { ReactionKindWire } from "@/lib/domain/threads/schema";
import type { ExportOrder } from "./schema";

export const BATCH_SIZE = 500;

/** What the loader reads through: a snapshot's transaction (or, in a script, the client). */
export type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

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
  /** Stored at write time; null only for a row from before comments.html (not yet backfilled). */
  html: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  hidden: boolean;
  /** When an instructor endorsed it, and who; null if not endorsed. */
  endorsedAt: Date | null;
  endorsedById: string | null;
  paragraph: { id: string; number: number; heading: string | null; text: string };
  passage: { exact: string; prefix: string; suffix: string; start: number; end: number } | null;
  threadResolved: boolean;
  threadKind: "discussion" | "prompt";
  /** Pinned by an instructor (prompts count as pinned in the room but are marked as prompts). */
  threadPinned: boolean;
  /** Locked: the thread takes no new replies. */
  threadLocked: boolean;
  reactions: Array<{ kind: ReactionKindWire; count: number }>;
}

/** A page's row as read; the last one of a page is the next page's cursor. */
export interface PageRow {
  id: string;
  thread_id: string;
  reply_to_id: string | null;
  author_id: string;
  body: string;
  html: string | null;
  created_at: Date;
  created_key: string;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  endorsed_at: Date | null;
  endorsed_by_id: string | null;
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
  pinned_at: Date | null;
  locked_at: Date | null;
  kind: string;
  thread_key: string;
  thread_rank: number;
}

/**
 * A thread's place within its paragraph, as the room lists it (lib/domain/threads/order.ts):
 * prompts, then pinned threads, then the rest; oldest first within each.
 */
const THREAD_RANK = Prisma.sql`(CASE WHEN t.kind = 'PROMPT' THEN 0 WHEN t.pinned_at IS NOT NULL THEN 1 ELSE 2 END)`;

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
export async function countExport(q: Reader, f: LoadFilter): Promise<{ threads: number; comments: number }> {
  const [r] = await q.$queryRaw<Array<{ threads: bigint; comments: bigint }>>`
    SELECT count(DISTINCT c.thread_id) AS threads, count(*) AS comments
    FROM comments c
    WHERE c.seminar_id = ${f.seminarId} AND ${shown(f)}`;
  return { threads: Number(r.threads), comments: Number(r.comments) };
}

/** The query for one page of shown comments in `scope`, after `after`, in the export's order (exported for the plan test). */
export function pageQuery(f: LoadFilter, scope: Prisma.Sql, order: ExportOrder, after: PageRow | null, limit: number): Prisma.Sql {
  const keyset: Prisma.Sql = !after
    ? Prisma.sql`TRUE`
    : order === "paragraph"
      ? Prisma.sql`(p.position, ${THREAD_RANK}, t.created_at, t.id, c.created_at, c.id) > (${after.position}::int, ${after.thread_rank}::int, ${after.thread_key}::timestamp, ${after.thread_id}::text, ${after.created_key}::timestamp, ${after.id}::text)`
      : Prisma.sql`(c.created_at, c.id) > (${after.created_key}::timestamp, ${after.id}::text)`;
  const orderBy = order === "paragraph" ? Prisma.sql`p.position, ${THREAD_RANK}, t.created_at, t.id, c.created_at, c.id` : Prisma.sql`c.created_at, c.id`;
  const outerOrder = order === "paragraph" ? Prisma.sql`position, thread_rank, thread_created_at, thread_id, created_at, id` : Prisma.sql`created_at, id`;
  // The page is picked first (MATERIALIZED, so PostgreSQL cannot fold it back in) and only its
  // rows get the reply-to lookup: in one flat query the lookup would run for every row sorted.
  return Prisma.sql`
    WITH page AS MATERIALIZED (
      SELECT c.id, c.thread_id, c.author_id, c.body, c.html, c.created_at, c.created_at::text AS created_key,
             c.edited_at, c.deleted_at, c.hidden_at, c.endorsed_at, c.endorsed_by_id,
             t.paragraph_id, p.position, p.heading, p.text AS paragraph_text,
             t.quote_exact, t.quote_prefix, t.quote_suffix, t.quote_start, t.quote_end,
             t.resolved_at, t.pinned_at, t.locked_at, t.kind::text AS kind, t.created_at AS thread_created_at, t.created_at::text AS thread_key,
             ${THREAD_RANK} AS thread_rank
      FROM comments c
      JOIN threads t ON t.id = c.thread_id
      JOIN paragraphs p ON p.id = t.paragraph_id
      WHERE ${scope} AND ${shown(f)} AND ${keyset}
      ORDER BY ${orderBy}
      LIMIT ${limit}
    )
    SELECT page.*,
           (SELECT q.id FROM comments q
            WHERE q.thread_id = page.thread_id AND (q.created_at, q.id) < (page.created_at, page.id) AND ${receivable(f, "q")}
            ORDER BY q.created_at DESC, q.id DESC LIMIT 1) AS reply_to_id
    FROM page
    ORDER BY ${outerOrder}`;
}

export function page(q: Reader, f: LoadFilter, scope: Prisma.Sql, order: ExportOrder, after: PageRow | null, limit: number): Promise<PageRow[]> {
  return q.$queryRaw<PageRow[]>(pageQuery(f, scope, order, after, limit));
}

async function withReactions(q: Reader, rows: PageRow[]): Promise<LoadedComment[]> {
  const ids = rows.filter((r) => r.deleted_at === null).map((r) => r.id);
  const counts = ids.length
    ? await q.$queryRaw<Array<{ comment_id: string; kind: string; n: bigint }>>`
        SELECT comment_id, kind::text AS kind, count(*) AS n FROM reactions WHERE comment_id = ANY(${ids}::text[]) GROUP BY comment_id, kind`
    : [];
  const byComment = new Map<string, Map<ReactionKindWire, number>>();
  for (const c of counts) {
    const m = byComment.get(c.comment_id) ?? new Map<ReactionKindWire, number>();
    m.set(toKind(c.kind), Number(c.n));
    byComment.set(c.comment_id, m);
  }
  return rows.map((r) => {
    const m = byComment.get(r.id);
    return {
      id: r.id,
      threadId: r.thread_id,
      replyToId: r.reply_to_id,
      authorId: r.author_id,
      body: r.body,
      html: r.html,
      createdAt: r.created_at,
      editedAt: r.edited_at,
      deleted: r.deleted_at !== null,
      hidden: r.hidden_at !== null,
      endorsedAt: r.endorsed_at,
      endorsedById: r.endorsed_by_id,
      paragraph: { id: r.paragraph_id, number: r.position, heading: r.heading, text: r.paragraph_text },
      passage:
        r.quote_exact !== null && r.quote_start !== null && r.quote_end !== null
          ? { exact: r.quote_exact, prefix: r.quote_prefix ?? "", suffix: r.quote_suffix ?? "", start: r.quote_start, end: r.quote_end }
          : null,
      threadResolved: r.resolved_at !== null,
      threadKind: r.kind === "PROMPT" ? "prompt" : "discussion",
      threadPinned: r.pinned_at !== null,
      threadLocked: r.locked_at !== null,
      reactions: m ? REACTION_ORDER.filter((k) => m.has(k)).map((k) => ({ kind: k, count: m.get(k)! })) : [],
    };
  });
}

/** Pages of comments in `scope` until it is exhausted. */
async function* pages(q: Reader, f: LoadFilter, scope: Prisma.Sql, order: ExportOrder, batchSize: number): AsyncGenerator<LoadedComment[]> {
  let after: PageRow | null = null;
  for (;;) {
    const rows = await page(q, f, scope, order, after, batchSize);
    if (rows.length) yield await withReactions(q, rows);
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1];
  }
}

/** A time-ordered export's scope: the column that leads the index it reads along. */
export const timeScope = (f: LoadFilter): Prisma.Sql => Prisma.sql`c.seminar_id = ${f.seminarId}`;

type ThreadKey = { id: string; thread_key: string; thread_rank: number };

/**
 * Batches of comments in the export's order, at most `batchSize` each. The keyset is the
 * order's own key (timestamps carried as PostgreSQL text, so the comparison is exact to the
 * microsecond). By paragraph, the read goes paragraph by paragraph (those with threads), takes
 * that paragraph's threads a few at a time (threads_seminar_id_paragraph_id_idx) and pages
 * through their comments (comments_thread_id_created_at_idx), so every query touches a bounded
 * set and the whole read stays linear in the number of comments (one thread with many thousands
 * of comments is the exception: each page rereads it). In time order a page is the seminar's
 * next `batchSize` comments, read along comments_seminar_id_created_at_id_idx (seminar_id,
 * created_at, id), so a page touches this seminar's rows only: without an index every page
 * re-sorted the whole seminar (25 s instead of 3 s at 100,000 comments), and along a global
 * (created_at, id) index every page skipped the comments of every other seminar written in the
 * meantime (docs/benchmarks.md).
 */
export async function* loadComments(q: Reader, f: LoadFilter, order: ExportOrder, batchSize = BATCH_SIZE): AsyncGenerator<LoadedComment[]> {
  if (order === "time") {
    yield* pages(q, f, timeScope(f), order, batchSize);
    return;
  }
  // A reading's paragraphs are few (its length bounds them, not the discussion's).
  const paragraphs = await q.$queryRaw<Array<{ paragraph_id: string }>>`
    SELECT DISTINCT t.paragraph_id, p.position FROM threads t JOIN paragraphs p ON p.id = t.paragraph_id
    WHERE t.seminar_id = ${f.seminarId} ORDER BY p.position`;
  const threadBatch = Math.max(1, Math.floor(batchSize / 5));
  for (const { paragraph_id } of paragraphs) {
    let after: ThreadKey | null = null;
    for (;;) {
      const keyset: Prisma.Sql = after
        ? Prisma.sql`(${THREAD_RANK}, t.created_at, t.id) > (${after.thread_rank}::int, ${after.thread_key}::timestamp, ${after.id}::text)`
        : Prisma.sql`TRUE`;
      const threads: ThreadKey[] = await q.$queryRaw<ThreadKey[]>`
        SELECT t.id, t.created_at::text AS thread_key, ${THREAD_RANK} AS thread_rank FROM threads t
        WHERE t.seminar_id = ${f.seminarId} AND t.paragraph_id = ${paragraph_id} AND ${keyset}
        ORDER BY ${THREAD_RANK}, t.created_at, t.id
        LIMIT ${threadBatch}`;
      if (!threads.length) break;
      yield* pages(q, f, Prisma.sql`c.thread_id = ANY(${threads.map((t) => t.id)}::text[])`, order, batchSize);
      if (threads.length < threadBatch) break;
      after = threads[threads.length - 1];
    }
  }
}

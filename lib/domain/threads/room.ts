// Reads for the seminar room that load only what is looked at: the per-paragraph summary the room
// page arrives with, and threads one page at a time (one paragraph's, or the whole list's).
// Authorization: the actor must be a member of the seminar (membershipFor: else NOT_FOUND); what
// a viewer sees follows the same rules as listThreads (students never receive, nor count, hidden
// comments; names as the seminar allows). Query input is validated by threadsQuery (schema.ts);
// the cursor is validated here (opaque to clients, a bad one is a 400 naming `cursor`).
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { memberKey } from "@/lib/domain/seminars/policy";
import { loadDirectory, membershipFor, threadInclude } from "./service";
import { fillMissingHtml } from "./html";
import { presentThread, type Bucket, type ParagraphSummary, type RoomSummary, type ThreadsPage } from "./present";
import { MAX_THREADS_PAGE, threadsQuery, type ThreadsQuery } from "./schema";

type Count = bigint | number;

/**
 * A thread is gone once every comment in it is deleted (its last deletion went out as
 * thread:deleted): the room neither lists nor counts it. `th` is the threads row.
 */
const LIVE_THREAD = Prisma.sql`EXISTS (SELECT 1 FROM comments lc WHERE lc.thread_id = th.id AND lc.deleted_at IS NULL)`;

interface SummaryRow {
  seq: number;
  id: string;
  position: number;
  threads: Count;
  comments: Count;
  unresolved_threads: Count;
  unresolved_comments: Count;
  question_threads: Count;
  question_comments: Count;
  open_questions: Count;
  mine_threads: Count;
  mine_comments: Count;
  author_threads: Count;
  author_comments: Count;
  unread: Count;
  passages: [string, number, number][];
}

const bucket = (threads: Count, comments: Count): Bucket => ({ threads: Number(threads), comments: Number(comments) });

/**
 * The room page's discussion: one grouped query over the seminar's threads and the comments this
 * viewer may see. `author` (a member key, from the dashboard's links) adds that member's counts.
 * Opening the room is a visit: comments after the previous visit count as unread, and the visit
 * is recorded for next time. "Question" means what the room's filter means (isQuestion in the
 * room): the opening comment ends with "?", or a comment carries the question reaction.
 */
export async function roomSummary(actor: Actor, seminarId: string, opts: { author?: string | null } = {}): Promise<RoomSummary> {
  const { viewer, membership } = await membershipFor(actor, seminarId);
  const pseudonym = /^m(\d{1,9})$/.exec(opts.author ?? "")?.[1];
  const authorId = pseudonym
    ? ((await db().membership.findUnique({ where: { seminarId_pseudonym: { seminarId, pseudonym: Number(pseudonym) } }, select: { userId: true } }))?.userId ?? "")
    : null;
  const instructor = viewer.role === "instructor";
  // Never visited: everything others wrote is new to this member.
  const since = membership.lastVisitAt ? membership.lastVisitAt.toISOString() : "-infinity";
  const rows = await db().$queryRaw<SummaryRow[]>`
    WITH c AS (
      SELECT cm.id, cm.thread_id, cm.author_id, cm.created_at, cm.deleted_at,
             row_number() OVER (PARTITION BY cm.thread_id ORDER BY cm.created_at, cm.id) AS n,
             cm.deleted_at IS NULL AND cm.body ~ '\\?\\s*$' AS asks,
             EXISTS (SELECT 1 FROM reactions r WHERE r.comment_id = cm.id AND r.kind = 'QUESTION') AS flagged
      FROM comments cm
      WHERE cm.seminar_id = ${seminarId} AND (cm.hidden_at IS NULL OR ${instructor}::boolean)
    ), t AS (
      SELECT th.id, th.paragraph_id, th.resolved_at IS NULL AS open, th.quote_start, th.quote_end,
             count(c.id) FILTER (WHERE c.deleted_at IS NULL) AS comments,
             coalesce(bool_or((c.n = 1 AND c.asks) OR (c.flagged AND c.deleted_at IS NULL)), false) AS question,
             coalesce(bool_or(c.author_id = ${actor.id}::text AND c.deleted_at IS NULL), false) AS mine,
             coalesce(bool_or(c.author_id = ${authorId}::text AND c.deleted_at IS NULL), false) AS by_author,
             count(c.id) FILTER (WHERE c.deleted_at IS NULL AND c.created_at > ${since}::timestamp AND c.author_id IS DISTINCT FROM ${actor.id}::text) AS unread
      FROM threads th LEFT JOIN c ON c.thread_id = th.id
      WHERE th.seminar_id = ${seminarId} AND ${LIVE_THREAD}
      GROUP BY th.id
    )
    SELECT (SELECT last_seq FROM seminars WHERE id = ${seminarId}) AS seq, p.id, p.position,
           count(*) AS threads, coalesce(sum(t.comments), 0) AS comments,
           count(*) FILTER (WHERE t.open) AS unresolved_threads, coalesce(sum(t.comments) FILTER (WHERE t.open), 0) AS unresolved_comments,
           count(*) FILTER (WHERE t.question) AS question_threads, coalesce(sum(t.comments) FILTER (WHERE t.question), 0) AS question_comments,
           count(*) FILTER (WHERE t.question AND t.open) AS open_questions,
           count(*) FILTER (WHERE t.mine) AS mine_threads, coalesce(sum(t.comments) FILTER (WHERE t.mine), 0) AS mine_comments,
           count(*) FILTER (WHERE t.by_author) AS author_threads, coalesce(sum(t.comments) FILTER (WHERE t.by_author), 0) AS author_comments,
           coalesce(sum(t.unread), 0) AS unread,
           coalesce(json_agg(json_build_array(t.id, t.quote_start, t.quote_end) ORDER BY t.quote_start) FILTER (WHERE t.quote_start IS NOT NULL), '[]') AS passages
    FROM t JOIN paragraphs p ON p.id = t.paragraph_id
    GROUP BY p.id, p.position
    ORDER BY p.position`;
  // The seq comes from the same statement (one snapshot) as the counts: events after it are exactly
  // the changes the counts do not hold yet. With no threads there are no rows: read it alone.
  const seq = rows.length ? Number(rows[0].seq) : (await db().seminar.findUniqueOrThrow({ where: { id: seminarId }, select: { lastSeq: true } })).lastSeq;
  await db().$executeRaw`UPDATE memberships SET last_visit_at = now() AT TIME ZONE 'UTC' WHERE seminar_id = ${seminarId} AND user_id = ${actor.id}`;
  return {
    seq,
    you: memberKey(membership.pseudonym),
    paragraphs: rows.map(
      (r): ParagraphSummary => ({
        paragraphId: r.id,
        paragraphNumber: r.position,
        all: bucket(r.threads, r.comments),
        unresolved: bucket(r.unresolved_threads, r.unresolved_comments),
        questions: bucket(r.question_threads, r.question_comments),
        openQuestions: Number(r.open_questions),
        mine: bucket(r.mine_threads, r.mine_comments),
        author: authorId === null ? null : bucket(r.author_threads, r.author_comments),
        unread: Number(r.unread),
        passages: r.passages,
      }),
    ),
  };
}

// ── pages of threads ───────────────────────────────────────────────────────────────────────

/** Where a page ends, in the order of compareThreads (order.ts): paragraph, rank, creation, id. */
const cursorShape = z.tuple([z.number().int().min(0), z.number().int().min(0).max(2), z.iso.datetime(), z.string().min(1).max(64)]);
type Cursor = z.infer<typeof cursorShape>;

const BAD_CURSOR = "cursor: is not a cursor from this list; pass nextCursor from the previous page as it was given.";

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

function decodeCursor(raw: string): Cursor {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error("not base64url");
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw new AppError("BAD_REQUEST", BAD_CURSOR);
  }
  const r = cursorShape.safeParse(parsed);
  if (!r.success) throw new AppError("BAD_REQUEST", BAD_CURSOR);
  return r.data;
}

/**
 * One page of threads, in the room's order (prompts, pinned, the rest, each oldest first; by
 * paragraph across paragraphs), after `cursor`. Keyset paging: a thread pinned or unpinned between
 * two pages may be listed twice or skipped, never anything else; clients upsert by id.
 */
export async function listThreadsPage(actor: Actor, seminarId: string, input: Partial<ThreadsQuery> = {}): Promise<ThreadsPage> {
  const q = threadsQuery.parse(input);
  const { viewer, seminar } = await membershipFor(actor, seminarId);
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  if (after && q.paragraph !== undefined && after[0] !== q.paragraph) throw new AppError("BAD_REQUEST", "cursor: belongs to another paragraph's list.");
  const limit = Math.min(q.limit, MAX_THREADS_PAGE);
  const paragraph = q.paragraph ?? null;
  const rows = await db().$queryRaw<{ id: string; position: number; rank: number; created_at: string }[]>`
    SELECT th.id, p.position, k.rank, to_char(th.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
    FROM threads th
    JOIN paragraphs p ON p.id = th.paragraph_id
    CROSS JOIN LATERAL (SELECT CASE WHEN th.kind = 'PROMPT' THEN 0 WHEN th.pinned_at IS NOT NULL THEN 1 ELSE 2 END AS rank) k
    WHERE th.seminar_id = ${seminarId} AND ${LIVE_THREAD}
      AND (${paragraph}::int IS NULL OR p.position = ${paragraph}::int)
      AND (${after?.[0] ?? null}::int IS NULL
           OR (p.position, k.rank, th.created_at, th.id COLLATE "C") > (${after?.[0] ?? null}::int, ${after?.[1] ?? null}::int, ${after?.[2] ?? null}::timestamp, ${after?.[3] ?? null}::text COLLATE "C"))
    ORDER BY p.position, k.rank, th.created_at, th.id COLLATE "C"
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const [dir, threads] = await Promise.all([
    loadDirectory(seminarId),
    page.length ? db().thread.findMany({ where: { id: { in: page.map((r) => r.id) } }, include: threadInclude }) : [],
  ]);
  await fillMissingHtml(threads.flatMap((t) => t.comments)); // rows older than stored html (lib/domain/threads/html.ts)
  const byId = new Map(threads.map((t) => [t.id, t]));
  const last = page[page.length - 1];
  return {
    // Read with the membership, before the threads: a change racing this read arrives again as an event.
    seq: seminar.lastSeq,
    threads: page.flatMap((r) => {
      const t = byId.get(r.id);
      return t ? [presentThread(t, dir, viewer)] : []; // deleted in between (its seminar was): gone
    }),
    nextCursor: rows.length > limit ? encodeCursor([last.position, last.rank, last.created_at, last.id]) : null,
  };
}

/** The paragraph a thread of this seminar is on (links to a thread open its paragraph); null if none. */
export async function locateThread(actor: Actor, seminarId: string, threadId: string): Promise<string | null> {
  await membershipFor(actor, seminarId);
  const t = await db().thread.findFirst({ where: { id: threadId, seminarId, comments: { some: { deletedAt: null } } }, select: { paragraphId: true } });
  return t?.paragraphId ?? null;
}

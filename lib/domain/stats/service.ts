// The instructors' dashboard figures for one seminar (GET /api/v1/seminars/:id/stats and the
// dashboard page). Instructors only: students get FORBIDDEN, non-members NOT_FOUND. A handful of
// SQL statements, each over the whole seminar, never one per member or per thread.
// Counting rules (also in docs/api.md):
// - deleted comments count for nothing; hidden comments still count, except that a hidden
//   comment neither asks an open question nor answers one (students cannot see it);
// - a paragraph is "silent" when no comment (not deleted) is on it; its threads are the threads
//   with at least one such comment;
// - activity counts comments (not deleted) per interval, from the first comment's to the last's;
// - an open question is a discussion thread, not resolved, whose opening comment (not deleted,
//   not hidden) carries a question reaction or has a "?" in its body, with no reply (not deleted,
//   not hidden) from anyone but the thread's author; oldest first;
// - a prompt's count is the distinct students (members with the student role now) with a comment
//   (not deleted) in the prompt's thread.
import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { memberKey } from "@/lib/domain/seminars/policy";
import { requireInstructor } from "@/lib/domain/seminars/service";
import { participation, type ParticipationRow } from "./participation";
import { BUCKET_ORIGIN_SECONDS, INTERVALS, chooseInterval, excerpt, fillBuckets, regroup } from "./intervals";
import { participationCounts, type PersonRef, type SeminarStats } from "./schema";

type Count = bigint | number;
const n = (v: Count | null | undefined) => Number(v ?? 0);

/** The finest interval: every coarser one is a whole number of these, on the same origin. */
const FINE = INTERVALS[0].seconds;

export async function seminarStats(actor: Pick<Actor, "id">, seminarId: string): Promise<SeminarStats> {
  await requireInstructor(actor, seminarId, "Only the seminar's instructors can see its dashboard.");
  return cachedStats(seminarId);
}

// ── the cache ──────────────────────────────────────────────────────────────────────────────
// Every open dashboard refetches after each burst of socket events, so N instructors watching
// would run the aggregates N times for the same figures. The figures are the same for every
// instructor (nothing in them depends on the viewer: instructors always see real names), so they
// are kept per seminar, under a key that changes whenever they can:
// - the seminar's last_seq: every comment, edit, delete, hide, reaction, resolve and report
//   takes one;
// - a fingerprint of the members (who, role, name): joining, role changes, leaving, removal and
//   renaming take no seq but change participation, students and prompts' denominators.
// One exception takes neither: deleting the account of someone who had already left the
// seminar cascades away their reactions (members' "reactions received"). TTL_MS bounds that.
// Concurrent requests at the same key share one computation (the promise is cached at once).
// Per process; several processes each compute once per burst.

/** Figures older than this are recomputed even at the same key. */
const TTL_MS = 2 * 60_000;
/** Seminars kept (least recently used dropped first). */
const MAX_ENTRIES = 300;

interface Entry {
  key: string;
  at: number;
  figures: Promise<SeminarStats>;
}
const cache = new Map<string, Entry>();

/** Indirection so tests can count computations (vi.spyOn(statsInternals, "readStats")). */
export const statsInternals = { readStats: (seminarId: string) => readStats(seminarId) };

async function cacheKey(seminarId: string): Promise<string> {
  const [row] = await db().$queryRaw<{ last_seq: number; members: string | null }[]>`
    SELECT s.last_seq,
           (SELECT md5(string_agg(m.user_id || ':' || m.role::text || ':' || u.name, ',' ORDER BY m.user_id))
            FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.seminar_id = s.id) AS members
    FROM seminars s WHERE s.id = ${seminarId}`;
  return `${row?.last_seq ?? 0}/${row?.members ?? ""}`;
}

async function cachedStats(seminarId: string): Promise<SeminarStats> {
  const key = await cacheKey(seminarId);
  const now = Date.now();
  const hit = cache.get(seminarId);
  if (hit && hit.key === key && now - hit.at < TTL_MS) {
    cache.delete(seminarId); // re-inserted: Map order is the LRU order
    cache.set(seminarId, hit);
    return hit.figures;
  }
  const entry: Entry = { key, at: now, figures: statsInternals.readStats(seminarId) };
  cache.delete(seminarId);
  cache.set(seminarId, entry);
  // A failed computation is not kept: the next request tries again.
  entry.figures.catch(() => {
    if (cache.get(seminarId) === entry) cache.delete(seminarId);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return entry.figures;
}

async function readStats(seminarId: string): Promise<SeminarStats> {
  const q = db();
  const [members, paragraphs, fine, questions, prompts, [head]] = await Promise.all([
    participation(seminarId),
    q.$queryRaw<{ id: string; position: number; threads: Count; comments: Count }[]>`
      SELECT p.id, p.position,
             count(DISTINCT t.id) FILTER (WHERE c.id IS NOT NULL) AS threads,
             count(c.id) AS comments
      FROM seminars s
      JOIN paragraphs p ON p.reading_id = s.reading_id
      LEFT JOIN threads t ON t.paragraph_id = p.id AND t.seminar_id = s.id
      LEFT JOIN comments c ON c.thread_id = t.id AND c.deleted_at IS NULL
      WHERE s.id = ${seminarId}
      GROUP BY p.id, p.position
      ORDER BY p.position`,
    // Comments per 5 minutes; coarser intervals are sums of these (regroup()).
    q.$queryRaw<{ bucket: Count; comments: Count }[]>`
      SELECT floor((extract(epoch FROM c.created_at) - ${BUCKET_ORIGIN_SECONDS}::numeric) / ${FINE}::numeric)::bigint AS bucket, count(*) AS comments
      FROM comments c JOIN threads t ON t.id = c.thread_id
      WHERE t.seminar_id = ${seminarId} AND c.deleted_at IS NULL
      GROUP BY 1`,
    q.$queryRaw<{ id: string; position: number; body: string; author_id: string; created_at: Date; flagged: boolean }[]>`
      WITH openers AS (
        SELECT DISTINCT ON (c.thread_id) c.thread_id, c.id, c.body, c.deleted_at, c.hidden_at
        FROM comments c JOIN threads t ON t.id = c.thread_id
        WHERE t.seminar_id = ${seminarId}
        ORDER BY c.thread_id, c.created_at, c.id
      )
      SELECT t.id, p.position, o.body, t.created_by_id AS author_id, t.created_at,
             EXISTS (SELECT 1 FROM reactions r WHERE r.comment_id = o.id AND r.kind = 'QUESTION') AS flagged
      FROM threads t
      JOIN openers o ON o.thread_id = t.id
      JOIN paragraphs p ON p.id = t.paragraph_id
      WHERE t.seminar_id = ${seminarId} AND t.kind = 'DISCUSSION' AND t.resolved_at IS NULL
        AND o.deleted_at IS NULL AND o.hidden_at IS NULL
        AND (strpos(o.body, '?') > 0 OR EXISTS (SELECT 1 FROM reactions r WHERE r.comment_id = o.id AND r.kind = 'QUESTION'))
        AND NOT EXISTS (
          SELECT 1 FROM comments a
          WHERE a.thread_id = t.id AND a.author_id <> t.created_by_id AND a.deleted_at IS NULL AND a.hidden_at IS NULL)
      ORDER BY t.created_at, t.id`,
    q.$queryRaw<{ id: string; position: number; created_at: Date; body: string | null; gone: string | null; students_replied: Count; replies: Count }[]>`
      SELECT t.id, p.position, t.created_at,
             -- a deleted or hidden opening comment's text never leaves the database
             CASE WHEN o.deleted_at IS NULL AND o.hidden_at IS NULL THEN o.body END AS body,
             CASE WHEN o.deleted_at IS NOT NULL THEN 'deleted' WHEN o.hidden_at IS NOT NULL THEN 'hidden' END AS gone,
             count(DISTINCT c.author_id) AS students_replied, count(c.id) AS replies
      FROM threads t
      JOIN paragraphs p ON p.id = t.paragraph_id
      LEFT JOIN LATERAL (
        SELECT f.id, f.body, f.deleted_at, f.hidden_at FROM comments f WHERE f.thread_id = t.id ORDER BY f.created_at, f.id LIMIT 1
      ) o ON true
      LEFT JOIN comments c ON c.thread_id = t.id AND c.deleted_at IS NULL AND c.id <> o.id
        AND EXISTS (SELECT 1 FROM memberships m WHERE m.seminar_id = t.seminar_id AND m.user_id = c.author_id AND m.role = 'STUDENT')
      WHERE t.seminar_id = ${seminarId} AND t.kind = 'PROMPT'
      GROUP BY t.id, p.position, t.created_at, o.body, o.deleted_at, o.hidden_at
      ORDER BY t.created_at, t.id`,
    q.$queryRaw<{ last_seq: number; open_reports: Count }[]>`
      SELECT s.last_seq, (SELECT count(*) FROM reports r WHERE r.seminar_id = s.id AND r.handled_at IS NULL) AS open_reports
      FROM seminars s WHERE s.id = ${seminarId}`,
  ]);

  const byUser = new Map<string, ParticipationRow>(members.map((m) => [m.userId, m]));
  const who = (userId: string): PersonRef => {
    const m = byUser.get(userId);
    return m ? { key: memberKey(m.pseudonym), name: m.name } : { key: "former", name: "Former member" };
  };
  const students = members.filter((m) => m.role === "student").length;

  const fineCounts = new Map(fine.map((r) => [BUCKET_ORIGIN_SECONDS * 1000 + n(r.bucket) * FINE * 1000, n(r.comments)]));
  const starts = [...fineCounts.keys()];
  const interval = chooseInterval(starts.length ? new Date(Math.min(...starts)) : null, starts.length ? new Date(Math.max(...starts)) : null);
  const buckets = fillBuckets(regroup(fineCounts, interval.seconds), interval.seconds);

  const paragraphRows = paragraphs.map((p) => ({
    paragraphId: p.id,
    number: p.position,
    threads: n(p.threads),
    comments: n(p.comments),
    silent: n(p.comments) === 0,
  }));

  return {
    seminarId,
    seq: head?.last_seq ?? 0,
    generatedAt: new Date().toISOString(),
    totals: {
      members: members.length,
      students,
      threads: paragraphRows.reduce((s, p) => s + p.threads, 0),
      comments: paragraphRows.reduce((s, p) => s + p.comments, 0),
      paragraphs: paragraphRows.length,
      silentParagraphs: paragraphRows.filter((p) => p.silent).length,
    },
    participation: members.map((m) => ({
      key: memberKey(m.pseudonym),
      userId: m.userId,
      name: m.name,
      role: m.role,
      ...participationCounts(m),
      firstActive: m.firstActive?.toISOString() ?? null,
      lastActive: m.lastActive?.toISOString() ?? null,
    })),
    paragraphs: paragraphRows,
    activity: {
      interval: interval.name,
      intervalSeconds: interval.seconds,
      buckets: buckets.map((b) => ({ start: b.start.toISOString(), comments: b.comments })),
    },
    openQuestions: questions.map((t) => ({
      threadId: t.id,
      paragraphNumber: t.position,
      excerpt: excerpt(t.body),
      askedBy: who(t.author_id),
      createdAt: t.created_at.toISOString(),
      flagged: t.flagged,
    })),
    prompts: prompts.map((t) => ({
      threadId: t.id,
      paragraphNumber: t.position,
      excerpt: t.gone ? `[${t.gone}]` : excerpt(t.body ?? ""),
      createdAt: t.created_at.toISOString(),
      studentsReplied: n(t.students_replied),
      students,
      replies: n(t.replies),
    })),
    openReports: n(head?.open_reports),
  };
}

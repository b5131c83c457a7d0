// Who took part, and how much: one row per member of a seminar. Shared by the instructors'
// dashboard (GET /api/v1/seminars/:id/stats) and the participation export, so both always
// agree. One SQL statement; callers check that the actor is an instructor first.
//
// Counting rules (also in docs/api.md):
// - deleted comments count for nothing; hidden comments still count (they were written, and
//   this is the instructors' view);
// - a thread's first comment is the thread "started"; every later comment is a reply;
// - words are runs of non-space characters in the Markdown body;
// - reactions received exclude a member's reactions to their own comments;
// - activity is writing a comment or reacting.
import "server-only";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/domain/seminars/schema";
import type { ParticipationCounts } from "./schema";

export interface ParticipationRow extends ParticipationCounts {
  userId: string;
  name: string;
  email: string;
  role: Role;
  pseudonym: number;
  joinedAt: Date;
  firstActive: Date | null;
  lastActive: Date | null;
}

interface RawRow {
  user_id: string;
  name: string;
  email: string;
  role: "INSTRUCTOR" | "STUDENT";
  pseudonym: number;
  joined_at: Date;
  threads_started: bigint | number;
  replies: bigint | number;
  words: bigint | number;
  reactions_given: bigint | number;
  reactions_received: bigint | number;
  paragraphs: bigint | number;
  first_active: Date | null;
  last_active: Date | null;
}

/** Every member, instructors first, then by name; members with no activity have zeros. */
export async function participation(seminarId: string): Promise<ParticipationRow[]> {
  const rows = await db().$queryRaw<RawRow[]>`
    WITH live AS (
      SELECT c.id, c.author_id, c.body, c.created_at, t.paragraph_id,
             row_number() OVER (PARTITION BY c.thread_id ORDER BY c.created_at, c.id) = 1 AS opener,
             c.deleted_at
      FROM comments c JOIN threads t ON t.id = c.thread_id
      WHERE t.seminar_id = ${seminarId}
    ), written AS (
      SELECT author_id,
             count(*) FILTER (WHERE opener) AS threads_started,
             count(*) FILTER (WHERE NOT opener) AS replies,
             -- runs of non-space characters; btrim() + split miscounted bodies that start or end
             -- with a newline or tab (an empty first or last piece)
             coalesce(sum(regexp_count(body, '\\S+')), 0) AS words,
             count(DISTINCT paragraph_id) AS paragraphs,
             min(created_at) AS first_written,
             max(created_at) AS last_written
      FROM live WHERE deleted_at IS NULL GROUP BY author_id
    ), given AS (
      SELECT r.user_id, count(*) AS n, min(r.created_at) AS first_at, max(r.created_at) AS last_at
      FROM reactions r JOIN live l ON l.id = r.comment_id
      WHERE l.deleted_at IS NULL GROUP BY r.user_id
    ), received AS (
      SELECT l.author_id, count(*) AS n
      FROM reactions r JOIN live l ON l.id = r.comment_id
      WHERE l.deleted_at IS NULL AND r.user_id <> l.author_id GROUP BY l.author_id
    )
    SELECT m.user_id, u.name, u.email, m.role::text AS role, m.pseudonym, m.joined_at,
           coalesce(w.threads_started, 0) AS threads_started,
           coalesce(w.replies, 0) AS replies,
           coalesce(w.words, 0) AS words,
           coalesce(g.n, 0) AS reactions_given,
           coalesce(rc.n, 0) AS reactions_received,
           coalesce(w.paragraphs, 0) AS paragraphs,
           nullif(least(coalesce(w.first_written, 'infinity'), coalesce(g.first_at, 'infinity')), 'infinity') AS first_active,
           nullif(greatest(coalesce(w.last_written, '-infinity'), coalesce(g.last_at, '-infinity')), '-infinity') AS last_active
    FROM memberships m
    JOIN users u ON u.id = m.user_id
    LEFT JOIN written w ON w.author_id = m.user_id
    LEFT JOIN given g ON g.user_id = m.user_id
    LEFT JOIN received rc ON rc.author_id = m.user_id
    WHERE m.seminar_id = ${seminarId}
    ORDER BY m.role, lower(u.name), m.pseudonym`;
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role === "INSTRUCTOR" ? "instructor" : "student",
    pseudonym: r.pseudonym,
    joinedAt: r.joined_at,
    threadsStarted: Number(r.threads_started),
    replies: Number(r.replies),
    words: Number(r.words),
    reactionsGiven: Number(r.reactions_given),
    reactionsReceived: Number(r.reactions_received),
    paragraphs: Number(r.paragraphs),
    firstActive: r.first_active,
    lastActive: r.last_active,
  }));
}

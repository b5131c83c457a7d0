// Who is told what, for a stored seminar event. Runs inside the event's transaction (from
// recordEvent in lib/domain/threads/service.ts, and as one branch of the reply hot path's single
// statement), so a notification exists exactly when its change committed. Delivery happens after
// the commit (service.ts). The rules:
//  - a comment (a reply, or a new thread's opening comment) notifies every current member who
//    wrote a non-deleted comment in the thread (REPLY) and everyone it mentions (MENTION); a
//    person both mentioned and taking part gets one notification, MENTION (or REPLY when they
//    muted mentions but not replies);
//  - an edit that adds a mention notifies the newly mentioned (never twice for one comment);
//  - a reaction added notifies the comment's author, once per reacting person and comment;
//  - an endorsement notifies the comment's author, once per endorsing instructor and comment.
// Nobody is notified of their own action; muted kinds (users.muted_notifications) create
// nothing; only current members of the seminar are notified; deleted comments notify nobody.
import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { StoredEventType } from "@/lib/realtime/events";

type Tx = Prisma.TransactionClient;

/** A notification row just written, to be delivered after the commit. */
export interface Notified {
  id: string;
  userId: string;
}

type Kind = "REPLY" | "MENTION" | "REACTION" | "ENDORSEMENT";

const newId = Prisma.sql`'n' || replace(gen_random_uuid()::text, '-', '')`;
// Timestamps are UTC, as Prisma writes them (columns are "timestamp without time zone").
const now = Prisma.sql`now() AT TIME ZONE 'UTC'`;
const kindSql = (k: Kind) => Prisma.sql`${Prisma.raw(`'${k}'`)}::"NotificationKind"`;

/**
 * SQL (a SELECT of user_id, kind) for the people a new comment in `threadId` notifies.
 * `mentioned` is a text[] expression; participants are read from the comments table, so the
 * new comment itself may or may not be there yet (its author is the actor, who is left out).
 */
function commentRecipients(seminarId: string, threadId: string, actorId: string, mentioned: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT ON (cand.user_id) cand.user_id, cand.kind
    FROM (
      SELECT u AS user_id, ${kindSql("MENTION")} AS kind, 0 AS rank FROM unnest(${mentioned}) AS u
      UNION ALL
      SELECT DISTINCT author_id, ${kindSql("REPLY")}, 1 FROM comments WHERE thread_id = ${threadId} AND deleted_at IS NULL
    ) cand
    JOIN users usr ON usr.id = cand.user_id
    JOIN memberships mem ON mem.seminar_id = ${seminarId} AND mem.user_id = cand.user_id
    WHERE cand.user_id <> ${actorId} AND NOT (cand.kind = ANY (COALESCE(usr.muted_notifications, '{}')))
    ORDER BY cand.user_id, cand.rank`;
}

const columns = Prisma.sql`(id, user_id, seminar_id, kind, actor_id, thread_id, comment_id, created_at)`;

/**
 * The INSERT for a new comment's notifications, RETURNING id and user_id. Used as a CTE branch
 * of the reply hot path (threads/service.ts insertCommentWithEvent), where the mentions are the
 * statement's parameter, and by recordEvent, where they are read from the mentions table.
 */
export function insertCommentNotifications(p: {
  seminarId: string;
  threadId: string;
  commentId: string;
  actorId: string;
  mentioned: Prisma.Sql;
  /** A condition for writing anything at all (the reply statement: "the comment was inserted"). */
  onlyIf?: Prisma.Sql;
}): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO notifications ${columns}
    SELECT ${newId}, r.user_id, ${p.seminarId}, r.kind, ${p.actorId}, ${p.threadId}, ${p.commentId}, ${now}
    FROM (${commentRecipients(p.seminarId, p.threadId, p.actorId, p.mentioned)}) r
    ${p.onlyIf ? Prisma.sql`WHERE ${p.onlyIf}` : Prisma.empty}
    RETURNING id, user_id`;
}

/** The mentions of a comment already in the table, as a text[] expression. */
const mentionsOf = (commentId: string) => Prisma.sql`ARRAY(SELECT user_id FROM mentions WHERE comment_id = ${commentId})::text[]`;

/** Notifies a comment's author of `kind` by the actor, at most once per (author, comment, kind, actor). */
function insertAuthorNotification(seminarId: string, commentId: string, actorId: string, kind: Kind, extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO notifications ${columns}
    SELECT ${newId}, c.author_id, ${seminarId}, ${kindSql(kind)}, ${actorId}, c.thread_id, c.id, ${now}
    FROM comments c
    JOIN users usr ON usr.id = c.author_id
    JOIN memberships mem ON mem.seminar_id = ${seminarId} AND mem.user_id = c.author_id
    WHERE c.id = ${commentId} AND c.deleted_at IS NULL AND c.author_id <> ${actorId}
      AND NOT (${kindSql(kind)} = ANY (COALESCE(usr.muted_notifications, '{}')))
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = c.author_id AND n.comment_id = c.id AND n.kind = ${kindSql(kind)} AND n.actor_id = ${actorId})
      ${extra}
    RETURNING id, user_id`;
}

/** Notifies the people an edited comment now mentions who were not yet told about it. */
function insertNewMentionNotifications(seminarId: string, threadId: string, commentId: string, actorId: string): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO notifications ${columns}
    SELECT ${newId}, m.user_id, ${seminarId}, ${kindSql("MENTION")}, ${actorId}, ${threadId}, ${commentId}, ${now}
    FROM mentions m
    JOIN comments c ON c.id = m.comment_id AND c.deleted_at IS NULL
    JOIN users usr ON usr.id = m.user_id
    JOIN memberships mem ON mem.seminar_id = ${seminarId} AND mem.user_id = m.user_id
    WHERE m.comment_id = ${commentId} AND m.user_id <> ${actorId}
      AND NOT (${kindSql("MENTION")} = ANY (COALESCE(usr.muted_notifications, '{}')))
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = m.user_id AND n.comment_id = ${commentId} AND n.kind IN ('REPLY', 'MENTION'))
    RETURNING id, user_id`;
}

const toNotified = (rows: { id: string; user_id: string }[]): Notified[] => rows.map((r) => ({ id: r.id, userId: r.user_id }));

/**
 * Writes the notifications a stored event calls for, in the event's transaction, and returns
 * them for delivery after the commit. Event types without a rule write nothing (no query).
 */
export async function deriveNotifications(
  tx: Tx,
  seminarId: string,
  type: StoredEventType,
  payload: { threadId: string; commentId?: string },
  actorId: string,
): Promise<Notified[]> {
  const { threadId, commentId } = payload;
  const run = async (sql: Prisma.Sql) => toNotified(await tx.$queryRaw<{ id: string; user_id: string }[]>(sql));
  switch (type) {
    case "thread:created": {
      // The payload names only the thread: its opening comment is the first one.
      const [opener] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM comments WHERE thread_id = ${threadId} ORDER BY created_at, id LIMIT 1`;
      if (!opener) return [];
      return run(insertCommentNotifications({ seminarId, threadId, commentId: opener.id, actorId, mentioned: mentionsOf(opener.id) }));
    }
    case "comment:created":
      if (!commentId) return [];
      return run(insertCommentNotifications({ seminarId, threadId, commentId, actorId, mentioned: mentionsOf(commentId) }));
    case "comment:updated":
      return commentId ? run(insertNewMentionNotifications(seminarId, threadId, commentId, actorId)) : [];
    case "reaction:changed":
      // Only an added reaction tells: the actor must have one on the comment now. Taking one back
      // (or adding a second kind) finds the first notification already there and writes nothing.
      return commentId
        ? run(insertAuthorNotification(seminarId, commentId, actorId, "REACTION", Prisma.sql`AND EXISTS (SELECT 1 FROM reactions r WHERE r.comment_id = c.id AND r.user_id = ${actorId})`))
        : [];
    case "comment:endorsed":
      return commentId ? run(insertAuthorNotification(seminarId, commentId, actorId, "ENDORSEMENT")) : [];
    default:
      return [];
  }
}

// Threads, comments, reactions and the seminar's event log: the only place with their rules.
// Authorization, per call: the actor must be a member of the thread's seminar (else NOT_FOUND,
// so nothing is revealed); students cannot write in a closed seminar (FORBIDDEN); only authors
// edit their comments; authors and instructors delete; thread authors and instructors resolve.
// Every change writes its event row (next seq) in the same transaction, as its last statement
// (recordEvent), and is published to the seminar's rooms only after the commit. Reads and checks
// come before the transaction, so a write holds the seminar row for one statement and the commit.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { Prisma, type ReactionKind } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { mentionsIn, renderMarkdown } from "@/lib/markdown/render";
import { fillMissingHtml } from "./html";
import { handleFor } from "./handles";
import { realtime } from "@/lib/realtime/publish";
import { rooms, type DiscussionEvent, type StoredEventType } from "@/lib/realtime/events";
import { sequencer } from "@/lib/realtime/sequencer";
import { countWriteAhead, limitWrites } from "@/lib/domain/ratelimit";
import { canManage, canWrite, visibleName } from "@/lib/domain/seminars/policy";
import { namesOf, roleOf } from "@/lib/domain/seminars/present";
import { requireMembership, SEMINAR_NOT_FOUND } from "@/lib/domain/seminars/service";
import { deriveNotifications, insertCommentNotifications, type Notified } from "@/lib/domain/notifications/derive";
import { deliverLater } from "@/lib/domain/notifications/service";
import type { Role } from "@/lib/domain/seminars/schema";
import { compareThreads } from "./order";
import {
  presentComment,
  presentThread,
  presentThreadMeta,
  mayReceive,
  type CommentRow,
  type CommentView,
  type Directory,
  type ThreadRow,
  type ThreadView,
  type Viewer,
} from "./present";
import {
  createCommentInput,
  createThreadInput,
  editCommentInput,
  reactionKind,
  updateThreadInput,
  type CreateCommentInput,
  type CreateThreadInput,
  type EditCommentInput,
  type ReactionKindWire,
  type UpdateThreadInput,
} from "./schema";

type Tx = Prisma.TransactionClient;
/** Why a reply to a locked thread is refused (nobody replies to a locked thread, instructors included). */
export const THREAD_LOCKED = "This thread is locked: it takes no new replies.";
/** Hidden comments do not exist for students: asking about one answers like a missing comment. */
export const COMMENT_NOT_FOUND = "There is no such comment, or you cannot see it.";
/** A seminar_events row: what changed, by reference (the wire payload is built from current rows). */
export type StoredEvent = { seq: number; type: StoredEventType; payload: { threadId: string; commentId?: string; reportId?: string } };

export const commentInclude = { reactions: { orderBy: { createdAt: "asc" } }, mentions: true } as const;
export const threadInclude = {
  paragraph: { select: { position: true } },
  comments: { orderBy: { createdAt: "asc" }, include: commentInclude },
} as const;

// ── who may do what ────────────────────────────────────────────────────────────────────────

export async function membershipFor(actor: Actor, seminarId: string) {
  const found = await requireMembership(actor, seminarId);
  return { ...found, viewer: { userId: actor.id, role: found.role } satisfies Viewer };
}

type Member = Awaited<ReturnType<typeof membershipFor>>;

/** May this member write now? (The write limit is counted separately, just before a write.) */
function checkWriter(_actor: Actor, found: Member): Member {
  if (!canWrite(found.role, found.seminar)) {
    throw new AppError("FORBIDDEN", "This seminar is closed: it is read-only for students.");
  }
  return found;
}

async function requireWriter(actor: Actor, seminarId: string) {
  return checkWriter(actor, await membershipFor(actor, seminarId));
}

// A missing thread or comment and one in a seminar you are not in answer alike, so ids cannot be probed.
export async function threadOr404(threadId: string) {
  const t = await db().thread.findUnique({ where: { id: threadId }, select: { id: true, seminarId: true, createdById: true, kind: true } });
  if (!t) throw new AppError("NOT_FOUND", SEMINAR_NOT_FOUND);
  return t;
}

export async function commentOr404(commentId: string) {
  const c = await db().comment.findUnique({ where: { id: commentId }, include: { thread: { select: { id: true, seminarId: true } } } });
  if (!c) throw new AppError("NOT_FOUND", SEMINAR_NOT_FOUND);
  return c;
}

// ── the directory of names, and mentions ────────────────────────────────────────────────────

export async function loadDirectory(seminarId: string): Promise<Directory> {
  const seminar = await db().seminar.findUniqueOrThrow({
    where: { id: seminarId },
    select: { nameVisibility: true, members: { select: { userId: true, role: true, pseudonym: true, user: { select: { name: true } } } } },
  });
  return {
    names: namesOf(seminar),
    members: new Map(seminar.members.map((m) => [m.userId, { name: m.user.name, role: roleOf(m), pseudonym: m.pseudonym }])),
  };
}

/**
 * The members an @handle can mean: their name's handle, or "student.N" (what students see when
 * names are hidden). A student in such a seminar can reach other students only by "student.N":
 * matching real names would tell them who is behind which pseudonym.
 */
function resolveMentions(body: string, dir: Directory, authorId: string): string[] {
  const handles = new Set(mentionsIn(body));
  if (!handles.size) return [];
  const author = dir.members.get(authorId);
  const namesHiddenFromAuthor = dir.names === "hidden_from_students" && author?.role === "student";
  const ids: string[] = [];
  for (const [userId, m] of dir.members) {
    if (userId === authorId) continue;
    const byName = handles.has(handleFor(m.name)) && !(namesHiddenFromAuthor && m.role === "student");
    const byPseudonym = m.role === "student" && handles.has(`student.${m.pseudonym}`);
    if (byName || byPseudonym) ids.push(userId);
  }
  return ids;
}

// ── events ─────────────────────────────────────────────────────────────────────────────────

/**
 * Records a change's event: MUST be the last statement of its transaction (withEvent). Who is
 * told is written first (it needs no seq); then ONE statement takes the next seq (the UPDATE
 * locks the seminar row until commit) and writes the event row. So the seminar row is held for
 * this statement and the COMMIT only, never across the change's other round trips: writes to
 * one seminar wait on each other for two round trips, not a whole interactive transaction.
 * Seqs are still given in commit order with no gaps and no duplicates.
 */
export async function recordEvent(tx: Tx, seminarId: string, type: StoredEventType, payload: StoredEvent["payload"], actorId: string): Promise<StoredEvent> {
  // Who is told, in the same transaction; withEvent delivers them after the commit.
  const notified = await deriveNotifications(tx, seminarId, type, payload, actorId);
  txNotified.get(tx)?.push(...notified);
  // Timestamps are UTC, as Prisma writes them (columns are "timestamp without time zone").
  const [row] = await tx.$queryRaw<{ seq: number }[]>`
    WITH s AS (UPDATE seminars SET last_seq = last_seq + 1 WHERE id = ${seminarId} RETURNING last_seq)
    INSERT INTO seminar_events (seminar_id, seq, type, payload, actor_id, created_at)
    SELECT ${seminarId}, s.last_seq, ${type}, ${JSON.stringify(payload)}::jsonb, ${actorId}, now() AT TIME ZONE 'UTC' FROM s
    RETURNING seq`;
  if (!row) throw new AppError("NOT_FOUND", SEMINAR_NOT_FOUND); // the seminar was deleted meanwhile
  const seq = Number(row.seq);
  sequencer.register(seminarId, seq); // publish() releases it, or a rollback drops it (withEvent)
  txSeqs.get(tx)?.push(seq);
  return { seq, type, payload };
}

interface EventRows {
  threads: Map<string, ThreadRow & { comments?: CommentRow[] }>;
  comments: Map<string, CommentRow>;
  /** The open reports queue's length now, when a report event is among the events. */
  openReports?: number;
  /**
   * Threads of comment:deleted events that hold no live comment now, each with its last deleted
   * comment: that deletion (only that one, live or replayed) goes out as thread:deleted.
   */
  gone?: Map<string, string>;
}

const isReportEvent = (e: StoredEvent) => e.type === "report:created" || e.type === "report:handled";

/** Loads the current rows behind some events: full threads only for thread:created. */
async function loadEventRows(seminarId: string, events: StoredEvent[]): Promise<EventRows> {
  const full = [...new Set(events.filter((e) => e.type === "thread:created").map((e) => e.payload.threadId))];
  const meta = [...new Set(events.filter((e) => e.type !== "thread:created").map((e) => e.payload.threadId))].filter((id) => !full.includes(id));
  const commentIds = [...new Set(events.map((e) => e.payload.commentId).filter((c): c is string => !!c))];
  const deletedIn = [...new Set(events.filter((e) => e.type === "comment:deleted").map((e) => e.payload.threadId))];
  const [fullThreads, metaThreads, comments, openReports, ofDeleted] = await Promise.all([
    full.length ? db().thread.findMany({ where: { id: { in: full } }, include: threadInclude }) : [],
    meta.length ? db().thread.findMany({ where: { id: { in: meta } }, include: { paragraph: { select: { position: true } } } }) : [],
    commentIds.length ? db().comment.findMany({ where: { id: { in: commentIds } }, include: commentInclude }) : [],
    events.some(isReportEvent) ? db().report.count({ where: { seminarId, handledAt: null } }) : undefined,
    deletedIn.length ? db().comment.findMany({ where: { threadId: { in: deletedIn } }, select: { id: true, threadId: true, deletedAt: true } }) : [],
  ]);
  const gone = new Map<string, { id: string; at: number }>();
  const live = new Set(ofDeleted.filter((c) => c.deletedAt === null).map((c) => c.threadId));
  for (const c of ofDeleted) {
    if (live.has(c.threadId) || !c.deletedAt) continue;
    const last = gone.get(c.threadId);
    const at = c.deletedAt.getTime();
    if (!last || at > last.at || (at === last.at && c.id > last.id)) gone.set(c.threadId, { id: c.id, at });
  }
  await fillMissingHtml([...comments, ...fullThreads.flatMap((t) => t.comments)]);
  return {
    threads: new Map<string, ThreadRow & { comments?: CommentRow[] }>([...fullThreads, ...metaThreads].map((t) => [t.id, t])),
    comments: new Map(comments.map((c) => [c.id, c])),
    openReports,
    gone: new Map([...gone].map(([threadId, last]) => [threadId, last.id])),
  };
}

/**
 * The wire events for one viewer, from rows already loaded: exactly one per stored event, in
 * order. An event that cannot be presented (its thread or comment row is gone, or presenting
 * it threw) goes out as event:withheld for its seq, never skipped: a client that never gets a
 * seq holds every later event behind the gap forever. `logged` lets callers presenting the
 * same events for several viewers log each failure once.
 */
function presentLoaded(seminarId: string, events: StoredEvent[], rows: EventRows, dir: Directory, viewer: Viewer, logged = new Set<number>()): DiscussionEvent[] {
  return events.map((e) => {
    try {
      return presentOne(seminarId, e, rows, dir, viewer) ?? withheld(seminarId, e);
    } catch (err) {
      if (!logged.has(e.seq)) {
        logged.add(e.seq);
        console.error(`colloquy: could not present seq ${e.seq} (${e.type}) of seminar ${seminarId}, sent as event:withheld: ${(err as Error)?.message ?? err}`);
      }
      return withheld(seminarId, e);
    }
  });
}

const withheld = (seminarId: string, e: StoredEvent): DiscussionEvent => ({ seq: e.seq, seminarId, type: "event:withheld" });

/** One event for one viewer; null when the rows behind it are gone (e.g. its seminar was deleted). */
function presentOne(seminarId: string, e: StoredEvent, rows: EventRows, dir: Directory, viewer: Viewer): DiscussionEvent | null {
  const base = { seq: e.seq, seminarId };
  if (isReportEvent(e)) {
    // The reports queue is the instructors' business; students only see the seq advance.
    return viewer.role === "instructor" ? { ...base, type: "reports:changed", open: rows.openReports ?? 0 } : { ...base, type: "event:withheld" };
  }
  const t = rows.threads.get(e.payload.threadId);
  if (!t) return null;
  if (e.type === "thread:created") return { ...base, type: e.type, thread: presentThread({ ...t, comments: t.comments ?? [] }, dir, viewer) };
  if (e.type === "thread:updated") return { ...base, type: e.type, thread: presentThreadMeta(t, dir, viewer) };
  const c = rows.comments.get(e.payload.commentId ?? "");
  if (!c) return null;
  // The deletion that left a thread without a live comment removes the thread, for everyone.
  if (e.type === "comment:deleted" && rows.gone?.get(t.id) === c.id) return { ...base, type: "thread:deleted", paragraphId: t.paragraphId, threadId: t.id, commentId: c.id };
  // Whatever happened to it, a hidden comment reaches students only as "drop it".
  if (!mayReceive(c, viewer)) return { ...base, type: "comment:removed", paragraphId: t.paragraphId, threadId: c.threadId, commentId: c.id };
  // Moderation changes to a comment reach clients as its new state.
  const type = ["comment:hidden", "comment:shown", "comment:endorsed", "comment:unendorsed"].includes(e.type) ? "comment:updated" : e.type;
  return { ...base, type, paragraphId: t.paragraphId, comment: presentComment(c, dir, viewer) } as DiscussionEvent;
}

/** Builds the wire events from current rows, for one viewer; order is kept. */
export async function presentEvents(seminarId: string, events: StoredEvent[], viewer: Viewer, dir?: Directory): Promise<DiscussionEvent[]> {
  if (!events.length) return [];
  const [directory, rows] = await Promise.all([dir ?? loadDirectory(seminarId), loadEventRows(seminarId, events)]);
  return presentLoaded(seminarId, events, rows, directory, viewer);
}

/** After commit: push each event to each role's room, with the names that role may see. */
export async function publish(seminarId: string, events: StoredEvent[], dir?: Directory): Promise<void> {
  if (!events.length) return;
  try {
    const [directory, rows] = await Promise.all([dir ?? loadDirectory(seminarId), loadEventRows(seminarId, events)]);
    emitLoaded(seminarId, events, rows, directory);
  } finally {
    // Loading the rows failed (or anything else did): stop holding later seqs for these; clients
    // fill the gap from /events.
    sequencer.settle(seminarId, events.map((e) => e.seq));
  }
}

/** Emits through the sequencer, so this process's pushes for a seminar leave in seq order. */
/** Every seq passed in is released or dropped when this returns, whatever happens. */
function emitLoaded(seminarId: string, events: StoredEvent[], rows: EventRows, dir: Directory): void {
  try {
    const io = realtime();
    const logged = new Set<number>();
    const byRole = io
      ? (["instructor", "student"] as const).map((role) => ({ role, wire: new Map(presentLoaded(seminarId, events, rows, dir, { userId: "", role }, logged).map((w) => [w.seq, w])) }))
      : [];
    for (const e of events) {
      sequencer.release(seminarId, e.seq, () => {
        for (const { role, wire } of byRole) {
          const ev = wire.get(e.seq);
          if (ev) (io!.to(rooms.seminarRole(seminarId, role)).emit as (name: string, payload: DiscussionEvent) => void)(ev.type, ev);
        }
      });
    }
  } finally {
    sequencer.settle(seminarId, events.map((e) => e.seq));
  }
}

/** Seqs taken inside each open transaction, so a rollback can release them. */
const txSeqs = new WeakMap<Tx, number[]>();
/** Notifications written inside each open transaction, delivered once it commits. */
const txNotified = new WeakMap<Tx, Notified[]>();

/** Runs a change's transaction; if it rolls back after taking a seq, the sequencer stops waiting for it. */
export async function withEvent<T>(seminarId: string, run: (tx: Tx) => Promise<T>): Promise<T> {
  const taken: number[] = [];
  const notified: Notified[] = [];
  try {
    const result = await db().$transaction(async (tx) => {
      txSeqs.set(tx, taken);
      txNotified.set(tx, notified);
      return run(tx);
    });
    deliverLater(notified);
    return result;
  } catch (err) {
    taken.forEach((seq) => sequencer.drop(seminarId, seq));
    throw err;
  }
}

export async function eventsAfter(actor: Actor, seminarId: string, after: number, limit = 500): Promise<{ seq: number; events: DiscussionEvent[]; more: boolean }> {
  const { viewer, seminar } = await membershipFor(actor, seminarId);
  return eventsAfterFor(viewer, seminarId, after, limit, seminar.lastSeq);
}

export async function eventsAfterFor(viewer: Viewer, seminarId: string, after: number, limit: number, knownSeq?: number) {
  const seq = knownSeq ?? (await db().seminar.findUniqueOrThrow({ where: { id: seminarId }, select: { lastSeq: true } })).lastSeq;
  const rows = await db().seminarEvent.findMany({
    where: { seminarId, seq: { gt: after } },
    orderBy: { seq: "asc" },
    take: limit,
  });
  const stored = rows.map((r) => ({ seq: r.seq, type: r.type as StoredEventType, payload: r.payload as StoredEvent["payload"] }));
  const events = await presentEvents(seminarId, stored, viewer);
  return { seq, events, more: rows.length === limit && rows[rows.length - 1].seq < seq };
}

// ── reads ──────────────────────────────────────────────────────────────────────────────────

export async function listThreads(actor: Actor, seminarId: string): Promise<{ seq: number; threads: ThreadView[] }> {
  const { viewer, seminar } = await membershipFor(actor, seminarId);
  const [dir, threads] = await Promise.all([
    loadDirectory(seminarId),
    db().thread.findMany({ where: { seminarId, comments: { some: { deletedAt: null } } }, include: threadInclude, orderBy: [{ paragraph: { position: "asc" } }, { createdAt: "asc" }] }),
  ]);
  await fillMissingHtml(threads.flatMap((t) => t.comments));
  // seq read before the threads: a change racing this read arrives again as an event; upserts absorb it.
  // Per paragraph: prompts, then pinned threads, then the rest, each by creation (threads/order.ts).
  return { seq: seminar.lastSeq, threads: threads.map((t) => presentThread(t, dir, viewer)).sort(compareThreads) };
}

// ── writes ─────────────────────────────────────────────────────────────────────────────────

async function existingByClientId(actor: Actor, clientId: string | undefined) {
  if (!clientId) return null;
  return db().comment.findUnique({ where: { authorId_clientId: { authorId: actor.id, clientId } }, include: { thread: true } });
}

export async function createThread(actor: Actor, seminarId: string, input: CreateThreadInput): Promise<{ thread: ThreadView; created: boolean }> {
  const data = createThreadInput.parse(input);
  const member = await membershipFor(actor, seminarId);
  const { viewer } = member;
  const again = await existingByClientId(actor, data.clientId);
  if (again) {
    const opener = await db().comment.findFirst({ where: { threadId: again.threadId }, orderBy: { createdAt: "asc" }, select: { id: true } });
    if (again.thread.seminarId !== seminarId || opener?.id !== again.id) throw new AppError("CONFLICT", "clientId: already used for another comment");
    return { thread: await threadView(again.threadId, viewer), created: false };
  }
  const { seminar } = checkWriter(actor, member);
  if (data.kind === "prompt" && !canManage(member.role)) throw new AppError("FORBIDDEN", "Only the seminar's instructors can post a prompt.");
  const paragraph = await db().paragraph.findFirst({ where: { id: data.paragraphId, readingId: seminar.readingId }, select: { id: true, text: true } });
  if (!paragraph) throw new AppError("BAD_REQUEST", "paragraphId: is not a paragraph of this seminar's reading");
  if (data.passage && paragraph.text.slice(data.passage.start, data.passage.end) !== data.passage.exact) {
    throw new AppError("BAD_REQUEST", "passage: exact does not match the paragraph text between start and end");
  }
  const dir = await loadDirectory(seminarId);
  await limitWrites(actor.id);
  try {
    const { threadId, event } = await withEvent(seminarId, async (tx) => {
      const thread = await tx.thread.create({
        data: {
          seminarId,
          paragraphId: paragraph.id,
          createdById: actor.id,
          kind: data.kind === "prompt" ? "PROMPT" : "DISCUSSION",
          ...(data.passage
            ? { quoteExact: data.passage.exact, quotePrefix: data.passage.prefix, quoteSuffix: data.passage.suffix, quoteStart: data.passage.start, quoteEnd: data.passage.end }
            : {}),
          comments: {
            create: {
              seminarId,
              authorId: actor.id,
              body: data.body,
              // Rendered once, here; reads send it as stored (./html.ts).
              html: renderMarkdown(data.body),
              clientId: data.clientId ?? null,
              mentions: { create: resolveMentions(data.body, dir, actor.id).map((userId) => ({ userId })) },
            },
          },
        },
        select: { id: true },
      });
      return { threadId: thread.id, event: await recordEvent(tx, seminarId, "thread:created", { threadId: thread.id }, actor.id) };
    });
    await publish(seminarId, [event], dir);
    return { thread: await threadView(threadId, viewer), created: true };
  } catch (err) {
    const raced = (err as { code?: string }).code === "P2002" ? await existingByClientId(actor, data.clientId) : null;
    if (raced) return { thread: await threadView(raced.threadId, viewer), created: false };
    throw err;
  }
}

export async function threadView(threadId: string, viewer: Viewer): Promise<ThreadView> {
  const t = await db().thread.findUniqueOrThrow({ where: { id: threadId }, include: threadInclude });
  await fillMissingHtml(t.comments);
  return presentThread(t, await loadDirectory(t.seminarId), viewer);
}

export async function commentView(commentId: string, seminarId: string, viewer: Viewer, dir?: Directory): Promise<CommentView> {
  const [c, directory] = await Promise.all([
    db().comment.findUniqueOrThrow({ where: { id: commentId }, include: commentInclude }),
    dir ?? loadDirectory(seminarId),
  ]);
  await fillMissingHtml([c]);
  return presentComment(c, directory, viewer);
}

/** Why a deleted comment's Markdown is refused: it is never sent again, to anyone. */
export const COMMENT_DELETED = "This comment was deleted: its text is gone.";

/**
 * A comment's Markdown, "on request" (the editor, when the client holds only its html): any
 * member who may see the comment, as the room shows it to them anyway. Hidden comments are
 * missing for students, as everywhere; a deleted comment's text is never sent (404 + why).
 */
export async function commentSource(actor: Actor, commentId: string): Promise<{ id: string; body: string }> {
  const c = await commentOr404(commentId);
  const { viewer } = await membershipFor(actor, c.thread.seminarId);
  if (!mayReceive(c, viewer)) throw new AppError("NOT_FOUND", COMMENT_NOT_FOUND);
  if (c.deletedAt) throw new AppError("NOT_FOUND", COMMENT_DELETED);
  return { id: c.id, body: c.body };
}

/** Ids for rows we insert with raw SQL; same alphabet and length class as Prisma's cuids. */
const newId = () => `c${randomBytes(15).toString("base64url").replace(/[-_]/g, "x").toLowerCase()}`;

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string; meta?: { code?: string } };
  return e.code === "P2002" || e.meta?.code === "23505" || /23505|unique constraint/i.test(e.message ?? "");
};

/**
 * The hot path (every reply in a live seminar): the comment, its mentions, the seq increment,
 * the event row and the notifications (lib/domain/notifications/derive.ts) in ONE statement, so
 * the seminar row's lock is held for one round trip instead of an interactive transaction's five.
 */
async function insertCommentWithEvent(
  seminarId: string,
  threadId: string,
  commentId: string,
  actorId: string,
  body: string,
  html: string,
  clientId: string | null,
  mentioned: string[],
): Promise<{ seq: number; createdAt: Date; notified: Notified[] }> {
  const payload = JSON.stringify({ threadId, commentId });
  const notify = insertCommentNotifications({
    seminarId,
    threadId,
    commentId,
    actorId,
    mentioned: Prisma.sql`${mentioned}::text[]`,
    onlyIf: Prisma.sql`EXISTS (SELECT 1 FROM c)`,
  });
  // Timestamps are UTC, as Prisma writes them (columns are "timestamp without time zone").
  // t share-locks the thread's row while it is unlocked: a lock being committed at this moment
  // (which updates that row) makes this statement wait for it, then find the thread locked and
  // write nothing. The lock comes first (thread row, then seminar row), as every writer takes them.
  const rows = await db().$queryRaw<{ seq: number; created_at: string; notified: { id: string; userId: string }[] | null }[]>`
    WITH t AS (
      SELECT id FROM threads WHERE id = ${threadId} AND locked_at IS NULL FOR SHARE
    ), s AS (
      UPDATE seminars SET last_seq = last_seq + 1 WHERE id = ${seminarId} AND EXISTS (SELECT 1 FROM t) RETURNING last_seq
    ), c AS (
      INSERT INTO comments (id, thread_id, seminar_id, author_id, body, html, client_id, created_at)
      SELECT ${commentId}, ${threadId}, ${seminarId}, ${actorId}, ${body}, ${html}, ${clientId}::text, now() AT TIME ZONE 'UTC' FROM s RETURNING id, created_at
    ), m AS (
      INSERT INTO mentions (comment_id, user_id) SELECT c.id, u FROM c, unnest(${mentioned}::text[]) AS u
    ), e AS (
      INSERT INTO seminar_events (seminar_id, seq, type, payload, actor_id, created_at)
      SELECT ${seminarId}, s.last_seq, 'comment:created', ${payload}::jsonb, ${actorId}, now() AT TIME ZONE 'UTC' FROM s, c
      RETURNING seq
    ), n AS (${notify})
    SELECT e.seq, to_char(c.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
      (SELECT json_agg(json_build_object('id', n.id, 'userId', n.user_id)) FROM n) AS notified
    FROM e, c`;
  // Nothing written: the thread was locked between the checks before writing and this statement.
  if (rows.length !== 1) throw new AppError("CONFLICT", THREAD_LOCKED);
  return { seq: Number(rows[0].seq), createdAt: new Date(rows[0].created_at), notified: rows[0].notified ?? [] };
}

interface ThreadContext {
  /** The actor's earlier comment with the same clientId, if any. */
  earlier: { id: string; threadId: string } | null;
  seminarId: string;
  seminar: { closedAt: Date | null; closesAt: Date | null };
  dir: Directory;
  /** Locked threads take no new replies. */
  lockedAt: Date | null;
  /** Every comment in it is deleted: the thread is gone (not listed, takes no replies). */
  gone: boolean;
}

/**
 * Everything a reply needs to know before writing, in one round trip: the thread's seminar, its
 * state, and its members with names (the directory, from which the actor's membership follows).
 */
async function loadThreadContext(threadId: string, actorId: string, clientId: string | null): Promise<ThreadContext | null> {
  const rows = await db().$queryRaw<
    {
      seminar_id: string;
      closed_at: Date | null;
      closes_at: Date | null;
      name_visibility: "SHOWN" | "HIDDEN_FROM_STUDENTS";
      members: { userId: string; role: "INSTRUCTOR" | "STUDENT"; pseudonym: number; name: string }[] | null;
      earlier: { id: string; threadId: string } | null;
      locked_at: Date | null;
      gone: boolean;
    }[]
  >`
    SELECT s.id AS seminar_id, s.closed_at, s.closes_at, s.name_visibility::text AS name_visibility, t.locked_at,
      NOT EXISTS (SELECT 1 FROM comments lc WHERE lc.thread_id = t.id AND lc.deleted_at IS NULL) AS gone,
      (SELECT json_agg(json_build_object('userId', m.user_id, 'role', m.role, 'pseudonym', m.pseudonym, 'name', u.name))
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.seminar_id = s.id) AS members,
      (SELECT json_build_object('id', c.id, 'threadId', c.thread_id) FROM comments c
         WHERE ${clientId}::text IS NOT NULL AND c.author_id = ${actorId} AND c.client_id = ${clientId}) AS earlier
    FROM threads t JOIN seminars s ON s.id = t.seminar_id
    WHERE t.id = ${threadId}`;
  const r = rows[0];
  if (!r) return null;
  return {
    earlier: r.earlier,
    seminarId: r.seminar_id,
    seminar: { closedAt: r.closed_at, closesAt: r.closes_at },
    lockedAt: r.locked_at,
    gone: r.gone,
    dir: {
      names: namesOf({ nameVisibility: r.name_visibility }),
      members: new Map((r.members ?? []).map((m) => [m.userId, { name: m.name, role: roleOf(m), pseudonym: m.pseudonym }])),
    },
  };
}

export async function addComment(actor: Actor, threadId: string, input: CreateCommentInput): Promise<{ comment: CommentView; created: boolean }> {
  const data = createCommentInput.parse(input);
  // The write is counted while the context loads (one round trip fewer on the hot path); a reply
  // that is refused below, or repeats a clientId, gets its point back.
  const count = countWriteAhead(actor.id);
  let ctx: ThreadContext | null;
  try {
    ctx = await loadThreadContext(threadId, actor.id, data.clientId ?? null);
    const me = ctx?.dir.members.get(actor.id);
    if (!ctx || !me) throw new AppError("NOT_FOUND", SEMINAR_NOT_FOUND);
    // A repeated clientId: answer with the first comment (no second write, no write counted).
    if (!ctx.earlier) {
      if (!canWrite(me.role, ctx.seminar)) throw new AppError("FORBIDDEN", "This seminar is closed: it is read-only for students.");
      if (ctx.gone) throw new AppError("NOT_FOUND", SEMINAR_NOT_FOUND);
      if (ctx.lockedAt) throw new AppError("CONFLICT", THREAD_LOCKED);
    }
  } catch (err) {
    await count.cancel();
    throw err;
  }
  const { seminarId, dir } = ctx;
  const viewer: Viewer = { userId: actor.id, role: ctx.dir.members.get(actor.id)!.role };
  const again = ctx.earlier;
  if (again) {
    await count.cancel();
    if (again.threadId !== threadId) throw new AppError("CONFLICT", "clientId: already used for a comment elsewhere");
    return { comment: await commentView(again.id, seminarId, viewer, dir), created: false };
  }
  await count.confirm();
  const commentId = newId();
  const mentioned = resolveMentions(data.body, dir, actor.id);
  // Rendered once, before the statement (not inside the seminar row's lock); reads send it as stored.
  const html = renderMarkdown(data.body);
  let inserted: { seq: number; createdAt: Date; notified: Notified[] };
  try {
    inserted = await insertCommentWithEvent(seminarId, threadId, commentId, actor.id, data.body, html, data.clientId ?? null, mentioned);
    sequencer.register(seminarId, inserted.seq); // no await between the commit and this line
  } catch (err) {
    const raced = isUniqueViolation(err) ? await existingByClientId(actor, data.clientId) : null;
    if (raced) return { comment: await commentView(raced.id, seminarId, viewer, dir), created: false };
    throw err;
  }
  // Committed, and its seq registered: from here every way out must settle the seq (finally),
  // or this seminar's later pushes in this process would wait for it.
  try {
    // The new comment is known in full: no need to read it back before pushing it.
    const event: StoredEvent = { seq: inserted.seq, type: "comment:created", payload: { threadId, commentId } };
    const row: CommentRow = {
      id: commentId,
      threadId,
      seminarId,
      authorId: actor.id,
      body: data.body,
      html,
      createdAt: inserted.createdAt,
      editedAt: null,
      deletedAt: null,
      clientId: data.clientId ?? null,
      hiddenAt: null,
      hiddenById: null,
      endorsedAt: null,
      endorsedById: null,
      reactions: [],
      mentions: mentioned.map((userId) => ({ commentId, userId })),
    };
    const rows: EventRows = { threads: new Map([[threadId, { id: threadId } as ThreadRow]]), comments: new Map([[commentId, row]]) };
    emitLoaded(seminarId, [event], rows, dir);
    deliverLater(inserted.notified);
    return { comment: presentComment(row, dir, viewer), created: true };
  } finally {
    sequencer.settle(seminarId, [inserted.seq]);
  }
}

export async function editComment(actor: Actor, commentId: string, input: EditCommentInput): Promise<CommentView> {
  const data = editCommentInput.parse(input);
  const c = await commentOr404(commentId);
  const seminarId = c.thread.seminarId;
  const { viewer } = await requireWriter(actor, seminarId);
  if (!mayReceive(c, viewer)) throw new AppError("NOT_FOUND", COMMENT_NOT_FOUND);
  if (c.authorId !== actor.id) throw new AppError("FORBIDDEN", "You can only edit your own comments.");
  if (c.deletedAt) throw new AppError("CONFLICT", "This comment was deleted.");
  const dir = await loadDirectory(seminarId);
  await limitWrites(actor.id);
  const html = renderMarkdown(data.body); // rendered once, outside the transaction
  const event = await withEvent(seminarId, async (tx) => {
    await tx.comment.update({ where: { id: commentId }, data: { body: data.body, html, editedAt: new Date() } });
    await tx.mention.deleteMany({ where: { commentId } });
    const mentioned = resolveMentions(data.body, dir, actor.id);
    if (mentioned.length) await tx.mention.createMany({ data: mentioned.map((userId) => ({ commentId, userId })) });
    return recordEvent(tx, seminarId, "comment:updated", { threadId: c.threadId, commentId }, actor.id);
  });
  await publish(seminarId, [event]);
  return commentView(commentId, seminarId, viewer);
}

export async function deleteComment(actor: Actor, commentId: string): Promise<void> {
  const c = await commentOr404(commentId);
  const seminarId = c.thread.seminarId;
  const { role } = await requireWriter(actor, seminarId);
  if (!mayReceive(c, { role })) throw new AppError("NOT_FOUND", COMMENT_NOT_FOUND);
  if (c.authorId !== actor.id && !canManage(role)) throw new AppError("FORBIDDEN", "You can only delete your own comments.");
  if (c.deletedAt) return; // deleting twice is harmless
  await limitWrites(actor.id);
  const event = await withEvent(seminarId, async (tx) => {
    await tx.comment.update({ where: { id: commentId }, data: { deletedAt: new Date() } });
    await tx.reaction.deleteMany({ where: { commentId } });
    await tx.mention.deleteMany({ where: { commentId } });
    // An instructor deleting someone else's comment is moderation: it goes in the audit log.
    if (c.authorId !== actor.id) await tx.auditEntry.create({ data: { seminarId, actorId: actor.id, action: "comment.delete", threadId: c.threadId, commentId } });
    return recordEvent(tx, seminarId, "comment:deleted", { threadId: c.threadId, commentId }, actor.id);
  });
  await publish(seminarId, [event]);
}

/**
 * Account deletion with "delete my comments": every live comment of the user goes the way the
 * room deletes a comment (placeholder kept, body, reactions and mentions gone), one transaction
 * and one comment:deleted event per comment, so every seminar's clients hear of it in seq order.
 * No membership check: the author is leaving, whatever their role or the seminar's state.
 */
export async function deleteAllCommentsBy(userId: string): Promise<number> {
  const comments = await db().comment.findMany({
    where: { authorId: userId, deletedAt: null },
    select: { id: true, threadId: true, thread: { select: { seminarId: true } } },
    orderBy: { createdAt: "asc" },
  });
  for (const c of comments) {
    const seminarId = c.thread.seminarId;
    const event = await withEvent(seminarId, async (tx) => {
      await tx.comment.update({ where: { id: c.id }, data: { deletedAt: new Date() } });
      await tx.reaction.deleteMany({ where: { commentId: c.id } });
      await tx.mention.deleteMany({ where: { commentId: c.id } });
      return recordEvent(tx, seminarId, "comment:deleted", { threadId: c.threadId, commentId: c.id }, userId);
    });
    await publish(seminarId, [event]);
  }
  return comments.length;
}

export async function setReaction(actor: Actor, commentId: string, kindInput: string, on: boolean): Promise<CommentView> {
  const parsed = reactionKind.safeParse(kindInput);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `kind: must be one of agree, question, insight, confused`);
  const kind = parsed.data.toUpperCase() as ReactionKind;
  const c = await commentOr404(commentId);
  const seminarId = c.thread.seminarId;
  const { viewer } = await requireWriter(actor, seminarId);
  if (!mayReceive(c, viewer)) throw new AppError("NOT_FOUND", COMMENT_NOT_FOUND);
  if (c.deletedAt) throw new AppError("CONFLICT", "This comment was deleted.");
  const key = { commentId_userId_kind: { commentId, userId: actor.id, kind } };
  const has = await db().reaction.findUnique({ where: key });
  if (!!has === on) return commentView(commentId, seminarId, viewer); // already so: no event
  await limitWrites(actor.id);
  try {
    const event = await withEvent(seminarId, async (tx) => {
      if (on) await tx.reaction.create({ data: { commentId, userId: actor.id, kind } });
      else await tx.reaction.delete({ where: key });
      return recordEvent(tx, seminarId, "reaction:changed", { threadId: c.threadId, commentId }, actor.id);
    });
    await publish(seminarId, [event]);
  } catch (err) {
    // Two clicks racing: the other one made the same change.
    if (!["P2002", "P2025"].includes((err as { code?: string }).code ?? "")) throw err;
  }
  return commentView(commentId, seminarId, viewer);
}

export async function setResolved(actor: Actor, threadId: string, input: UpdateThreadInput): Promise<ThreadView> {
  const data = updateThreadInput.parse(input);
  const t = await threadOr404(threadId);
  const { role, viewer } = await requireWriter(actor, t.seminarId);
  if (t.createdById !== actor.id && !canManage(role)) throw new AppError("FORBIDDEN", "Only the thread's author or an instructor can resolve or reopen it.");
  const current = await db().thread.findUniqueOrThrow({ where: { id: threadId }, select: { resolvedAt: true } });
  if ((current.resolvedAt !== null) === data.resolved) return threadView(threadId, viewer);
  await limitWrites(actor.id);
  const event = await withEvent(t.seminarId, async (tx) => {
    await tx.thread.update({ where: { id: threadId }, data: data.resolved ? { resolvedAt: new Date(), resolvedById: actor.id } : { resolvedAt: null, resolvedById: null } });
    return recordEvent(tx, t.seminarId, "thread:updated", { threadId }, actor.id);
  });
  await publish(t.seminarId, [event]);
  return threadView(threadId, viewer);
}

/** The "… is replying" signal, named as the receiving role may see the typist. */
export async function typingSignal(actor: Pick<Actor, "id">, seminarId: string): Promise<{ forRole: (role: Role) => { key: string; name: string; role: Role } }> {
  const { membership, seminar, role } = await requireMembership(actor, seminarId);
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { name: true } });
  const names = namesOf(seminar);
  return {
    forRole: (viewerRole) => ({
      key: `m${membership.pseudonym}`,
      name: visibleName({ userId: actor.id, name: user.name, role, pseudonym: membership.pseudonym }, { userId: "", role: viewerRole }, names),
      role,
    }),
  };
}

export type { ReactionKindWire };

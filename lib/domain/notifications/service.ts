// Notifications: your list, your unread count, marking read, which kinds you want, and delivery
// after commit. Rows are written by derive.ts inside the transaction of the change they are about.
// Authorization: every read and write here is scoped to the actor's own user id in SQL, so
// nobody can read or mark another person's notifications (an id that is not yours is treated
// like one that does not exist). Only notifications from seminars you are still a member of are
// listed or counted.
//
// Delivery goes through `channels`: each gets the rows just committed and decides itself whom
// to reach and how. Today there is one, the in-app socket channel (emits `notification:created`
// to the recipient's user room). An email channel would be another entry: it would read its own
// per-user email preferences and hand messages to a queue, without touching the rules or the
// transaction (docs/architecture.md).
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma, type NotificationKind } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { realtime, realtimeIsClustered, type RealtimeServer } from "@/lib/realtime/publish";
import { rooms } from "@/lib/realtime/events";
import type { Notified } from "./derive";
import { presentNotification, type NotificationRow, type NotificationView } from "./present";
import {
  listNotificationsQuery,
  markReadInput,
  NOTIFICATION_KINDS,
  notificationPreferencesInput,
  type ListNotificationsQuery,
  type MarkReadInput,
  type NotificationPreferences,
} from "./schema";

export type { Notified };

/** The notifications query: one row per notification with what presenting it needs. */
function selectRows(where: Prisma.Sql, limit?: number): Prisma.Sql {
  return Prisma.sql`
    SELECT n.id, n.user_id, n.kind::text AS kind, n.seminar_id, s.title AS seminar_title,
      s.name_visibility::text AS name_visibility, rm.role::text AS recipient_role,
      n.actor_id, au.name AS actor_name, am.role::text AS actor_role, am.pseudonym AS actor_pseudonym,
      n.thread_id, n.comment_id, p.position AS paragraph_number,
      CASE WHEN c.deleted_at IS NULL AND (c.hidden_at IS NULL OR rm.role = 'INSTRUCTOR') THEN left(c.body, 1000) END AS body,
      c.deleted_at, c.hidden_at, n.created_at, n.read_at
    FROM notifications n
    JOIN memberships rm ON rm.seminar_id = n.seminar_id AND rm.user_id = n.user_id
    JOIN seminars s ON s.id = n.seminar_id
    JOIN threads t ON t.id = n.thread_id
    JOIN paragraphs p ON p.id = t.paragraph_id
    LEFT JOIN comments c ON c.id = n.comment_id
    LEFT JOIN memberships am ON am.seminar_id = n.seminar_id AND am.user_id = n.actor_id
    LEFT JOIN users au ON au.id = am.user_id
    WHERE ${where}
    ORDER BY n.created_at DESC, n.id DESC
    ${limit ? Prisma.sql`LIMIT ${limit}` : Prisma.empty}`;
}

/** Unread notifications per user (only from seminars they are still in). */
async function unreadCounts(userIds: string[]): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await db().$queryRaw<{ user_id: string; unread: number }[]>`
    SELECT n.user_id, count(*)::int AS unread
    FROM notifications n JOIN memberships rm ON rm.seminar_id = n.seminar_id AND rm.user_id = n.user_id
    WHERE n.user_id = ANY (${userIds}::text[]) AND n.read_at IS NULL
    GROUP BY n.user_id`;
  return new Map(rows.map((r) => [r.user_id, Number(r.unread)]));
}

export async function unreadCount(actor: Pick<Actor, "id">): Promise<number> {
  return (await unreadCounts([actor.id])).get(actor.id) ?? 0;
}

export interface NotificationPage {
  notifications: NotificationView[];
  /** Your unread count now (all pages). */
  unread: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** Your notifications, newest first. `before` is the `next` of the previous page. */
export async function listNotifications(actor: Actor, query: Partial<ListNotificationsQuery> = {}): Promise<NotificationPage> {
  const q = listNotificationsQuery.parse(query);
  const conditions = [Prisma.sql`n.user_id = ${actor.id}`];
  if (q.unread === "true") conditions.push(Prisma.sql`n.read_at IS NULL`);
  if (q.unread === "false") conditions.push(Prisma.sql`n.read_at IS NOT NULL`);
  if (q.before) {
    const cursor = Prisma.sql`SELECT created_at, id FROM notifications WHERE id = ${q.before} AND user_id = ${actor.id}`;
    const [known] = await db().$queryRaw<{ id: string }[]>`SELECT id FROM (${cursor}) k`;
    if (!known) throw new AppError("BAD_REQUEST", "before: is not one of your notifications");
    // Compared in SQL, so the timestamp never makes a round trip through a JS Date.
    conditions.push(Prisma.sql`(n.created_at, n.id) < (${cursor})`);
  }
  const [rows, unread] = await Promise.all([db().$queryRaw<NotificationRow[]>(selectRows(Prisma.join(conditions, " AND "), q.limit + 1)), unreadCount(actor)]);
  const page = rows.slice(0, q.limit);
  return { notifications: page.map(presentNotification), unread, next: rows.length > q.limit ? page[page.length - 1].id : null };
}

/** Marks your notifications read (the ids given, or all); ids that are not yours are ignored. */
export async function markRead(actor: Actor, input: MarkReadInput): Promise<{ marked: number; unread: number }> {
  const data = markReadInput.parse(input);
  const which = data.all ? Prisma.empty : Prisma.sql`AND id = ANY (${data.ids}::text[])`;
  const marked = await db().$executeRaw`
    UPDATE notifications SET read_at = now() AT TIME ZONE 'UTC'
    WHERE user_id = ${actor.id} AND read_at IS NULL ${which}`;
  const unread = await unreadCount(actor);
  // Every open page of yours (other tabs too) updates its badge.
  if (marked > 0) realtime()?.to(rooms.user(actor.id)).emit("notifications:read", { unread });
  return { marked, unread };
}

// ── preferences ────────────────────────────────────────────────────────────────────────────

const toDb = (k: (typeof NOTIFICATION_KINDS)[number]) => k.toUpperCase() as NotificationKind;

export async function getPreferences(actor: Actor): Promise<NotificationPreferences> {
  const u = await db().user.findUnique({ where: { id: actor.id }, select: { mutedNotifications: true } });
  if (!u) throw new AppError("UNAUTHORIZED", "Sign in first.");
  const muted = new Set(u.mutedNotifications ?? []);
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, !muted.has(toDb(k))])) as NotificationPreferences;
}

/** Replaces which kinds you want; a kind you turn off creates nothing from then on. */
export async function setPreferences(actor: Actor, input: NotificationPreferences): Promise<NotificationPreferences> {
  const data = notificationPreferencesInput.parse(input);
  const muted = NOTIFICATION_KINDS.filter((k) => !data[k]).map(toDb);
  await db().user.update({ where: { id: actor.id }, data: { mutedNotifications: { set: muted } } });
  return getPreferences(actor);
}

// ── delivery after commit ──────────────────────────────────────────────────────────────────

/** A way to tell people about notifications just committed. */
export interface NotificationChannel {
  name: string;
  deliver(notified: Notified[]): Promise<void>;
}

/** Loads the views of some notifications just written (as their recipients see them). */
async function viewsOf(ids: string[]): Promise<NotificationView[]> {
  if (!ids.length) return [];
  const rows = await db().$queryRaw<NotificationRow[]>(selectRows(Prisma.sql`n.id = ANY (${ids}::text[])`));
  return rows.map(presentNotification);
}

/** Whether anyone may be listening on a user's room: always, across processes; else ask the local adapter. */
function mayBeListening(io: RealtimeServer, userId: string): boolean {
  if (realtimeIsClustered()) return true;
  return (io.of("/").adapter.rooms.get(rooms.user(userId))?.size ?? 0) > 0;
}

/** In-app: `notification:created` { notification, unread } to each recipient's user room. */
export const socketChannel: NotificationChannel = {
  name: "socket",
  async deliver(notified) {
    const io = realtime();
    if (!io) return;
    // Nobody connected as the recipient (in this single process): nothing to load or send.
    const wanted = notified.filter((n) => mayBeListening(io, n.userId));
    if (!wanted.length) return;
    const [views, counts] = await Promise.all([viewsOf(wanted.map((n) => n.id)), unreadCounts([...new Set(wanted.map((n) => n.userId))])]);
    const recipientOf = new Map(wanted.map((n) => [n.id, n.userId]));
    // Oldest first, so a page that prepends each one ends up newest first.
    for (const notification of views.reverse()) {
      const userId = recipientOf.get(notification.id);
      if (userId) io.to(rooms.user(userId)).emit("notification:created", { notification, unread: counts.get(userId) ?? 0 });
    }
  },
};

/** Where notifications go after commit. Email would be added here (see the file's header). */
export const channels: NotificationChannel[] = [socketChannel];

/** Delivers after commit, off the caller's path; a failing channel is logged, never thrown. */
export function deliverLater(notified: Notified[]): void {
  if (!notified.length) return;
  for (const channel of channels) {
    void channel.deliver(notified).catch((err: unknown) => console.error(`colloquy: notifications (${channel.name}): ${err instanceof Error ? err.message : String(err)}`));
  }
}

/** The same, awaited: for callers (and tests) that want delivery done before going on. */
export async function deliver(notified: Notified[]): Promise<void> {
  if (!notified.length) return;
  await Promise.all(channels.map((c) => c.deliver(notified)));
}

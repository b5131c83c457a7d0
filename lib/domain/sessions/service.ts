// Browser sessions: one row per sign-in, its id carried in the Auth.js JWT (`sid`). The row, not
// the JWT's signature alone, decides whether a cookie still signs anyone in, so a session can be
// ended for good: sign-out, "sign out everywhere", a password change, account deletion.
// Authorization: a user lists and revokes only their own sessions; sign-out revokes the session
// its own (verified) cookie names.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { realtime } from "@/lib/realtime/publish";
import { rooms } from "@/lib/realtime/events";

/** As long as the Auth.js cookie lives; it rolls forward with use, as the cookie does. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** lastSeenAt (and expiresAt) are written at most this often, so reads do not each cost a write. */
export const SESSION_TOUCH_MS = 5 * 60_000;

export interface SessionView {
  id: string;
  label: string;
  createdAt: string;
  lastSeenAt: string;
  /** The session this request came from. */
  current: boolean;
}

/** "Firefox on Linux" from a User-Agent; short and coarse on purpose (it is shown, not trusted). */
export function deviceLabel(userAgent: string | null | undefined): string {
  const ua = userAgent ?? "";
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrom(e|ium)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : /curl\//i.test(ua) ? "curl" : "";
  const os = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Windows/.test(ua) ? "Windows" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
  const label = [browser, os].filter(Boolean).join(" on ");
  return label || "Unknown device";
}

/** Called at sign-in (Auth.js jwt callback); the id goes into the JWT. */
export async function createSession(userId: string, userAgent?: string | null): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db().session.create({ data: { id, userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS), label: deviceLabel(userAgent) } });
  return id;
}

/**
 * The actor a session cookie stands for, or null when its row is missing, revoked or expired
 * (or belongs to someone else). One round trip: it runs on every request and handshake.
 */
export async function actorForSession(sessionId: string, userId: string): Promise<Actor | null> {
  const rows = await db().$queryRaw<{ last_seen_at: Date; id: string; email: string; name: string }[]>`
    SELECT s.last_seen_at, u.id, u.email, u.name
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${sessionId} AND s.user_id = ${userId} AND s.revoked_at IS NULL AND s.expires_at > now()`;
  const row = rows[0];
  if (!row) return null;
  if (Date.now() - new Date(row.last_seen_at).getTime() > SESSION_TOUCH_MS) {
    const now = new Date();
    await db()
      .session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) } })
      .catch(() => {});
  }
  return { id: row.id, email: row.email, name: row.name, via: "session", sessionId };
}

/** Closes the sockets opened with these sessions, in every server process. */
function disconnectSessions(ids: string[]): void {
  const io = realtime();
  if (io && ids.length) io.in(ids.map(rooms.session)).disconnectSockets(true);
}

/** Sign-out: the session its own cookie names stops working, copies of the cookie included. */
export async function endSession(sessionId: string): Promise<void> {
  await db().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  disconnectSessions([sessionId]);
}

/** Revokes the user's live sessions (all, or all but `keep`) and closes their sockets; returns how many. */
export async function revokeUserSessions(userId: string, keep?: string): Promise<number> {
  const live = await db().session.findMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    select: { id: true },
  });
  const ids = live.map((s) => s.id);
  if (!ids.length) return 0;
  await db().session.updateMany({ where: { id: { in: ids } }, data: { revokedAt: new Date() } });
  disconnectSessions(ids);
  return ids.length;
}

/** "Sign out everywhere": every session of the actor, the current one included. */
export async function signOutEverywhere(actor: Actor): Promise<{ revoked: number }> {
  requireBrowserSession(actor, "sign out everywhere");
  return { revoked: await revokeUserSessions(actor.id) };
}

export async function listSessions(actor: Actor): Promise<SessionView[]> {
  const rows = await db().session.findMany({
    where: { userId: actor.id, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows.map((s) => ({
    id: s.id,
    label: s.label,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    current: s.id === actor.sessionId,
  }));
}

/** Ends one of the actor's own sessions (e.g. a lost laptop's). */
export async function revokeSession(actor: Actor, id: string): Promise<void> {
  const { count } = await db().session.updateMany({ where: { id, userId: actor.id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (!count) throw new AppError("NOT_FOUND", "There is no such session.");
  disconnectSessions([id]);
}

/**
 * Account security (tokens, password, sessions, deletion) is managed from a signed-in browser
 * only: a leaked API token must not be able to outlive its own revocation or take the account.
 */
export function requireBrowserSession(actor: Actor, what: string): void {
  if (actor.via !== "session") {
    throw new AppError("FORBIDDEN", `An API token cannot ${what}. Do this from the account page in a signed-in browser.`);
  }
}

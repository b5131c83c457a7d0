// Personal API tokens: `col_` + 32 random bytes (base64url). Only the sha256 is stored, so a
// database leak does not leak usable tokens; the token is shown once, at creation.
// Authorization: a user lists and revokes only their own tokens.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { realtime } from "@/lib/realtime/publish";
import { rooms } from "@/lib/realtime/events";
import { requireBrowserSession } from "@/lib/domain/sessions/service";
import { createTokenInput, type CreateTokenInput } from "./schema";

export const TOKEN_PREFIX = "col_";
const MAX_TOKENS = 50;
/** lastUsedAt is written at most this often per token, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

const present = (t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null }): TokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

export async function createToken(actor: Actor, input: CreateTokenInput): Promise<TokenView & { token: string }> {
  // A token that could mint tokens would survive its own revocation.
  requireBrowserSession(actor, "create API tokens");
  const data = createTokenInput.parse(input);
  if ((await db().apiToken.count({ where: { userId: actor.id } })) >= MAX_TOKENS) {
    throw new AppError("CONFLICT", `You have ${MAX_TOKENS} tokens already. Revoke one first.`);
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db().apiToken.create({
    data: { userId: actor.id, name: data.name, tokenHash: sha256(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) },
  });
  return { ...present(row), token };
}

export async function listTokens(actor: Actor): Promise<TokenView[]> {
  const rows = await db().apiToken.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "desc" } });
  return rows.map(present);
}

export async function revokeToken(actor: Actor, id: string): Promise<void> {
  const { count } = await db().apiToken.deleteMany({ where: { id, userId: actor.id } });
  if (!count) throw new AppError("NOT_FOUND", "There is no such token.");
  // A revoked token stops working at once, live connections included (in every process).
  realtime()?.in(rooms.token(id)).disconnectSockets(true);
}

/** Revokes every token of the user and closes their sockets (a password change, account deletion). */
export async function revokeUserTokens(userId: string): Promise<number> {
  const tokens = await db().apiToken.findMany({ where: { userId }, select: { id: true } });
  if (!tokens.length) return 0;
  await db().apiToken.deleteMany({ where: { id: { in: tokens.map((t) => t.id) } } });
  realtime()?.in(tokens.map((t) => rooms.token(t.id))).disconnectSockets(true);
  return tokens.length;
}

/** The actor a Bearer token stands for, or null for an unknown or revoked token. One round trip: it runs on every API call. */
export async function actorForToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const rows = await db().$queryRaw<{ token_id: string; last_used_at: Date | null; id: string; email: string; name: string }[]>`
    SELECT t.id AS token_id, t.last_used_at, u.id, u.email, u.name
    FROM api_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = ${sha256(token)}`;
  const row = rows[0];
  if (!row) return null;
  const last = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (Date.now() - last > TOUCH_EVERY_MS) {
    // Not awaited by the caller's request path beyond this one cheap write a minute.
    await db().apiToken.update({ where: { id: row.token_id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { id: row.id, email: row.email, name: row.name, via: "token", tokenId: row.token_id };
}

export async function getTokenInfo(actor: Actor, id: string): Promise<TokenView> {
  const row = await db().apiToken.findFirst({ where: { id, userId: actor.id } });
  if (!row) throw new AppError("NOT_FOUND", "There is no such token.");
  return present(row);
}

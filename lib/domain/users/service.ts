// Accounts: sign-up, credential checks (with the failed-sign-in limits), profile changes.
// Authorization: sign-up is open; updateAccount acts on the actor's own account only.
// Sign-in never tells whether an email has an account: an unknown email and a wrong password get
// the same answer after the same work (an argon2 verify, against a dummy hash for the unknown
// email). Failed sign-ins are limited per client IP and per (account, IP), never per account
// alone, so nobody elsewhere can lock an owner out (lib/limits).
import "server-only";
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { accountIpKey, consume, consumeAll, forget, LIMITS, refund, waitSeconds, rateLimitedError, type LimitName } from "@/lib/limits";
import type { Actor } from "@/lib/auth/actor";
import { requireBrowserSession, revokeUserSessions } from "@/lib/domain/sessions/service";
import { revokeUserTokens } from "@/lib/domain/tokens/service";
import { deleteAllCommentsBy } from "@/lib/domain/threads/service";
import { realtime } from "@/lib/realtime/publish";
import { rooms } from "@/lib/realtime/events";
import { deleteAccountInput, signUpInput, updateAccountInput, type DeleteAccountInput, type SignUpInput, type UpdateAccountInput } from "./schema";

/** Consecutive failed sign-ins for one account from one address before 429 (lib/limits). */
export const SIGN_IN_LIMIT = { failures: LIMITS.signInAccountIp.points, windowMs: LIMITS.signInAccountIp.seconds * 1000 };

export interface AccountView {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

const present = (u: { id: string; email: string; name: string; createdAt: Date }): AccountView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  createdAt: u.createdAt.toISOString(),
});

// argon2id with the library's defaults (19 MiB, t=2): OWASP's recommended minimum.
const hashPassword = (pw: string) => hash(pw);

// Verified against when the email has no account, so that answer costs what a wrong password
// costs. Same parameters as real hashes (the library's defaults); made once per process.
const DUMMY_HASH: Promise<string> = hashPassword(randomBytes(32).toString("base64url"));
DUMMY_HASH.catch(() => {});

/**
 * `from.ip` is the client address (lib/http/client-ip) of a sign-up over HTTP, counted against
 * the per-address limit; scripts and tests that make accounts directly pass nothing.
 */
export async function signUp(input: SignUpInput, from: { ip?: string } = {}): Promise<AccountView> {
  const data = signUpInput.parse(input);
  // Counted before the "already exists" answer too: it would otherwise probe emails unlimited.
  if (from.ip) await consume("signUpIp", from.ip);
  const taken = await db().user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (taken) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
  try {
    const user = await db().user.create({
      data: { email: data.email, name: data.name, passwordHash: await hashPassword(data.password) },
    });
    return present(user);
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    }
    throw err;
  }
}

/** The sign-in limits that apply to this email from this address, with their keys. */
const signInKeys = (email: string, ip: string): Array<[LimitName, string]> => [
  ["signInIp", ip],
  ["signInAccountIp", accountIpKey(email, ip)],
];

/**
 * The refusal a sign-in from `ip` for `email` would get right now (without counting anything),
 * or null when it may try. Lets the sign-in route answer a real 429 before Auth.js runs.
 */
export async function signInRefusal(emailInput: string, ip: string): Promise<AppError | null> {
  const email = emailInput.trim().toLowerCase();
  const waits = await Promise.all(signInKeys(email, ip).map(async ([name, key]) => ({ name, wait: await waitSeconds(name, key) })));
  const longest = waits.filter((w) => w.wait > 0).sort((a, b) => b.wait - a.wait)[0];
  return longest ? rateLimitedError(longest.name, longest.wait * 1000) : null;
}

export type CredentialsResult =
  | { ok: true; user: AccountView }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; error: AppError };

export async function checkCredentials(emailInput: string, passwordInput: string, ip: string): Promise<CredentialsResult> {
  const email = emailInput.trim().toLowerCase();
  const keys = signInKeys(email, ip);
  // Count the attempt as a failure before checking the password, so that guesses sent all at
  // once cannot each see a count below the limit; a success gives the points back.
  try {
    await consumeAll(keys);
  } catch (err) {
    if (err instanceof AppError && err.code === "RATE_LIMITED") return { ok: false, reason: "rate_limited", error: err };
    throw err;
  }
  const user = await db().user.findUnique({ where: { email } });
  const valid = await verify(user?.passwordHash ?? (await DUMMY_HASH), passwordInput).catch(() => false);
  if (!user || !valid) return { ok: false, reason: "invalid_credentials" };
  await Promise.all([refund("signInIp", ip), forget("signInAccountIp", accountIpKey(email, ip))]);
  return { ok: true, user: present(user) };
}

export async function getAccount(actor: Actor): Promise<AccountView> {
  const user = await db().user.findUnique({ where: { id: actor.id } });
  if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists. Sign in again.");
  return present(user);
}

export async function updateAccount(actor: Actor, input: UpdateAccountInput): Promise<AccountView> {
  const data = updateAccountInput.parse(input);
  const user = await db().user.findUnique({ where: { id: actor.id } });
  if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists. Sign in again.");
  let passwordHash: string | undefined;
  if (data.newPassword) {
    requireBrowserSession(actor, "change the password");
    if (!(await verify(user.passwordHash, data.currentPassword ?? "").catch(() => false))) {
      throw new AppError("BAD_REQUEST", "currentPassword: is not your current password");
    }
    passwordHash = await hashPassword(data.newPassword);
  }
  const updated = await db().user.update({
    where: { id: actor.id },
    data: { ...(data.name ? { name: data.name } : {}), ...(passwordHash ? { passwordHash } : {}) },
  });
  if (passwordHash) {
    // Whoever else knew the old password (or holds a copied cookie or a token) is out now;
    // the browser that changed it stays signed in.
    await revokeUserSessions(actor.id, actor.sessionId);
    await revokeUserTokens(actor.id);
  }
  return present(updated);
}

/**
 * Deletes the actor's account, from a signed-in browser and with the password confirmed.
 * The database decides what goes with it (prisma/schema.prisma): sessions, tokens, memberships,
 * reactions, mentions and notifications received cascade; threads and comments they wrote keep
 * their rows with the author set to null ("Former member"), or with "delete" their comments are
 * first deleted through the threads service, so every seminar's clients get the events.
 */
export async function deleteAccount(actor: Actor, input: DeleteAccountInput): Promise<void> {
  requireBrowserSession(actor, "delete the account");
  const data = deleteAccountInput.parse(input);
  const user = await db().user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists. Sign in again.");
  if (!(await verify(user.passwordHash, data.password).catch(() => false))) {
    throw new AppError("BAD_REQUEST", "password: is not your password; nothing was deleted");
  }
  if (data.comments === "delete") await deleteAllCommentsBy(actor.id);
  await db().user.delete({ where: { id: actor.id } });
  // Every socket of theirs, whether opened with a session or a token, in every process.
  realtime()?.in(rooms.user(actor.id)).disconnectSockets(true);
}

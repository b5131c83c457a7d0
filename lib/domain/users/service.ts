// Accounts: sign-up, credential checks (with the failed-sign-in limit), profile changes.
// Authorization: sign-up is open; updateAccount acts on the actor's own account only.
import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { requireBrowserSession, revokeUserSessions } from "@/lib/domain/sessions/service";
import { revokeUserTokens } from "@/lib/domain/tokens/service";
import { deleteAllCommentsBy } from "@/lib/domain/threads/service";
import { realtime } from "@/lib/realtime/publish";
import { rooms } from "@/lib/realtime/events";
import { deleteAccountInput, signUpInput, updateAccountInput, type DeleteAccountInput, type SignUpInput, type UpdateAccountInput } from "./schema";

/** At most this many failed sign-ins per email in the window, then 429 until the window passes. */
export const SIGN_IN_LIMIT = { failures: 10, windowMs: 15 * 60_000 };

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

export async function signUp(input: SignUpInput): Promise<AccountView> {
  const data = signUpInput.parse(input);
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

/** Minutes until the oldest counted failure leaves the window, or 0 when sign-in is allowed. */
export async function signInWaitMinutes(email: string): Promise<number> {
  const since = new Date(Date.now() - SIGN_IN_LIMIT.windowMs);
  const recent = await db().signInFailure.findMany({
    where: { email, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: SIGN_IN_LIMIT.failures,
    select: { createdAt: true },
  });
  if (recent.length < SIGN_IN_LIMIT.failures) return 0;
  const oldest = recent[recent.length - 1].createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + SIGN_IN_LIMIT.windowMs - Date.now()) / 60_000));
}

export type CredentialsResult =
  | { ok: true; user: AccountView }
  | { ok: false; reason: "unknown_email" | "wrong_password" | "rate_limited"; waitMinutes?: number };

export async function checkCredentials(emailInput: string, passwordInput: string): Promise<CredentialsResult> {
  const email = emailInput.trim().toLowerCase();
  const wait = await signInWaitMinutes(email);
  if (wait) return { ok: false, reason: "rate_limited", waitMinutes: wait };
  // Count this attempt as a failure before checking the password, so that guesses sent all at
  // once cannot each see a count below the limit; a success removes the record again.
  const attempt = await db().signInFailure.create({ data: { email }, select: { id: true } });
  const since = new Date(Date.now() - SIGN_IN_LIMIT.windowMs);
  const counted = await db().signInFailure.count({ where: { email, createdAt: { gt: since } } });
  if (counted > SIGN_IN_LIMIT.failures) {
    await db().signInFailure.delete({ where: { id: attempt.id } }).catch(() => {});
    return { ok: false, reason: "rate_limited", waitMinutes: Math.max(1, await signInWaitMinutes(email)) };
  }
  const user = await db().user.findUnique({ where: { email } });
  const valid = user ? await verify(user.passwordHash, passwordInput).catch(() => false) : false;
  if (!user || !valid) return { ok: false, reason: user ? "wrong_password" : "unknown_email" };
  await db().signInFailure.deleteMany({ where: { email } });
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

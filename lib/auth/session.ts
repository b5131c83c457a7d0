// The one place that turns a request into an Actor: the Auth.js session cookie (a JWT) or an
// `Authorization: Bearer col_…` API token. A cookie counts only while its session row
// (lib/domain/sessions) is live: the JWT's signature alone is not enough. Routes call requireActor(); pages call currentActor().
import "server-only";
import { getToken } from "@auth/core/jwt";
import { AppError } from "@/lib/errors";
import { actorForToken } from "@/lib/domain/tokens/service";
import { actorForSession } from "@/lib/domain/sessions/service";
import { servedOverHttps } from "@/lib/http/security-headers";
import type { Actor } from "./actor";

export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";

export interface CredentialHeaders {
  authorization?: string | null;
  cookie?: string | null;
}

export async function actorFromHeaders(h: CredentialHeaders): Promise<Actor | null> {
  const bearer = h.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return actorForToken(bearer);
  const cookie = h.cookie ?? "";
  if (!cookie.includes(SESSION_COOKIE)) return null;
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  const token = await getToken({
    req: { headers: { cookie } },
    secret,
    // Over https (AUTH_URL) only the __Secure- cookie counts: a plain one could have been planted
    // over http by someone on the network.
    secureCookie: cookie.includes(SECURE_SESSION_COOKIE) || servedOverHttps(),
  }).catch(() => null);
  // A JWT without a session id predates revocable sessions: it cannot be revoked, so it is refused.
  if (!token?.sub || typeof token.sid !== "string") return null;
  return actorForSession(token.sid, token.sub);
}

export function actorFromRequest(req: Request): Promise<Actor | null> {
  return actorFromHeaders({ authorization: req.headers.get("authorization"), cookie: req.headers.get("cookie") });
}

export async function requireActor(req: Request): Promise<Actor> {
  const actor = await actorFromRequest(req);
  if (!actor) {
    const hadBearer = /^Bearer\s/i.test(req.headers.get("authorization") ?? "");
    throw new AppError("UNAUTHORIZED", hadBearer ? "This API token is not valid (revoked or mistyped)." : "Sign in first.");
  }
  return actor;
}

/** For server components and server actions: the signed-in person, or null. */
export async function currentActor(): Promise<Actor | null> {
  const { headers } = await import("next/headers");
  const h = await headers();
  return actorFromHeaders({ authorization: h.get("authorization"), cookie: h.get("cookie") });
}

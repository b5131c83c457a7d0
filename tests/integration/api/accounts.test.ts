// Accounts end to end through the route handlers: sign-up, the Auth.js credentials sign-in (CSRF,
// failure codes, the failed-sign-in limit, the session cookie), API tokens, and account changes.
// More on the limits (per IP, spraying, no lock-out, enumeration) in tests/integration/limits.
import { beforeEach, describe, expect, it } from "vitest";
import { GET as authGET, POST as authPOST } from "@/app/api/auth/[...auth]/route";
import * as me from "@/app/api/v1/me/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import * as users from "@/app/api/v1/users/route";
import { encode } from "@auth/core/jwt";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { SIGN_IN_LIMIT } from "@/lib/domain/users/service";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { buildToken, buildUser, sessionCookie, uniqueEmail } from "../../helpers/factories";
import { BASE, call, errorOf } from "../../helpers/http";
import { randomTestIp } from "../../helpers/limits";

// server.ts records the client address on every request; each test comes from an address of its own.
let ip = randomTestIp();
beforeEach(() => {
  ip = randomTestIp();
});

const signUp = (body: unknown) => call(users.POST, { url: "/api/v1/users", json: body, headers: { [CLIENT_IP_HEADER]: ip } });

/** The cookies a response sets, as name -> the full Set-Cookie line. */
function setCookies(res: Response): Map<string, string> {
  return new Map(res.headers.getSetCookie().map((line) => [line.split("=")[0], line]));
}

/** What a browser would send back: name=value pairs of the cookies set. */
const cookieHeader = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");

async function csrf(): Promise<{ csrfToken: string; cookie: string }> {
  const res = await authGET(new Request(`${BASE}/api/auth/csrf`));
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { csrfToken, cookie: cookieHeader(res) };
}

/** The sign-in form's POST, as the client library sends it (it asks for JSON, not a redirect). */
async function signIn(email: string, password: string, opts: { csrf?: boolean } = {}) {
  const { csrfToken, cookie } = await csrf();
  const form = new URLSearchParams({ email, password, callbackUrl: `${BASE}/seminars` });
  if (opts.csrf !== false) form.set("csrfToken", csrfToken);
  const res = await authPOST(
    new Request(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "X-Auth-Return-Redirect": "1", [CLIENT_IP_HEADER]: ip },
      body: form,
    }),
  );
  const text = await res.clone().text();
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { res, status: res.status, body, text };
}

const codeOf = (url: unknown) => new URL(String(url)).searchParams.get("code");

describe("sign-up: POST /api/v1/users", () => {
  it("creates the account (201), storing the email trimmed and lower-cased, and never returning the password", async () => {
    const local = uniqueEmail("ada").split("@")[0];
    const r = await signUp({ email: `  ${local.toUpperCase()}@Example.ORG `, password: "correct horse battery", name: "  Ada Lovelace " });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ id: expect.any(String), email: `${local}@example.org`, name: "Ada Lovelace", createdAt: expect.any(String) });
    expect(r.text).not.toContain("correct horse battery");
    expect(r.text).not.toMatch(/password/i);
  });

  it("refuses a taken email, in any case or spacing, with 409 and a message that says to sign in", async () => {
    const email = uniqueEmail("taken");
    expect((await signUp({ email, password: "long enough", name: "First" })).status).toBe(201);
    for (const again of [email, ` ${email.toUpperCase()} `]) {
      const r = await signUp({ email: again, password: "another long one", name: "Second" });
      expect(r.status, r.text).toBe(409);
      expect(errorOf(r)).toEqual({ code: "CONFLICT", message: expect.stringMatching(/already exists.*sign in/i) });
    }
  });

  it("refuses a password under 8 characters with 400 naming password", async () => {
    const r = await signUp({ email: uniqueEmail(), password: "1234567", name: "Shorty" });
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(/password.*8/);
  });

  it("refuses a missing name and a malformed email with 400 naming each field", async () => {
    const noName = await signUp({ email: uniqueEmail(), password: "long enough" });
    expect(noName.status).toBe(400);
    expect(errorOf(noName).message).toContain("name");
    const badEmail = await signUp({ email: "not-an-email", password: "long enough", name: "X" });
    expect(badEmail.status).toBe(400);
    expect(errorOf(badEmail).message).toContain("email");
  });
});

describe("sign-in through Auth.js: /api/auth/callback/credentials", () => {
  it("with the right password sets an HttpOnly, SameSite=Lax session cookie that works on GET /api/v1/me", async () => {
    const { user, password } = await buildUser({ name: "Signing In" });
    const r = await signIn(` ${user.email.toUpperCase()} `, password);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ url: `${BASE}/seminars` });

    const cookie = setCookies(r.res).get(SESSION_COOKIE);
    expect(cookie, "a session cookie is set").toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    // plain http here: no Secure flag and no __Secure- prefix (those come with HTTPS)
    expect(cookie).not.toMatch(/;\s*Secure/i);

    const session = cookie!.split(";")[0];
    const who = await call(me.GET, { url: "/api/v1/me", auth: { cookie: session } });
    expect(who.status, who.text).toBe(200);
    expect(who.body).toMatchObject({ id: user.id, email: user.email, name: "Signing In" });
  });

  it("with a wrong password answers with code=invalid_credentials and sets no session", async () => {
    const { user } = await buildUser();
    const r = await signIn(user.email, "not the password");
    expect(r.status, r.text).toBe(200);
    expect(codeOf(r.body?.url)).toBe("invalid_credentials");
    expect(new URL(String(r.body?.url)).pathname).toBe("/signin");
    expect(setCookies(r.res).has(SESSION_COOKIE)).toBe(false);
  });

  it("with an unknown email answers exactly as for a wrong password (code=invalid_credentials)", async () => {
    const r = await signIn(uniqueEmail("nobody"), "whatever password");
    expect(codeOf(r.body?.url)).toBe("invalid_credentials");
    expect(setCookies(r.res).has(SESSION_COOKIE)).toBe(false);
  });

  it("without the CSRF token is refused and sets no session", async () => {
    const { user, password } = await buildUser();
    const r = await signIn(user.email, password, { csrf: false });
    expect(setCookies(r.res).has(SESSION_COOKIE)).toBe(false);
    expect(new URL(String(r.body?.url)).searchParams.get("error")).toBe("MissingCSRF");
  });

  it(`after ${SIGN_IN_LIMIT.failures} failures for one email from one address, the next attempt from there is a 429 with a message, even with the right password`, async () => {
    const { user, password } = await buildUser();
    for (let i = 0; i < SIGN_IN_LIMIT.failures; i++) {
      const r = await signIn(user.email, `wrong ${i}`);
      expect(codeOf(r.body?.url), `attempt ${i + 1}`).toBe("invalid_credentials");
    }
    const blocked = await signIn(user.email.toUpperCase(), password);
    expect(blocked.status, blocked.text).toBe(429);
    expect(blocked.body).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/too many failed sign-ins for this email\. Wait 1[45] minutes/i) } });
    expect(Number(blocked.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(setCookies(blocked.res).has(SESSION_COOKIE)).toBe(false);

    // the limit is per account and address: another account signs in from there as usual meanwhile
    const other = await buildUser();
    expect((await signIn(other.user.email, other.password)).body).toEqual({ url: `${BASE}/seminars` });
  });

  it(`counts failures made at the same time too: of 30 concurrent wrong guesses, at most ${SIGN_IN_LIMIT.failures} have the password checked`, async () => {
    const { user } = await buildUser();
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const r = await signIn(user.email, `concurrent guess ${i}`);
        return r.status === 429 ? "429" : (codeOf(r.body?.url) ?? "no code");
      }),
    );
    const checked = outcomes.filter((o) => o === "invalid_credentials").length;
    expect(outcomes.every((o) => ["invalid_credentials", "rate_limited", "429"].includes(o)), outcomes.join(",")).toBe(true);
    expect(checked, `passwords checked: ${checked} of 30`).toBeLessThanOrEqual(SIGN_IN_LIMIT.failures);
  });

  it("a successful sign-in clears earlier failures for that email", async () => {
    const { user, password } = await buildUser();
    for (let i = 0; i < SIGN_IN_LIMIT.failures - 1; i++) await signIn(user.email, "wrong password");
    expect(setCookies((await signIn(user.email, password)).res).has(SESSION_COOKIE)).toBe(true);
    // the count starts again: one more failure is not the tenth
    expect(codeOf((await signIn(user.email, "wrong again")).body?.url)).toBe("invalid_credentials");
    expect((await signIn(user.email, password)).status).toBe(200);
  });

  it("sign-out expires the session cookie", async () => {
    const { user, password } = await buildUser();
    const session = setCookies((await signIn(user.email, password)).res).get(SESSION_COOKIE)!.split(";")[0];
    const { csrfToken, cookie } = await csrf();
    const res = await authPOST(
      new Request(`${BASE}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${session}`, "X-Auth-Return-Redirect": "1" },
        body: new URLSearchParams({ csrfToken, callbackUrl: `${BASE}/` }),
      }),
    );
    const cleared = setCookies(res).get(SESSION_COOKIE);
    expect(cleared, "sign-out sets the session cookie again, empty and expired").toBeDefined();
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });
});

describe("session cookies that are not good", () => {
  it("a cookie signed with another secret, an expired one, and one for an account that does not exist are all 401", async () => {
    const { user } = await buildUser();
    const forged = await sessionCookie(user, "some-other-secret-some-other-secret-123");
    const expired = `${SESSION_COOKIE}=${await encode({ token: { sub: user.id }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE, maxAge: -60 })}`;
    const ghost = await sessionCookie("no-such-user-id");
    for (const cookie of [forged, expired, ghost, `${SESSION_COOKIE}=garbage`, `${SESSION_COOKIE}=`]) {
      const r = await call(me.GET, { url: "/api/v1/me", auth: { cookie } });
      expect(r.status, cookie.slice(0, 60)).toBe(401);
      expect(errorOf(r)).toEqual({ code: "UNAUTHORIZED", message: expect.any(String) });
    }
  });
});

describe("API tokens", () => {
  it("are shown once at creation (col_…), never listed with the secret, and work as a Bearer token", async () => {
    const { user } = await buildUser();
    const cookie = await sessionCookie(user);
    const created = await call(tokens.POST, { url: "/api/v1/tokens", json: { name: "my script" }, auth: { cookie } });
    expect(created.status, created.text).toBe(201);
    const { id, token: secret } = created.body as { id: string; token: string };
    expect(secret).toMatch(/^col_[A-Za-z0-9_-]{40,}$/);
    expect(created.body).toMatchObject({ name: "my script", prefix: secret.slice(0, 10), lastUsedAt: null });

    const list = await call(tokens.GET, { url: "/api/v1/tokens", auth: { cookie } });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(secret.slice(10));
    expect(list.text).not.toMatch(/"token"|tokenHash|token_hash/);
    expect((list.body as { tokens: { id: string }[] }).tokens.map((t) => t.id)).toEqual([id]);

    const one = await call(token.GET, { url: `/api/v1/tokens/${id}`, params: { id }, auth: { cookie } });
    expect(one.status).toBe(200);
    expect(one.text).not.toContain(secret);

    const who = await call(me.GET, { url: "/api/v1/me", auth: { token: secret } });
    expect(who.status, who.text).toBe(200);
    expect(who.body).toMatchObject({ id: user.id, email: user.email });
  });

  it("record when they were last used", async () => {
    const { actor } = await buildUser();
    const { id, token: secret } = await buildToken(actor, "used once");
    const before = await call(token.GET, { url: `/api/v1/tokens/${id}`, params: { id }, auth: { cookie: await sessionCookie(actor) } });
    expect(before.body).toMatchObject({ lastUsedAt: null });
    const t0 = Date.now();
    expect((await call(me.GET, { url: "/api/v1/me", auth: { token: secret } })).status).toBe(200);
    const after = await call(token.GET, { url: `/api/v1/tokens/${id}`, params: { id }, auth: { cookie: await sessionCookie(actor) } });
    const lastUsedAt = Date.parse((after.body as { lastUsedAt: string }).lastUsedAt);
    expect(lastUsedAt).toBeGreaterThanOrEqual(t0 - 1000);
    expect(lastUsedAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("stop working the moment they are revoked (401 saying so), and revoking twice is a 404", async () => {
    const { actor } = await buildUser();
    const { id, token: secret } = await buildToken(actor, "short-lived");
    expect((await call(me.GET, { url: "/api/v1/me", auth: { token: secret } })).status).toBe(200);
    const revoked = await call(token.DELETE, { method: "DELETE", url: `/api/v1/tokens/${id}`, params: { id }, auth: { token: secret } });
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe("");
    const after = await call(me.GET, { url: "/api/v1/me", auth: { token: secret } });
    expect(after.status).toBe(401);
    expect(errorOf(after).message).toMatch(/token/i);
    const again = await call(token.DELETE, { method: "DELETE", url: `/api/v1/tokens/${id}`, params: { id }, auth: { cookie: await sessionCookie(actor) } });
    expect(again.status).toBe(404);
  });

  it("of one user cannot be seen or revoked by another", async () => {
    const alice = await buildUser();
    const mallory = await buildUser();
    const { id, token: secret } = await buildToken(alice.actor, "alice's");
    const auth = { token: (await buildToken(mallory.actor)).token };
    expect((await call(token.GET, { url: `/api/v1/tokens/${id}`, params: { id }, auth })).status).toBe(404);
    expect((await call(token.DELETE, { method: "DELETE", url: `/api/v1/tokens/${id}`, params: { id }, auth })).status).toBe(404);
    expect((await call(me.GET, { url: "/api/v1/me", auth: { token: secret } })).status).toBe(200);
  });

  it("that are made up, mistyped or not Bearer are refused with 401", async () => {
    const { actor } = await buildUser();
    const { token: secret } = await buildToken(actor);
    for (const authorization of [`Bearer ${secret}x`, `Bearer ${secret.slice(0, -1)}`, "Bearer col_", `Bearer ${"col_" + "a".repeat(500)}`, `Basic ${secret}`, `Bearer`]) {
      const r = await call(me.GET, { url: "/api/v1/me", headers: { authorization } });
      expect(r.status, authorization.slice(0, 30)).toBe(401);
    }
  });
});

describe("changing the account: PATCH /api/v1/me", () => {
  it("changes the display name", async () => {
    const { actor } = await buildUser({ name: "Old Name" });
    const auth = { cookie: await sessionCookie(actor) };
    const r = await call(me.PATCH, { method: "PATCH", url: "/api/v1/me", json: { name: "  New Name " }, auth });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ name: "New Name" });
    expect((await call(me.GET, { url: "/api/v1/me", auth })).body).toMatchObject({ name: "New Name" });
  });

  it("changes the password only with the right currentPassword; then only the new one signs in", async () => {
    const { user, password } = await buildUser();
    const auth = { cookie: await sessionCookie(user) };
    const patch = (body: unknown) => call(me.PATCH, { method: "PATCH", url: "/api/v1/me", json: body, auth });

    const missing = await patch({ newPassword: "brand new password" });
    expect(missing.status).toBe(400);
    expect(errorOf(missing).message).toContain("currentPassword");

    const wrong = await patch({ currentPassword: "not it at all", newPassword: "brand new password" });
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong).message).toContain("currentPassword");

    const short = await patch({ currentPassword: password, newPassword: "short" });
    expect(short.status).toBe(400);
    expect(errorOf(short).message).toContain("newPassword");

    // nothing changed so far
    expect(setCookies((await signIn(user.email, password)).res).has(SESSION_COOKIE)).toBe(true);

    const ok = await patch({ currentPassword: password, newPassword: "brand new password" });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.text).not.toContain("brand new password");
    expect(codeOf((await signIn(user.email, password)).body?.url)).toBe("invalid_credentials");
    expect(setCookies((await signIn(user.email, "brand new password")).res).has(SESSION_COOKIE)).toBe(true);
  });
});

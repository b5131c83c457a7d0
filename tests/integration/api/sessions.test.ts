// Revocable sessions: the cookie's JWT carries a session id that every request and socket
// handshake checks against the sessions table, so sign-out, "sign out everywhere" and a password
// change end sessions for good, copies of the cookie and open sockets included. Account security
// is managed from a browser session only: an API token cannot mint tokens or change the password.
import { describe, expect, it } from "vitest";
import { encode } from "@auth/core/jwt";
import { GET as authGET, POST as authPOST } from "@/app/api/auth/[...auth]/route";
import * as me from "@/app/api/v1/me/route";
import * as sessions from "@/app/api/v1/me/sessions/route";
import * as oneSession from "@/app/api/v1/me/sessions/[id]/route";
import * as tokens from "@/app/api/v1/tokens/route";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { buildToken, buildUser, sessionCookie, sessionIdOf } from "../../helpers/factories";
import { BASE, call, errorOf } from "../../helpers/http";
import { refusedWith, startRealtimeServer, type Client } from "../../helpers/realtime";

const { socket, connectWith } = startRealtimeServer();

const cookieHeader = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");

async function csrf(): Promise<{ csrfToken: string; cookie: string }> {
  const res = await authGET(new Request(`${BASE}/api/auth/csrf`));
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { csrfToken, cookie: cookieHeader(res) };
}

/** A real sign-in through Auth.js; returns the session cookie (name=value) the browser keeps. */
async function signIn(email: string, password: string, userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"): Promise<string> {
  const { csrfToken, cookie } = await csrf();
  const res = await authPOST(
    new Request(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "user-agent": userAgent, "X-Auth-Return-Redirect": "1" },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${BASE}/` }),
    }),
  );
  const session = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  if (!session) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return session.split(";")[0];
}

async function signOut(session: string): Promise<void> {
  const { csrfToken, cookie } = await csrf();
  const res = await authPOST(
    new Request(`${BASE}/api/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${session}`, "X-Auth-Return-Redirect": "1" },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${BASE}/` }),
    }),
  );
  expect(res.status).toBeLessThan(400);
}

const whoAmI = (auth: { cookie: string } | { token: string }) => call(me.GET, { url: "/api/v1/me", auth });

/** Resolves with the reason once the server disconnects `s`. */
const disconnection = (s: Client) => new Promise<string>((r) => s.once("disconnect", (reason) => r(reason)));

describe("signing in and out", () => {
  it("a sign-in creates a session row labelled with the device, and the cookie works until sign-out", async () => {
    const { user, password } = await buildUser();
    const cookie = await signIn(user.email, password);
    const sid = await sessionIdOf(cookie);
    const row = await db().session.findUniqueOrThrow({ where: { id: sid } });
    expect(row).toMatchObject({ userId: user.id, label: "Firefox on Linux", revokedAt: null });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);

    const r = await whoAmI({ cookie });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ id: user.id });
  });

  it("after sign-out a copied cookie is refused over HTTP (401) and at a socket handshake, and that session's open socket is closed", async () => {
    const { user, password } = await buildUser();
    const cookie = await signIn(user.email, password);
    const copy = cookie; // what a thief would have taken before sign-out
    const live = await connectWith({ cookie });
    const closed = disconnection(live.socket);

    await signOut(cookie);

    const r = await whoAmI({ cookie: copy });
    expect(r.status).toBe(401);
    expect(errorOf(r).code).toBe("UNAUTHORIZED");
    expect(await closed).toBe("io server disconnect");
    expect(await refusedWith(socket({ cookie: copy }))).not.toBeNull();
  });

  it("a validly signed JWT without a session id (issued before revocable sessions) is refused", async () => {
    const { user } = await buildUser();
    const old = `${SESSION_COOKIE}=${await encode({ token: { sub: user.id, email: user.email }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE })}`;
    expect((await whoAmI({ cookie: old })).status).toBe(401);
    expect(await refusedWith(socket({ cookie: old }))).not.toBeNull();
  });

  it("an expired session row is refused even though its JWT is still valid", async () => {
    const { user } = await buildUser();
    const cookie = await sessionCookie(user);
    await db().session.update({ where: { id: await sessionIdOf(cookie) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await whoAmI({ cookie })).status).toBe(401);
  });

  it("a session id stolen into a JWT for another user does not sign in as either", async () => {
    const alice = await buildUser();
    const mallory = await buildUser();
    const sid = await sessionIdOf(await sessionCookie(alice.user));
    const forged = `${SESSION_COOKIE}=${await encode({ token: { sub: mallory.user.id, sid }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE })}`;
    expect((await whoAmI({ cookie: forged })).status).toBe(401);
  });
});

describe("a password change", () => {
  it("ends every other session (cookie refused, socket closed) and revokes the API tokens and their sockets; the current session keeps working", async () => {
    const { user, password } = await buildUser();
    const here = await signIn(user.email, password);
    const elsewhere = await signIn(user.email, password, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0 Safari/537.36");
    const { token } = await buildToken({ id: user.id, email: user.email, name: user.name, via: "session" });
    const otherSocket = await connectWith({ cookie: elsewhere });
    const tokenSocket = await connectWith({ token });
    const hereSocket = await connectWith({ cookie: here });
    const otherClosed = disconnection(otherSocket.socket);
    const tokenClosed = disconnection(tokenSocket.socket);
    let hereClosed = false;
    hereSocket.socket.once("disconnect", () => (hereClosed = true));

    const r = await call(me.PATCH, { method: "PATCH", url: "/api/v1/me", json: { currentPassword: password, newPassword: "a brand new password" }, auth: { cookie: here } });
    expect(r.status, r.text).toBe(200);

    expect((await whoAmI({ cookie: elsewhere })).status).toBe(401);
    expect((await whoAmI({ token })).status).toBe(401);
    expect(await otherClosed).toBe("io server disconnect");
    expect(await tokenClosed).toBe("io server disconnect");
    expect(await db().apiToken.count({ where: { userId: user.id } })).toBe(0);

    expect((await whoAmI({ cookie: here })).status).toBe(200);
    const pong = await hereSocket.socket.timeout(5000).emitWithAck("ping", {});
    expect(pong.ok).toBe(true);
    expect(hereClosed).toBe(false);
  });
});

describe("sign out everywhere: DELETE /api/v1/me/sessions", () => {
  it("refuses every cookie of the user and closes every socket opened with them", async () => {
    const { user, password } = await buildUser();
    const someoneElse = await buildUser();
    const cookies = [await signIn(user.email, password), await signIn(user.email, password), await sessionCookie(user)];
    const conns = await Promise.all(cookies.map((cookie) => connectWith({ cookie })));
    const closed = conns.map((c) => disconnection(c.socket));
    const bystanderCookie = await sessionCookie(someoneElse.user);
    const bystander = await connectWith({ cookie: bystanderCookie });

    const r = await call(sessions.DELETE, { method: "DELETE", url: "/api/v1/me/sessions", auth: { cookie: cookies[0] } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ revoked: 3 });

    for (const cookie of cookies) expect((await whoAmI({ cookie })).status).toBe(401);
    expect(await Promise.all(closed)).toEqual(["io server disconnect", "io server disconnect", "io server disconnect"]);
    expect((await whoAmI({ cookie: bystanderCookie })).status).toBe(200);
    expect((await bystander.socket.timeout(5000).emitWithAck("ping", {})).ok).toBe(true);
  });

  it("lists the live sessions with the current one marked, and revokes one by id (another user's id is a 404)", async () => {
    const { user, password } = await buildUser();
    const mine = await signIn(user.email, password);
    const laptop = await signIn(user.email, password, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15");
    const list = await call(sessions.GET, { url: "/api/v1/me/sessions", auth: { cookie: mine } });
    expect(list.status).toBe(200);
    const views = list.body as { id: string; label: string; current: boolean }[];
    expect(views.map((v) => v.label).sort()).toEqual(["Firefox on Linux", "Safari on macOS"]);
    expect(views.filter((v) => v.current).map((v) => v.id)).toEqual([await sessionIdOf(mine)]);

    const other = await buildUser();
    const laptopId = await sessionIdOf(laptop);
    const notYours = await call(oneSession.DELETE, { method: "DELETE", url: `/api/v1/me/sessions/${laptopId}`, params: { id: laptopId }, auth: { cookie: await sessionCookie(other.user) } });
    expect(notYours.status).toBe(404);
    expect((await whoAmI({ cookie: laptop })).status).toBe(200);

    const r = await call(oneSession.DELETE, { method: "DELETE", url: `/api/v1/me/sessions/${laptopId}`, params: { id: laptopId }, auth: { cookie: mine } });
    expect(r.status).toBe(204);
    expect((await whoAmI({ cookie: laptop })).status).toBe(401);
    expect((await whoAmI({ cookie: mine })).status).toBe(200);
  });
});

describe("what an API token may not do", () => {
  it("cannot mint tokens, change the password, sign out everywhere or delete the account (403 with a message); it may still rename", async () => {
    const { user, password } = await buildUser();
    const { token } = await buildToken({ id: user.id, email: user.email, name: user.name, via: "session" });
    const auth = { token };

    const mint = await call(tokens.POST, { url: "/api/v1/tokens", json: { name: "offspring" }, auth });
    expect(mint.status).toBe(403);
    expect(errorOf(mint).message).toMatch(/token/i);
    expect(await db().apiToken.count({ where: { userId: user.id } })).toBe(1);

    const pw = await call(me.PATCH, { method: "PATCH", url: "/api/v1/me", json: { currentPassword: password, newPassword: "taken over now!" }, auth });
    expect(pw.status).toBe(403);
    expect(errorOf(pw).message).toMatch(/password/i);

    const everywhere = await call(sessions.DELETE, { method: "DELETE", url: "/api/v1/me/sessions", auth });
    expect(everywhere.status).toBe(403);

    const del = await call(me.DELETE, { method: "DELETE", url: "/api/v1/me", json: { password, comments: "keep" }, auth });
    expect(del.status).toBe(403);
    expect(errorOf(del).message).toMatch(/delete/i);
    expect(await db().user.count({ where: { id: user.id } })).toBe(1);

    const rename = await call(me.PATCH, { method: "PATCH", url: "/api/v1/me", json: { name: "Scripted Name" }, auth });
    expect(rename.status, rename.text).toBe(200);
  });
});

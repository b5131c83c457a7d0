// Served over https (AUTH_URL https://…, usually behind a TLS-terminating proxy): the session
// cookie is Secure and __Secure- prefixed even though the request reaching the app is plain http,
// and only that cookie is read back.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as authGET, POST as authPOST } from "@/app/api/auth/[...auth]/route";
import { actorFromHeaders, SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/lib/auth/session";
import { buildUser, sessionCookie } from "../../helpers/factories";

const PUBLIC = "https://colloquy.example.org";
// What the proxy forwards: plain http to the app.
const INTERNAL = "http://127.0.0.1:3000";
let saved: string | undefined;

beforeEach(() => {
  saved = process.env.AUTH_URL;
  process.env.AUTH_URL = PUBLIC;
});
afterEach(() => {
  if (saved === undefined) delete process.env.AUTH_URL;
  else process.env.AUTH_URL = saved;
});

const pairs = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");

describe("session cookies when AUTH_URL is https", () => {
  it("sign-in sets a Secure, HttpOnly __Secure- session cookie, and that cookie signs the person in", async () => {
    const { user, password } = await buildUser();
    const csrfRes = await authGET(new Request(`${INTERNAL}/api/auth/csrf`));
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookie = csrfRes.headers.getSetCookie().find((l) => l.includes("authjs.csrf-token"))!;
    expect(csrfCookie).toMatch(/^__Host-authjs\.csrf-token=/);
    expect(csrfCookie).toMatch(/;\s*Secure/i);

    const res = await authPOST(
      new Request(`${INTERNAL}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: pairs(csrfRes), "X-Auth-Return-Redirect": "1" },
        body: new URLSearchParams({ email: user.email, password, csrfToken, callbackUrl: `${PUBLIC}/seminars` }),
      }),
    );
    expect(res.status).toBeLessThan(400);
    const session = res.headers.getSetCookie().find((l) => l.startsWith(`${SECURE_SESSION_COOKIE}=`));
    expect(session, res.headers.getSetCookie().join("\n")).toBeDefined();
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(res.headers.getSetCookie().some((l) => l.startsWith(`${SESSION_COOKIE}=`))).toBe(false);

    const actor = await actorFromHeaders({ cookie: session!.split(";")[0] });
    expect(actor?.id).toBe(user.id);
  });

  it("a plain (non-__Secure-) session cookie is not accepted over https", async () => {
    const { user } = await buildUser();
    const plain = await sessionCookie(user);
    expect(plain.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(await actorFromHeaders({ cookie: plain })).toBeNull();
    // …while without AUTH_URL (plain http install) the same cookie works.
    delete process.env.AUTH_URL;
    expect((await actorFromHeaders({ cookie: plain }))?.id).toBe(user.id);
  });
});

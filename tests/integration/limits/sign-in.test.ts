// Failed sign-ins slow an attacker down per client address and per (account, address), never
// lock the owner out, and never tell whether an email has an account: through the real Auth.js
// callback route, with the client address server.ts would record in CLIENT_IP_HEADER.
import { describe, expect, it } from "vitest";
import { GET as authGET, POST as authPOST } from "@/app/api/auth/[...auth]/route";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { LIMITS } from "@/lib/limits";
import { buildUser, uniqueEmail } from "../../helpers/factories";
import { BASE } from "../../helpers/http";
import { randomTestIp } from "../../helpers/limits";

const cookieHeader = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");

async function signIn(email: string, password: string, ip: string) {
  const csrfRes = await authGET(new Request(`${BASE}/api/auth/csrf`));
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await authPOST(
    new Request(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(csrfRes), "X-Auth-Return-Redirect": "1", [CLIENT_IP_HEADER]: ip },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${BASE}/seminars` }),
    }),
  );
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown>, signedIn: res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)), retryAfter: res.headers.get("retry-after") };
}

const code = (r: { body: Record<string, unknown> }) => (typeof r.body.url === "string" ? new URL(r.body.url).searchParams.get("code") : null);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe("failed sign-ins per account and address", () => {
  const limit = LIMITS.signInAccountIp.points;

  it(`the ${limit + 1}th try after ${limit} failures for one account from one address is a 429 with the wait; the owner elsewhere still signs in`, async () => {
    const { user, password } = await buildUser();
    const attacker = randomTestIp();
    for (let i = 0; i < limit; i++) {
      const r = await signIn(user.email, `guess ${i}`, attacker);
      expect(code(r), `failure ${i + 1}`).toBe("invalid_credentials");
    }
    const refused = await signIn(user.email, password, attacker);
    expect(refused.status, refused.text).toBe(429);
    expect(refused.body).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/^Too many failed sign-ins for this email\. Wait \d+ minutes and try again\.$/) } });
    expect(Number(refused.retryAfter)).toBeGreaterThan(14 * 60);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(15 * 60);
    expect(refused.signedIn).toBe(false);

    // No lock-out: the owner, from their own address, signs in with the right password.
    const owner = await signIn(user.email, password, randomTestIp());
    expect(owner.status, owner.text).toBe(200);
    expect(owner.body).toEqual({ url: `${BASE}/seminars` });
    expect(owner.signedIn).toBe(true);
  });

  it("the failure records hold no email and expire within the window", async () => {
    const { user } = await buildUser();
    const ip = randomTestIp();
    await signIn(user.email, "wrong", ip);
    const rows = await db().$queryRaw<{ key: string; points: number; expire: bigint }[]>`SELECT key, points, expire FROM rate_limits WHERE key LIKE ${"%" + ip}`;
    expect(rows.map((r) => r.key.split(":")[0]).sort()).toEqual(["signInAccountIp", "signInIp"]);
    for (const r of rows) {
      expect(r.key).not.toContain(user.email);
      expect(r.key).not.toContain(user.email.split("@")[0]);
      expect(Number(r.expire) - Date.now()).toBeGreaterThan(0);
      expect(Number(r.expire) - Date.now()).toBeLessThanOrEqual(LIMITS.signInAccountIp.seconds * 1000);
    }
  });
});

describe("failed sign-ins per address (password spraying)", () => {
  const limit = LIMITS.signInIp.points;

  it(`one address trying many accounts is refused after ${limit} failures, even for a right password; other addresses are not`, async () => {
    const victim = await buildUser();
    const sprayer = randomTestIp();
    for (let i = 0; i < limit; i++) {
      // A different account every time: the per-account limit never triggers.
      const r = await signIn(i % 10 === 0 ? victim.user.email : uniqueEmail("spray"), "Summer2026!", sprayer);
      expect(code(r), `failure ${i + 1}: ${r.text}`).toBe("invalid_credentials");
    }
    const refused = await signIn(uniqueEmail("spray"), "Summer2026!", sprayer);
    expect(refused.status, refused.text).toBe(429);
    expect(refused.body).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/^Too many failed sign-ins from your network\. Wait \d+ minutes and try again\.$/) } });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await signIn(victim.user.email, victim.password, sprayer)).status).toBe(429);
    expect((await signIn(victim.user.email, victim.password, randomTestIp())).signedIn).toBe(true);
  }, 120_000); // a hundred argon2 checks on a busy machine

  it("successful sign-ins from one address do not count: a class signing in from one network is not slowed", async () => {
    const campus = randomTestIp();
    const people = await Promise.all(Array.from({ length: 3 }, () => buildUser()));
    for (let round = 0; round < Math.ceil((limit + 5) / people.length); round++) {
      for (const p of people) {
        const r = await signIn(p.user.email, p.password, campus);
        expect(r.signedIn, `round ${round}: ${r.text}`).toBe(true);
      }
    }
  }, 120_000);
});

describe("sign-in does not reveal which emails have accounts", () => {
  it("an unknown email and a wrong password get the same status and body, in comparable time (median of 10 each within 2x)", async () => {
    const { user } = await buildUser();
    const unknown = uniqueEmail("nobody");
    const first = await Promise.all([signIn(unknown, "some password", randomTestIp()), signIn(user.email, "some password", randomTestIp())]);
    expect(first[0].status).toBe(first[1].status);
    expect(first[0].text).toBe(first[1].text);
    expect(first[0].body).toEqual({ url: `${BASE}/signin?error=CredentialsSignin&code=invalid_credentials` });

    // Interleaved, each from a fresh address so no limit is involved: the two paths do the same
    // work (an argon2 verify, against a dummy hash for the unknown email). A property, not a speed target.
    const times = { unknown: [] as number[], wrong: [] as number[] };
    for (let i = 0; i < 10; i++) {
      for (const [kind, email] of [["unknown", unknown], ["wrong", user.email]] as const) {
        const t0 = performance.now();
        const r = await signIn(email, `attempt ${i}`, randomTestIp());
        times[kind].push(performance.now() - t0);
        expect(r.text).toBe(first[0].text);
      }
    }
    const [a, b] = [median(times.unknown), median(times.wrong)];
    expect(Math.max(a, b) / Math.min(a, b), `medians: unknown ${a.toFixed(1)} ms, wrong password ${b.toFixed(1)} ms`).toBeLessThan(2);
  });
});

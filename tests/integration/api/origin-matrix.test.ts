// The origin matrix: every unsafe method (POST, PUT, PATCH, DELETE) of every route file under
// app/api/v1, asked from another site with a session cookie, must be refused with 403 and the
// cross-site message before anything runs; the same requests with an API token are not refused by
// the origin rule. Routes are found by reading app/api/v1, so a new unsafe route cannot escape.
//
// "Sibling subdomain" here: the test requests go to http://localhost:3000, so a sibling is
// http://evil.localhost:3000, a different host on the same site (browsers treat *.localhost as
// localhost's subdomains, and SameSite=Lax cookies would ride along from it).
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as joinCode from "@/app/api/v1/seminars/[id]/join-code/route";
import * as seminar from "@/app/api/v1/seminars/[id]/route";
import * as hidden from "@/app/api/v1/comments/[id]/hidden/route";
import * as threads from "@/app/api/v1/seminars/[id]/threads/route";
import * as users from "@/app/api/v1/users/route";
import { CROSS_SITE_MESSAGE } from "@/lib/http/origin";
import { buildClass, buildComment, buildThread, buildToken, buildUser, sessionCookie, uniqueEmail, type BuiltUser } from "../../helpers/factories";
import { BASE, call, type Handler } from "../../helpers/http";

const UNSAFE = ["POST", "PUT", "PATCH", "DELETE"] as const;

interface Attack {
  name: string;
  headers: Record<string, string>;
  /** The body and its Content-Type: what a cross-site form or fetch without preflight can send. */
  body: { type: string; text: string };
}

const JSON_BODY = { type: "application/json", text: "{}" };
const ATTACKS: Attack[] = [
  { name: "a foreign Origin", headers: { origin: "https://evil.example" }, body: JSON_BODY },
  { name: "a sibling-subdomain Origin", headers: { origin: "http://evil.localhost:3000" }, body: JSON_BODY },
  { name: "no Origin and Sec-Fetch-Site: cross-site", headers: { "sec-fetch-site": "cross-site" }, body: JSON_BODY },
  { name: "a text/plain body from a foreign Origin", headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, body: { type: "text/plain", text: '{"name":"x"}' } },
  {
    name: "a form body from a sibling subdomain",
    headers: { origin: "http://evil.localhost:3000", "sec-fetch-site": "same-site" },
    body: { type: "application/x-www-form-urlencoded", text: "name=x&code=x" },
  },
  { name: "a form body with neither Origin nor Sec-Fetch-Site", headers: {}, body: { type: "application/x-www-form-urlencoded", text: "name=x" } },
];

interface UnsafeRoute {
  method: (typeof UNSAFE)[number];
  /** e.g. /api/v1/seminars/[id]/join-code */
  pattern: string;
  handler: Handler;
}

/** Every exported unsafe handler under app/api/v1, read from the file system. */
async function unsafeRoutes(): Promise<UnsafeRoute[]> {
  const root = path.resolve("app/api/v1");
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts").sort();
  const found: UnsafeRoute[] = [];
  for (const file of files) {
    const pattern = ("/api/v1/" + path.dirname(file).split(path.sep).join("/")).replace(/\/\.$/, "");
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    for (const method of UNSAFE) if (typeof mod[method] === "function") found.push({ method, pattern, handler: mod[method] as Handler });
  }
  return found;
}

/** Plausible params for a route pattern: the origin rule must refuse before any lookup. */
function paramsFor(pattern: string): { params: Record<string, string | string[]>; url: string } {
  const params: Record<string, string | string[]> = {};
  const url = pattern.replace(/\[(\.\.\.)?(\w+)\]/g, (_m, rest: string | undefined, key: string) => {
    const value = rest ? ["no", "such", "endpoint"] : key === "kind" ? "insight" : `origin${key}`;
    params[key] = value;
    return Array.isArray(value) ? value.join("/") : value;
  });
  return { params, url };
}

async function send(r: UnsafeRoute, attack: Attack, credentials: { cookie: string } | { token: string }) {
  const { params, url } = paramsFor(r.pattern);
  const headers = new Headers({ ...attack.headers, "content-type": attack.body.type });
  if ("cookie" in credentials) headers.set("cookie", credentials.cookie);
  else headers.set("authorization", `Bearer ${credentials.token}`);
  const req = new Request(BASE + url, { method: r.method, headers, body: attack.body.text });
  const res = await r.handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, text };
}

const isOriginRefusal = (r: { status: number; text: string }) => r.status === 403 && r.text.includes(CROSS_SITE_MESSAGE);

/** The object with this id anywhere in a JSON value. */
function findById(value: unknown, id: string): unknown {
  if (!value || typeof value !== "object") return undefined;
  if ((value as { id?: unknown }).id === id) return value;
  for (const v of Object.values(value)) {
    const hit = findById(v, id);
    if (hit) return hit;
  }
  return undefined;
}

let routes: UnsafeRoute[] = [];
let me: BuiltUser;
let cookie: string;
let token: string;

beforeAll(async () => {
  routes = await unsafeRoutes();
  me = await buildUser();
  cookie = await sessionCookie(me.user);
  token = (await buildToken(me.actor, "origin matrix")).token;
});

describe("the origin matrix of /api/v1", () => {
  it("finds the unsafe routes, including the body-less ones the issue names", () => {
    const names = routes.map((r) => `${r.method} ${r.pattern}`);
    expect(names.length).toBeGreaterThan(20);
    expect(names).toContain("POST /api/v1/seminars/[id]/join-code");
    expect(names).toContain("POST /api/v1/comments/[id]/hidden");
    expect(names).toContain("POST /api/v1/users");
  });

  for (const attack of ATTACKS) {
    it(`with a session cookie, ${attack.name} is refused on every unsafe route with 403 and the message`, async () => {
      const problems: string[] = [];
      for (const r of routes) {
        const res = await send(r, attack, { cookie });
        if (!isOriginRefusal(res)) problems.push(`${r.method} ${r.pattern}: ${res.status} ${res.text.slice(0, 160)}`);
        else expect(JSON.parse(res.text)).toEqual({ error: { code: "FORBIDDEN", message: CROSS_SITE_MESSAGE } });
      }
      expect(problems.join("\n")).toBe("");
    });

    it(`with an API token, ${attack.name} is not refused by the origin rule on any unsafe route`, async () => {
      const problems: string[] = [];
      for (const r of routes) {
        const res = await send(r, attack, { token });
        if (isOriginRefusal(res) || res.status >= 500) problems.push(`${r.method} ${r.pattern}: ${res.status} ${res.text.slice(0, 160)}`);
      }
      expect(problems.join("\n")).toBe("");
    });
  }
});

describe("a refused cross-site request changes nothing", () => {
  it("regenerating a join code from another site leaves the code as it was", async () => {
    const { instructor, seminar: s } = await buildClass([]);
    const teacherCookie = await sessionCookie(instructor.user);
    const refused = await call(joinCode.POST, {
      url: `/api/v1/seminars/${s.id}/join-code`,
      params: { id: s.id },
      method: "POST",
      headers: { origin: "http://evil.localhost:3000" },
      auth: { cookie: teacherCookie },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: { code: "FORBIDDEN", message: CROSS_SITE_MESSAGE } });
    const after = await call(seminar.GET, { url: `/api/v1/seminars/${s.id}`, params: { id: s.id }, auth: { cookie: teacherCookie } });
    expect((after.body as { joinCode: string }).joinCode).toBe(s.joinCode);

    // The same click on the Colloquy page itself works: the rule is about where, not who.
    const ok = await call(joinCode.POST, { url: `/api/v1/seminars/${s.id}/join-code`, params: { id: s.id }, method: "POST", auth: { cookie: teacherCookie } });
    expect(ok.status).toBe(200);
    expect((ok.body as { joinCode: string }).joinCode).not.toBe(s.joinCode);
  });

  it("hiding a comment from another site leaves it shown", async () => {
    const { instructor, seminar: s, students } = await buildClass(["Sam"]);
    const t = await buildThread(students[0].actor, s.id);
    const c = await buildComment(students[0].actor, t.id, "Visible and staying so.");
    const teacherCookie = await sessionCookie(instructor.user);
    const refused = await call(hidden.POST, {
      url: `/api/v1/comments/${c.id}/hidden`,
      params: { id: c.id },
      method: "POST",
      headers: { "sec-fetch-site": "cross-site" },
      auth: { cookie: teacherCookie },
    });
    expect(refused.status).toBe(403);
    const view = await call(threads.GET, { url: `/api/v1/seminars/${s.id}/threads`, params: { id: s.id }, auth: { cookie: teacherCookie } });
    expect(view.status).toBe(200);
    const found = findById(view.body, c.id) as { hidden?: boolean } | undefined;
    expect(found?.hidden).toBe(false);
  });

  it("a sign-up posted from another site creates no account", async () => {
    const email = uniqueEmail("csrf");
    const json = { email, password: "long enough password", name: "Forged" };
    const refused = await call(users.POST, { url: "/api/v1/users", json, headers: { origin: "https://evil.example" } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: { code: "FORBIDDEN", message: CROSS_SITE_MESSAGE } });
    // Had the forged request created the account, this would be a 409.
    expect((await call(users.POST, { url: "/api/v1/users", json })).status).toBe(201);
  });
});

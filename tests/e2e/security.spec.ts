// The app under its Content-Security-Policy: the room (a thread opened, a comment posted), the
// dashboard and the Export menu work with no CSP violation reported, and pages, API responses,
// socket polling, static files and the HTML export carry the security headers.
import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { DashboardPage } from "./pages/dashboard";
import { ExportMenu } from "./pages/export-menu";
import { newMember, seminarWith } from "./pages/room";

test.describe.configure({ timeout: 120_000 });

declare global {
  interface Window {
    __cspViolations: string[];
  }
}

/** Collects CSP violations two ways: the DOM event (in every document of the page) and the console. */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error" && /Content[- ]Security[- ]Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  return seen;
}

async function violations(page: Page, fromConsole: string[]): Promise<string[]> {
  const fromDom = await page.evaluate(() => window.__cspViolations ?? []);
  return [...fromConsole, ...fromDom];
}

type Headers = Record<string, string>;
const headersOf = (r: Response | APIResponse | null): Headers => {
  expect(r).not.toBeNull();
  return r!.headers();
};

/** The headers every response carries. */
function expectStaticHeaders(h: Headers, what: string) {
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], what).toMatch(/camera=\(\)/);
  // http here: no HSTS (it is only sent when AUTH_URL is https).
  expect(h["strict-transport-security"], what).toBeUndefined();
  expect(h["content-security-policy"], what).toMatch(/frame-ancestors 'none'/);
}

function expectStrictApiCsp(h: Headers, what: string) {
  expectStaticHeaders(h, what);
  expect(h["content-security-policy"], what).toBe("default-src 'none'; frame-ancestors 'none'");
}

/** The page's CSP and its nonce; the page's scripts carry that nonce. */
async function expectPageCsp(page: Page, r: Response | null): Promise<string> {
  const h = headersOf(r);
  expectStaticHeaders(h, `page ${page.url()}`);
  const csp = h["content-security-policy"];
  const nonce = csp.match(/script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  for (const d of ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "img-src 'self' data:"]) expect(csp).toContain(d);
  const scripts = await page.evaluate(() => [...document.querySelectorAll("script")].map((s) => ({ src: s.src, nonce: s.nonce })));
  const inline = scripts.filter((s) => !s.src);
  expect(inline.length).toBeGreaterThan(0);
  for (const s of inline) expect(s.nonce).toBe(nonce);
  return nonce!;
}

test("the room, the dashboard and the Export menu work under the CSP with no violation", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const sam = await newMember(browser, "Sam Student");
  const seenAda = await watchCsp(ada.page);
  const seenSam = await watchCsp(sam.page);
  const seminar = await seminarWith(ada, [sam]);

  // The room: Sam opens a thread on paragraph 2 and Ada replies to it, live.
  const first = await sam.page.goto(`/seminars/${seminar}`);
  const nonce = await expectPageCsp(sam.page, first);
  await sam.room.goto(seminar, sam.who.name);
  await ada.room.goto(seminar, ada.who.name);
  await sam.room.startThread(2, "Who gave up Port Arthur, and for what?");
  await expect(sam.room.thread("Who gave up Port Arthur")).toBeVisible();
  await ada.room.openMargin(2);
  await ada.room.reply(ada.room.thread("Who gave up Port Arthur"), 2, "Read the next paragraph before you decide.");
  await expect(ada.room.comment("Read the next paragraph")).toBeVisible();
  await sam.room.openMargin(2);
  await expect(sam.room.comment("Read the next paragraph")).toBeVisible();

  // A second page load gets a fresh nonce.
  const again = await sam.page.goto(`/seminars/${seminar}`);
  expect(await expectPageCsp(sam.page, again)).not.toBe(nonce);

  // The Export menu: opened, and the HTML transcript downloaded through it.
  await ada.room.goto(seminar, ada.who.name);
  const menu = new ExportMenu(ada.page);
  await menu.openWithKeyboard();
  const html = await menu.download("html");
  expect(html.text).toContain("Who gave up Port Arthur");
  await menu.closeWithEscape();

  // The dashboard.
  const dashboard = new DashboardPage(ada.page);
  const dash = await ada.page.goto(`/seminars/${seminar}/dashboard`);
  await expectPageCsp(ada.page, dash);
  await dashboard.goto(seminar);
  await expect(dashboard.heatCell(2)).toHaveAttribute("data-silent", "false");

  expect(await violations(ada.page, seenAda)).toEqual([]);
  expect(await violations(sam.page, seenSam)).toEqual([]);
  await ada.context.close();
  await sam.context.close();
});

test("sign-in and sign-out from the pages still work under the CSP and the origin rule", async ({ browser }) => {
  const bea = await newMember(browser, "Bea Reader");
  const seen = await watchCsp(bea.page);
  await bea.page.goto("/seminars");
  await bea.page.getByRole("button", { name: "Sign out" }).click();
  await expect(bea.page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await bea.page.goto("/signin");
  await bea.page.getByLabel("Email").fill(bea.who.email);
  await bea.page.getByLabel("Password").fill(bea.who.password);
  await bea.page.getByRole("button", { name: "Sign in" }).click();
  await expect(bea.page).toHaveURL(/\/seminars$/);
  await expect(bea.page.getByRole("link", { name: "Bea Reader" })).toBeVisible();
  expect(await violations(bea.page, seen)).toEqual([]);
  await bea.context.close();
});

test("security headers on a page, an API response, socket polling, a static file and the HTML export", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const seminar = await seminarWith(ines, []);

  const page = await ines.page.goto("/seminars");
  await expectPageCsp(ines.page, page);

  const api = await ines.page.request.get("/api/v1/me");
  expect(api.status()).toBe(200);
  expectStrictApiCsp(headersOf(api), "GET /api/v1/me");

  const missing = await ines.page.request.get("/api/v1/no/such/thing");
  expect(missing.status()).toBe(404);
  expectStrictApiCsp(headersOf(missing), "an unknown API path");

  const exported = await ines.page.request.get(`/api/v1/seminars/${seminar}/export?format=html`);
  expect(exported.status()).toBe(200);
  expect(headersOf(exported)["content-type"]).toMatch(/text\/html/);
  expectStrictApiCsp(headersOf(exported), "the HTML export");
  // The file keeps its own policy for when it is opened from disk.
  expect(await exported.text()).toMatch(/<meta http-equiv="Content-Security-Policy"/i);

  const polling = await ines.page.request.get("/socket.io/?EIO=4&transport=polling");
  expect(polling.status()).toBe(200);
  expectStrictApiCsp(headersOf(polling), "Socket.IO polling");

  const script = await ines.page.evaluate(() => [...document.querySelectorAll("script[src]")].map((s) => (s as HTMLScriptElement).src).find((src) => src.includes("/_next/static/")));
  expect(script).toBeTruthy();
  const file = await ines.page.request.get(script!);
  expect(file.status()).toBe(200);
  expectStrictApiCsp(headersOf(file), "a static file");
  await ines.context.close();
});

// `npm run demo:screenshot`: the pictures in docs/screenshots/ (the table SHOTS below) from a
// real run: a fresh database (on DATABASE_URL's server, or the embedded one for tests), seeded
// with `npm run demo:seed`'s seminar, the production build on a free port, and Chromium signed
// in as the demo instructor or a demo student. The database is dropped and the server stopped
// afterwards. `npm run demo:screenshot -- room` makes only the shots whose file starts so.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import nextEnv from "@next/env";
import { chromium, type BrowserContextOptions, type Page } from "@playwright/test";
import { disconnectDb } from "@/lib/db/client";
import { deployMigrations } from "@/lib/db/migrations";
import { parseEnv } from "@/lib/env";
import { openTestServer, type TestServer } from "./lib/test-databases";
import { DEMO, seedDemo } from "./demo-seed";
import { freePort } from "./lib/net";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const OUT = path.join(process.cwd(), "docs", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve) => spawn(cmd, args, { stdio: "inherit" }).on("exit", (code) => resolve(code ?? 1)));
}

async function waitForHealth(url: string, child: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not answer /api/health within two minutes");
}


interface Shot {
  file: string;
  as: "instructor" | "student";
  context: BrowserContextOptions;
  fullPage?: boolean;
  /** Photograph this element only (a CSS selector), not the viewport. */
  element?: string;
  /** Brings the page to the state to photograph. */
  take: (page: Page, seminarId: string) => Promise<void>;
}

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function dashboard(page: Page, seminarId: string) {
  await page.goto(`/seminars/${seminarId}/dashboard`);
  await page.getByTestId("dashboard-connection").filter({ hasText: /^Live$/ }).waitFor();
  // Sorted by words, most first: the view an instructor would likely pick.
  await page.getByRole("button", { name: /^Words/ }).click();
}

async function room(page: Page, seminarId: string) {
  await page.goto(`/seminars/${seminarId}`);
  await page.getByText("Live", { exact: true }).first().waitFor();
}

/** The room with the discussion of the busiest paragraph open. */
async function roomWithThreads(page: Page, seminarId: string) {
  await room(page, seminarId);
  const busiest = await page.locator("[data-threads]").evaluateAll((rows) =>
    rows.map((r) => ({ id: r.id, n: Number(r.getAttribute("data-threads")) })).sort((a, b) => b.n - a.n)[0]?.id,
  );
  await page.locator(`#${busiest} .margin-count`).click();
  await page.locator(".thread").first().waitFor();
}

/** Paragraph 3 entered from the keyboard, a sentence selected by keys, then extended by a word. */
async function keyboardSelection(page: Page, seminarId: string) {
  await room(page, seminarId);
  const text = page.locator("#p-3 .paragraph-text");
  await text.scrollIntoViewIfNeeded();
  await text.focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+ArrowRight");
  await page.getByRole("button", { name: "Comment on this passage" }).waitFor();
  await page.evaluate(() => window.scrollBy(0, -120));
}

/** The live-feed controls: announcements narrowed to mentions and my threads, the feed paused. */
async function announcements(page: Page, seminarId: string) {
  await room(page, seminarId);
  await page.getByLabel("Announce").selectOption("mine");
  await page.getByRole("button", { name: "Pause live feed" }).click();
  await page.getByText("Paused: new comments wait here.").waitFor();
}

const SHOTS: Shot[] = [
  { file: "dashboard.png", as: "instructor", context: { ...DESKTOP, colorScheme: "light" }, fullPage: true, take: dashboard },
  { file: "dashboard-dark.png", as: "instructor", context: { ...DESKTOP, colorScheme: "dark" }, fullPage: true, take: dashboard },
  { file: "room.png", as: "student", context: { ...DESKTOP, colorScheme: "light" }, take: roomWithThreads },
  { file: "room-phone.png", as: "student", context: { ...PHONE, colorScheme: "light" }, take: roomWithThreads },
  { file: "room-dark.png", as: "instructor", context: { ...DESKTOP, colorScheme: "dark" }, take: roomWithThreads },
  { file: "keyboard-selection.png", as: "student", context: { ...DESKTOP, colorScheme: "light" }, take: keyboardSelection },
  { file: "announcements.png", as: "student", context: { ...DESKTOP, colorScheme: "light" }, element: ".room-tools", take: announcements },
];

async function signIn(page: Page, as: Shot["as"]) {
  const who = as === "instructor" ? DEMO.instructor : { email: `${DEMO.students[0][0]}@demo.colloquy.example`, password: DEMO.studentPassword };
  await page.goto("/signin");
  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>("form button[type=submit]")?.disabled);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
}

let server: TestServer | undefined;
let app: ChildProcess | undefined;
let code = 0;
try {
  if ((await run(process.execPath, ["scripts/build-if-needed.mjs"])) !== 0) throw new Error("the build failed");
  const env = parseEnv();
  server = await openTestServer(env.DATABASE_URL, env.COLLOQUY_DATA_DIR);
  const url = await server.createDatabase("screenshot");
  await deployMigrations(url);
  process.env.DATABASE_URL = url;
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const { seminarId } = await seedDemo(origin);
  await disconnectDb();

  app = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1", TSX_TSCONFIG_PATH: "tsconfig.server.json" },
  });
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, app);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP localhost 127.0.0.1, MAP * ~NOTFOUND"],
  });
  try {
    const only = process.argv[2];
    for (const shot of SHOTS.filter((s) => !only || s.file.startsWith(only))) {
      const context = await browser.newContext({ baseURL: origin, deviceScaleFactor: 1, reducedMotion: "reduce", ...shot.context });
      const page = await context.newPage();
      await signIn(page, shot.as);
      await shot.take(page, seminarId);
      await page.mouse.move(0, 0);
      const file = path.join(OUT, shot.file);
      if (shot.element) await page.locator(shot.element).screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: shot.fullPage ?? false });
      console.log(`screenshot: ${path.relative(process.cwd(), file)}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
} catch (err) {
  console.error(err);
  code = 1;
} finally {
  if (app && app.exitCode === null) {
    const exited = new Promise((r) => app!.once("exit", r));
    app.kill("SIGTERM");
    await exited;
  }
  await disconnectDb().catch(() => {});
  await server?.close();
}
process.exit(code);

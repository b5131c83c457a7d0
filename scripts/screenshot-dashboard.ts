// `npm run demo:screenshot`: docs/screenshots/dashboard.png (and dashboard-dark.png) from a real
// run: a fresh database (on DATABASE_URL's server, or the embedded one for tests), seeded with
// `npm run demo:seed`'s seminar, the production build on a free port, and Chromium signed in as
// the demo instructor. The database is dropped and the server stopped afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import nextEnv from "@next/env";
import { chromium } from "@playwright/test";
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
    for (const scheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: scheme, reducedMotion: "reduce" });
      const page = await context.newPage();
      await page.goto("/signin");
      await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>("form button[type=submit]")?.disabled);
      await page.getByLabel("Email").fill(DEMO.instructor.email);
      await page.getByLabel("Password").fill(DEMO.instructor.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
      await page.goto(`/seminars/${seminarId}/dashboard`);
      await page.getByTestId("dashboard-connection").filter({ hasText: /^Live$/ }).waitFor();
      // Sorted by words, most first: the view an instructor would likely pick.
      await page.getByRole("button", { name: /^Words/ }).click();
      await page.mouse.move(0, 0);
      const file = path.join(OUT, scheme === "light" ? "dashboard.png" : "dashboard-dark.png");
      await page.screenshot({ path: file, fullPage: true });
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

// `npm test`: every check, in order, stopping at the first that fails:
//   typecheck -> lint -> db-check (schema.prisma vs migrations) -> unit -> integration -> e2e
// (integration and e2e make the production build first when the sources changed since the last.)
// `npm test -- unit integration` (or npm run test:integration / test:e2e) runs a subset.
// Integration and browser tests each get a fresh database of their own (scripts/lib/test-databases.ts),
// dropped at the end; the database server is DATABASE_URL's, or the embedded one when unset.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { deployMigrations, schemaDrift } from "@/lib/db/migrations";
import { parseEnv } from "@/lib/env";
import { openTestServer, type TestServer } from "./lib/test-databases";
import { freePort } from "./lib/net";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const ALL = ["typecheck", "lint", "db-check", "unit", "integration", "e2e"] as const;
type Step = (typeof ALL)[number];
// Arguments that look like paths (tests/integration/exports, room.spec.ts) narrow the vitest and
// Playwright steps to those files: `npm test -- integration tests/integration/exports`.
const isFilter = (a: string) => a.includes("/") || /\.(spec|test)\.ts$/.test(a);
const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const filters = args.filter(isFilter);
/**
 * The filters one step takes: a path under tests/<folder>/ goes only to that folder's step, so one
 * call can narrow several steps at once (`npm test -- integration e2e tests/integration/db
 * tests/e2e/reading.spec.ts`, as .ci/run's smoke pass does); any other filter goes to every step.
 */
function filtersFor(step: "unit" | "integration" | "e2e"): string[] {
  return filters.filter((f) => {
    const folder = f.replace(/^\.\//, "").match(/^tests\/([^/]+)\//)?.[1];
    return !folder || folder === step;
  });
}
const asked = args.filter((a) => !isFilter(a));
const unknown = asked.filter((a) => !(ALL as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`unknown step(s): ${unknown.join(", ")}; steps are: ${ALL.join(", ")}`);
  process.exit(2);
}
const steps: Step[] = asked.length ? ALL.filter((s) => asked.includes(s)) : [...ALL];
const env = parseEnv();
/** Integration tests mint session cookies with this; it signs nothing outside the test run. */
const TEST_AUTH_SECRET = "integration-tests-only-secret-0123456789abcdef";
const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);
const reports = path.join(process.cwd(), "test-results");
fs.mkdirSync(reports, { recursive: true });

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Test counts read from the runners' JSON reports, for the closing line. */
const counts = { passed: 0, failed: 0, skipped: 0 };
function countVitest(file: string) {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  counts.passed += r.numPassedTests ?? 0;
  counts.failed += r.numFailedTests ?? 0;
  counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
function countPlaywright(file: string) {
  if (!fs.existsSync(file)) return;
  const s = JSON.parse(fs.readFileSync(file, "utf8")).stats ?? {};
  counts.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  counts.failed += s.unexpected ?? 0;
  counts.skipped += s.skipped ?? 0;
}

let server: TestServer | undefined;
const needsDb = steps.some((s) => s === "db-check" || s === "integration" || s === "e2e");

async function step(name: Step): Promise<number> {
  const banner = (s: string) => console.log(`\n━━ ${s}`);
  switch (name) {
    case "typecheck":
      banner("type check (tsc)");
      return run(bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
    case "lint":
      banner("lint (eslint)");
      return run(bin("eslint"), ["--max-warnings=0", "."]);
    case "db-check": {
      banner("schema.prisma and prisma/migrations agree");
      const drift = await schemaDrift(server!.adminUrl);
      if (!drift) {
        console.log("they agree");
        return 0;
      }
      console.error(`they disagree; run npm run db:migrate -- --name <change>. Missing SQL:\n${drift}`);
      return 1;
    }
    case "unit": {
      banner("unit tests (vitest)");
      const out = path.join(reports, "unit.json");
      fs.rmSync(out, { force: true });
      const code = await run(bin("vitest"), ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...filtersFor("unit")]);
      countVitest(out);
      return code;
    }
    case "integration": {
      // The fault tests (tests/integration/server) run the real server.ts, whose production
      // mode needs a Next build; this skips when the sources are unchanged since the last one.
      const built = await run(process.execPath, ["scripts/build-if-needed.mjs"]);
      if (built !== 0) return built;
      banner(`integration tests (vitest, real PostgreSQL from ${server!.kind})`);
      const url = await server!.createDatabase("integration");
      await deployMigrations(url);
      const out = path.join(reports, "integration.json");
      fs.rmSync(out, { force: true });
      const code = await run(
        bin("vitest"),
        ["run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...filtersFor("integration")],
        { DATABASE_URL: url, TEST_ADMIN_DATABASE_URL: server!.adminUrl, NODE_ENV: "test", AUTH_SECRET: TEST_AUTH_SECRET },
      );
      countVitest(out);
      return code;
    }
    case "e2e": {
      banner("browser tests (Playwright, Chromium)");
      const built = await run(process.execPath, ["scripts/build-if-needed.mjs"]);
      if (built !== 0) return built;
      const url = await server!.createDatabase("e2e");
      const out = path.join(reports, "e2e.json");
      fs.rmSync(out, { force: true });
      const code = await run(bin("playwright"), ["test", "--reporter=list,json", ...filtersFor("e2e")], {
        DATABASE_URL: url,
        E2E_PORT: String(await freePort()),
        PLAYWRIGHT_JSON_OUTPUT_NAME: out,
      });
      countPlaywright(out);
      return code;
    }
  }
}

let failedStep: string | undefined;
try {
  if (needsDb) server = await openTestServer(env.DATABASE_URL, env.COLLOQUY_DATA_DIR);
  for (const s of steps) {
    if ((await step(s)) !== 0) {
      failedStep = s;
      break;
    }
  }
} catch (err) {
  console.error(err);
  failedStep ??= "setup";
} finally {
  await server?.close().catch((e) => console.error(`could not clean up test databases: ${e.message}`));
}

console.log("");
if (failedStep) console.log(`npm test: the "${failedStep}" step failed`);
else console.log(`npm test: all ${steps.length} step(s) passed (${steps.join(", ")})`);
const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
process.exit(failedStep ? 1 : 0);

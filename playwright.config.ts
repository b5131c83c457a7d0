// Browser tests against the production build, started like `npm start` does but on a port and
// database of the test run's own (scripts/test.ts sets E2E_PORT and DATABASE_URL).
import fs from "node:fs";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3101);

// Debian's /usr/bin/chromium on these machines; Playwright's own browser elsewhere
// (`npx playwright install chromium` on a machine with internet).
const executablePath =
  process.env.CHROMIUM_PATH || process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: "list",
  outputDir: "test-results/e2e",
  use: {
    // "localhost", not 127.0.0.1: Next rewrites loopback IPs to localhost, and auth cookies
    // must stay on one origin.
    baseURL: `http://localhost:${PORT}`,
    browserName: "chromium",
    trace: "retain-on-failure",
    // No smooth scrolling: "is the linked paragraph in view" must not race an animation.
    reducedMotion: "reduce",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // Chromium resolves nothing but localhost: no lookups of Google hosts on a closed network.
        "--host-resolver-rules=MAP localhost 127.0.0.1, MAP * ~NOTFOUND",
      ],
    },
  },
  webServer: {
    command: "node --import tsx server.ts",
    url: `http://127.0.0.1:${PORT}/api/health`,
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      NEXT_TELEMETRY_DISABLED: "1",
      TSX_TSCONFIG_PATH: "tsconfig.server.json",
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});

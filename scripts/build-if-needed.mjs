#!/usr/bin/env node
// `npm start` runs the production build; this makes one when there is none or when a source
// file is newer than it, so a fresh clone needs no separate build step.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "lib", "proxy.ts", "instrumentation-client.ts", "next.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const skip = new Set(["node_modules", ".next", "generated"]);

function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs; // a deleted file changes its folder's mtime
  for (const e of fs.readdirSync(p)) if (!skip.has(e)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const changed = Math.max(...sources.map((s) => newest(path.join(root, s))));
if (built && changed <= built) process.exit(0);

console.log(built ? "colloquy: sources changed since the last build; building…" : "colloquy: no production build yet; building (about a minute)…");
const r = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(r.status ?? 1);

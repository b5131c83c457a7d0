#!/usr/bin/env node
// Generates the Prisma client into lib/db/generated (runs at `npm install`/`npm ci`).
// Prisma's CLI would otherwise download a native schema engine it does not need for
// `generate`; pointing it at an existing file skips that download, so this works offline.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const r = spawnSync(process.execPath, [cli, "generate", "--no-hints"], { stdio: "inherit", env });
process.exit(r.status ?? 1);

// Prisma migrations without the native engine: `deploy`, `status`, `diff` (the check that
// schema.prisma and prisma/migrations agree) and `create` (what `prisma migrate dev` does).
// Used by server start-up (deploy) and scripts/db-cli.ts. The folders it writes are standard
// Prisma migrations, so `prisma migrate deploy` also works where the native engine exists.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { migrateAdapter } from "./migrate-adapter";
import { postMigrate } from "./post-migrate";

const root = process.cwd();
export const schemaPath = path.join(root, "prisma", "schema.prisma");
export const migrationsDir = path.join(root, "prisma", "migrations");
const filters = { externalTables: [] as string[], externalEnums: [] as string[] };

/* eslint-disable @typescript-eslint/no-explicit-any -- the WASM engine's API is JSON in, JSON out */
type Engine = any;

async function migrationsList() {
  const lockfile = {
    path: "migration_lock.toml",
    content: await fs.readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8").catch(() => null),
  };
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = [];
  for (const e of entries.filter((d) => d.isDirectory())) {
    const content = await fs.readFile(path.join(migrationsDir, e.name, "migration.sql"), "utf8").then(
      (value) => ({ tag: "ok" as const, value }),
      (err: Error) => ({ tag: "error" as const, value: err.message }),
    );
    migrationDirectories.push({ path: e.name, migrationFile: { path: "migration.sql", content } });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir: migrationsDir, lockfile, migrationDirectories, shadowDbInitScript: "" };
}

async function schemaInput() {
  return { files: [{ path: schemaPath, content: await fs.readFile(schemaPath, "utf8") }] };
}

// The WASM module is instantiated once per process: wasm-bindgen's start function must not run
// twice (a second run made later engine calls panic). Each command then makes its own engine.
let wasm: Promise<any> | undefined;
function loadWasm(): Promise<any> {
  wasm ??= (async () => {
    // The engine reports a Rust panic through this global; without it a panic is an opaque TypeError.
    const g = globalThis as any;
    g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m: string) => console.error(`[schema-engine panic] ${m}`) };
    const bgUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg: any = await import(bgUrl);
    const bytes = await fs.readFile(path.join(path.dirname(fileURLToPath(bgUrl)), "schema_engine_bg.wasm"));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as any).__wbindgen_start();
    return bg;
  })();
  return wasm;
}

async function withEngine<T>(url: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const bg = await loadWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(migrateAdapter(url));
  const log = (msg: string) => process.env.DEBUG_SCHEMA_ENGINE && console.error("[schema-engine]", msg);
  const schema = await schemaInput();
  const engine: Engine = await bg.SchemaEngine.new(
    { datamodels: schema.files.map((f) => [f.path, f.content]) },
    log,
    adapter,
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/**
 * Applies pending migrations, then the data steps SQL cannot do (lib/db/post-migrate.ts: e.g.
 * rendering comments.html for older rows); safe to run at every start (Prisma takes an advisory
 * lock; the data steps only touch rows still missing their data).
 */
export async function deployMigrations(url: string): Promise<string[]> {
  const applied = await withEngine(url, async (engine) => {
    const r = await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
    return r.appliedMigrationNames as string[];
  });
  await postMigrate(url);
  return applied;
}

export interface MigrationStatus {
  migrations: number;
  upToDate: boolean;
  failed: string[];
  edited: string[];
  history: unknown;
}

export async function migrationStatus(url: string): Promise<MigrationStatus> {
  return withEngine(url, async (engine) => {
    const list = await migrationsList();
    const d = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters });
    return {
      migrations: list.migrationDirectories.length,
      upToDate: !d.history && !d.failedMigrationNames.length && !d.editedMigrationNames.length,
      failed: d.failedMigrationNames,
      edited: d.editedMigrationNames,
      history: d.history ?? null,
    };
  });
}

/**
 * The SQL that would bring the migrations to schema.prisma; empty when they agree.
 * Replays the migrations in a throw-away shadow database (needs CREATEDB).
 */
export async function schemaDrift(url: string): Promise<string> {
  return withEngine(url, async (engine) => {
    const r = await engine.diff({
      from: { tag: "migrations", ...(await migrationsList()) },
      to: { tag: "schemaDatamodel", ...(await schemaInput()) },
      script: true,
      exitCode: true,
      filters,
    });
    return r.exitCode === 0 ? "" : String(r.stdout ?? "").trim() || "(migrations and schema differ)";
  });
}

export type CreateResult =
  | { created: false; reason: string }
  | { created: true; file: string; warnings: string[] };

/** Like `prisma migrate dev --name X`: applies pending migrations, then writes and applies a new one. */
export async function createMigration(url: string, name: string, opts: { createOnly?: boolean } = {}): Promise<CreateResult> {
  return withEngine(url, async (engine) => {
    const diag = await engine.devDiagnostic({ migrationsList: await migrationsList(), filters });
    if (diag.action.tag === "reset") {
      return { created: false, reason: `the database has drifted from the migrations and needs a reset: ${diag.action.reason}` };
    }
    await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
    const schema = await schemaInput();
    const loss = await engine.evaluateDataLoss({ migrationsList: await migrationsList(), schema, filters });
    const warnings = [
      ...loss.warnings.map((w: { message: string }) => `Warning: ${w.message}`),
      ...loss.unexecutableSteps.map((u: { message: string }) => `Unexecutable: ${u.message}`),
    ];
    const list = await migrationsList();
    const out = await engine.createMigration({ draft: !!opts.createOnly, migrationName: name, migrationsList: list, schema, filters });
    if (out.migrationScript === null) return { created: false, reason: "already in sync: no schema change was found" };
    const dir = path.join(migrationsDir, out.generatedMigrationName);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `migration.${out.extension}`);
    await fs.writeFile(file, out.migrationScript);
    await fs.writeFile(
      path.join(migrationsDir, list.lockfile.path),
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${out.connectorType}"\n`,
    );
    if (!opts.createOnly) await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
    return { created: true, file: path.relative(root, file), warnings };
  });
}

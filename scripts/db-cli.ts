// Database commands without Prisma's native engine (see lib/db/migrations.ts):
//   npm run db:migrate -- --name <what changed> [--create-only]   create + apply a migration
//   npm run db:deploy                                              apply pending migrations
//   npm run db:status                                              applied vs. in prisma/migrations
//   npm run db:check                                               schema.prisma == migrations?
// Uses DATABASE_URL when set, otherwise the embedded PostgreSQL in COLLOQUY_DATA_DIR (shared
// with a running app, or started for the command and stopped after it).
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { connectEmbedded, connectExternal, StartupError, type Database } from "@/lib/db/connect";
import { createMigration, deployMigrations, migrationStatus, schemaDrift } from "@/lib/db/migrations";
import { parseEnv } from "@/lib/env";

nextEnv.loadEnvConfig(process.cwd(), true, { info: () => {}, error: console.error });

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string", short: "n" }, "create-only": { type: "boolean" } },
});
const cmd = positionals[0];
const usage = "usage: db-cli.ts dev --name <name> [--create-only] | deploy | status | check";
if (!["dev", "deploy", "status", "check"].includes(cmd ?? "")) {
  console.error(usage);
  process.exit(2);
}
if (cmd === "dev" && !values.name) {
  console.error("db:migrate needs a name: npm run db:migrate -- --name add_threads");
  process.exit(2);
}

let database: Database | undefined;
let code = 0;
try {
  const env = parseEnv();
  database = env.DATABASE_URL
    ? await connectExternal(env.DATABASE_URL)
    : await connectEmbedded(env.COLLOQUY_DATA_DIR, (l) => console.error(l));
  const url = database.url;
  switch (cmd) {
    case "deploy": {
      const applied = await deployMigrations(url);
      console.log(applied.length ? `Applied:\n${applied.map((n) => `  ${n}`).join("\n")}` : "No pending migrations.");
      break;
    }
    case "status": {
      const s = await migrationStatus(url);
      console.log(`${s.migrations} migration(s) in prisma/migrations`);
      if (s.failed.length) console.log(`Failed: ${s.failed.join(", ")}`);
      if (s.edited.length) console.log(`Edited after being applied: ${s.edited.join(", ")}`);
      if (s.history) console.log(`Differences: ${JSON.stringify(s.history)}`);
      console.log(s.upToDate ? "Database schema is up to date." : "Database schema is NOT up to date (npm run db:deploy).");
      code = s.upToDate ? 0 : 1;
      break;
    }
    case "check": {
      const drift = await schemaDrift(url);
      if (drift) {
        console.error("prisma/schema.prisma and prisma/migrations disagree; create a migration with");
        console.error("  npm run db:migrate -- --name <what changed>\nThe missing SQL:\n" + drift);
        code = 1;
      } else {
        console.log("schema.prisma and prisma/migrations agree.");
      }
      break;
    }
    case "dev": {
      const r = await createMigration(url, values.name!, { createOnly: values["create-only"] });
      if (r.created) {
        r.warnings.forEach((w) => console.warn(w));
        console.log(`Created ${r.file}${values["create-only"] ? " (not applied)" : " and applied it"}`);
      } else {
        console.log(r.reason);
        code = r.reason.startsWith("already") ? 0 : 1;
      }
      break;
    }
  }
} catch (err) {
  console.error(err instanceof StartupError ? `db: ${err.message}` : err);
  code = 1;
} finally {
  await database?.embedded?.stop();
}
process.exit(code);

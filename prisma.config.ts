// Read by the Prisma CLI (generate) and by scripts/db-cli.ts (migrations).
// DATABASE_URL may be unset: generate needs no database, and db-cli fills it in
// from the embedded PostgreSQL when it is.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

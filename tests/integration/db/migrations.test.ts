import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "@/lib/db/embedded";
import { deployMigrations, migrationStatus, schemaDrift } from "@/lib/db/migrations";

const admin = process.env.TEST_ADMIN_DATABASE_URL!;
const name = `colloquy_test_migrations_${randomBytes(3).toString("hex")}`;

afterAll(async () => {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
});

describe("migrations without the native engine", () => {
  it("apply to an empty database, then are a no-op on every later start", async () => {
    const url = await ensureDatabase(admin, name);
    expect(await migrationStatus(url)).toMatchObject({ upToDate: false });
    const first = await deployMigrations(url);
    expect(first.length).toBeGreaterThan(0);
    expect(await deployMigrations(url)).toEqual([]);
    expect(await migrationStatus(url)).toMatchObject({ upToDate: true, failed: [], edited: [] });
  });

  it("find no drift between schema.prisma and the migrations", async () => {
    expect(await schemaDrift(admin)).toBe("");
  });
});

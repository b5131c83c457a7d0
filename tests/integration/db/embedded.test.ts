import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/db/embedded";
import { spawnTs, waitForLine } from "../../helpers/processes";

// A parent the postgres OS user can traverse (postgres runs as that user when we are root).
const base = fs.mkdtempSync(path.join(os.tmpdir(), "colloquy-embedded-"));
fs.chmodSync(base, 0o755);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the embedded PostgreSQL", () => {
  it("keeps its data across a stop and a start", async () => {
    const dataDir = path.join(base, "persist");
    const first = await startEmbeddedPostgres({ dataDir });
    const url = await ensureDatabase(first.adminUrl, "keep");
    await query(url, "create table notes (body text); insert into notes values ('still here')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      const again = await ensureDatabase(second.adminUrl, "keep");
      expect(await query(again, "select body from notes")).toEqual([{ body: "still here" }]);
    } finally {
      await second.stop();
    }
  });

  it("comes up after the process that started it was killed with SIGKILL", async () => {
    const dataDir = path.join(base, "crash");
    const holder = spawnTs("tests/integration/fixtures/hold-embedded.ts", [dataDir], {});
    await waitForLine(holder, /READY (\d+)/);
    const leftover = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));
    expect(alive(leftover)).toBe(true); // the crash left postgres running

    const db = await startEmbeddedPostgres({ dataDir });
    try {
      expect(alive(leftover)).toBe(false);
      expect(await query(db.adminUrl, "select 1 as one")).toEqual([{ one: 1 }]);
    } finally {
      await db.stop();
    }
  });
});

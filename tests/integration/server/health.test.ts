import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { db, disconnectDb } from "@/lib/db/client";
import pkg from "@/package.json";

const realUrl = process.env.DATABASE_URL;

describe("GET /api/health", () => {
  afterEach(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = realUrl;
  });

  it("answers 200 with the version when the database answers", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "up", version: pkg.version });
  });

  it("answers 503 when the database does not", async () => {
    await disconnectDb();
    process.env.DATABASE_URL = "postgresql://nobody@127.0.0.1:1/gone";
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", db: "down", version: pkg.version });
  });

  it("answers 200 while every connection of the app's request pool is busy", async () => {
    // The pool holds 10 connections: 10 slow statements keep all of them busy
    // for longer than a check through that pool would wait.
    // (.then starts them: a Prisma query is lazy until awaited.)
    const slow = Array.from({ length: 10 }, () => db().$queryRaw`select pg_sleep(3)`.then(() => "done"));
    const observer = new pg.Client({ connectionString: realUrl });
    await observer.connect();
    try {
      // Watch from outside the pool until all ten of its connections are sleeping.
      for (let i = 0; i < 50; i++) {
        const { rows } = await observer.query(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and query like 'select pg_sleep(3)%'",
        );
        if (rows[0].n >= 10) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const { rows } = await observer.query(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and query like 'select pg_sleep(3)%'",
      );
      expect(rows[0].n).toBe(10);
      const res = await GET();
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", db: "up" });
    } finally {
      await observer.end();
      await Promise.allSettled(slow);
    }
  });
});

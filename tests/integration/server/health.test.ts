import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { disconnectDb } from "@/lib/db/client";
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
});

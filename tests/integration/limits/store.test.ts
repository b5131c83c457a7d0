// The limiter's store: rows end with their window and are swept, and a database that does not
// answer makes the limits count per process (same numbers) rather than fail the request.
import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { closeLimits, consume, LIMITS, sweepExpired } from "@/lib/limits";

describe("the rate_limits table", () => {
  it("holds one row per counted key with the end of its window, and the sweep deletes only ended windows", async () => {
    const live = randomUUID();
    await consume("writes", live);
    const [row] = await db().$queryRaw<{ points: number; expire: bigint }[]>`SELECT points, expire FROM rate_limits WHERE key = ${"writes:" + live}`;
    expect(row.points).toBe(1);
    expect(Number(row.expire) - Date.now()).toBeGreaterThan(0);
    expect(Number(row.expire) - Date.now()).toBeLessThanOrEqual(LIMITS.writes.seconds * 1000);

    const ended = `writes:${randomUUID()}`;
    await db().$executeRaw`INSERT INTO rate_limits (key, points, expire) VALUES (${ended}, 30, ${BigInt(Date.now() - 1000)})`;
    expect(await sweepExpired()).toBeGreaterThanOrEqual(1);
    const left = await db().$queryRaw<{ key: string }[]>`SELECT key FROM rate_limits WHERE key IN (${ended}, ${"writes:" + live})`;
    expect(left.map((r) => r.key)).toEqual(["writes:" + live]);
  });
});

describe("when the limiter's database does not answer", () => {
  const realUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await closeLimits();
    process.env.DATABASE_URL = realUrl;
    vi.restoreAllMocks();
  });

  it("the limits still hold, counted in this process, with one log line; nothing becomes a 500", async () => {
    // A loopback port with nothing listening: connections are refused at once.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    await closeLimits();
    process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${port}/nowhere`;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const user = randomUUID();
    for (let i = 0; i < LIMITS.writes.points; i++) await consume("writes", user);
    const refused = await consume("writes", user).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/^You are writing faster than 30 changes a minute\. Wait \d+ seconds? and try again\.$/), details: { retryAfterSeconds: expect.any(Number) } });
    const lines = logged.mock.calls.map((c) => String(c[0])).filter((l) => l.includes("rate limits"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/the database did not answer .*counting per process/);
  });
});

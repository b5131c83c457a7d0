import { describe, expect, it } from "vitest";
import { runTs } from "../../helpers/processes";

// server.ts fails before Next starts, so these need no build.
describe("server start-up with a bad database configuration", () => {
  it("an unreachable DATABASE_URL ends start-up with one clear line and exit code 1", async () => {
    const r = await runTs("server.ts", [], { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/x", NODE_ENV: "production" });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^colloquy: cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connection refused\)\. Check DATABASE_URL/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a DATABASE_URL that is not a postgres URL is named in the one error line", async () => {
    const r = await runTs("server.ts", [], { DATABASE_URL: "mysql://root@localhost/x", NODE_ENV: "production" });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      "colloquy: invalid environment: DATABASE_URL must be a URL like postgresql://user:password@host:5432/database",
    ]);
  });

  it("a PORT that is not a number is refused before anything starts", async () => {
    const r = await runTs("server.ts", [], { PORT: "eighty", NODE_ENV: "production", DATABASE_URL: "postgresql://nobody@127.0.0.1:1/x" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^colloquy: invalid environment: PORT /);
  });
});

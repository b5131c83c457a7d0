import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("environment validation", () => {
  it("fills sensible defaults for a bare environment", () => {
    expect(parseEnv({})).toMatchObject({ NODE_ENV: "development", PORT: 3000, COLLOQUY_DATA_DIR: ".data" });
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
  });

  it("treats an empty DATABASE_URL as unset (embedded database)", () => {
    expect(parseEnv({ DATABASE_URL: "  " }).DATABASE_URL).toBeUndefined();
  });

  it("accepts postgres and postgresql URLs", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/x" }).DATABASE_URL).toBe("postgres://u:p@db:5432/x");
    expect(parseEnv({ DATABASE_URL: "postgresql://u@127.0.0.1/x" }).DATABASE_URL).toBe("postgresql://u@127.0.0.1/x");
  });

  it("rejects a non-postgres DATABASE_URL with one line that names it", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://root@localhost/x" })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/^invalid environment: DATABASE_URL must be a URL/);
  });

  it("rejects a bad port and a short AUTH_SECRET, naming both", () => {
    try {
      parseEnv({ PORT: "70000", AUTH_SECRET: "short" });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/AUTH_SECRET must be at least 32 characters/);
      expect((e as Error).message).not.toMatch(/\n/);
    }
  });
});

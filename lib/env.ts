// Environment variables, validated once. server.ts calls loadEnv() at start and exits with one
// line on a bad value; everything else reads the parsed result through env().
import { z } from "zod";

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && !!u.hostname;
    } catch {
      return false;
    }
  }, "must be a URL like postgresql://user:password@host:5432/database");

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Port for HTTP and Socket.IO, one server. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface to listen on; unset listens on all, as `next start` does. */
  HOST: z.preprocess(emptyToUndefined, z.string().optional()),
  /** PostgreSQL to use; unset starts the embedded one with its data in COLLOQUY_DATA_DIR. */
  DATABASE_URL: z.preprocess(emptyToUndefined, postgresUrl.optional()),
  /**
   * Connections in the app's PostgreSQL pool, per server process (default 10). Each process also
   * opens up to 3 for the rate limiter and, with REALTIME_ADAPTER=postgres, up to 3 for the
   * adapter: budget DATABASE_POOL_SIZE + 6 per process against the server's max_connections.
   */
  DATABASE_POOL_SIZE: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(10)),
  /** Signs session cookies; unset makes one and keeps it in COLLOQUY_DATA_DIR/auth-secret. */
  AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  /**
   * How Socket.IO reaches other server processes: "memory" (one process) or "postgres" (several
   * processes on one database, through @socket.io/postgres-adapter and LISTEN/NOTIFY).
   */
  REALTIME_ADAPTER: z.preprocess(emptyToUndefined, z.enum(["memory", "postgres"]).default("memory")),
  /**
   * How many reverse proxies in front of the app to believe about the client's address (for the
   * per-IP limits): 0 (unset, "false") ignores X-Forwarded-For entirely, since anyone can send it;
   * "true" means 1; N takes the address the Nth proxy from the app saw.
   */
  TRUST_PROXY: z.preprocess(
    (v) => {
      const t = typeof v === "string" ? v.trim().toLowerCase() : v;
      if (t === undefined || t === "" || t === "false") return 0;
      return t === "true" ? 1 : t;
    },
    z.coerce.number({ message: 'must be "true", "false" or a number of proxies (0-10)' }).int("must be a whole number of proxies").min(0).max(10),
  ),
  /** Folder for local state: the embedded database and generated secrets. */
  COLLOQUY_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(".data")),
  /** When set, server.ts logs a `colloquy: stats` line (RSS, event-loop delay) this often; for npm run bench:soak. */
  COLLOQUY_STATS_INTERVAL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(3_600_000).optional()),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses the environment; the error message is one line naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const r = envSchema.safeParse(source);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
  throw new EnvError(`invalid environment: ${problems.join("; ")}`);
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

// The one Prisma client of the process. Only lib/domain (and lib/db) import this.
// It is kept on globalThis because the custom server (tsx) and Next's bundled route code load
// separate copies of this module in one process; both must share one connection pool.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "./generated/client";

/** How long a query waits to connect or for a free pooled connection before failing. */
export const POOL_CONNECT_TIMEOUT_MS = 5000;

const g = globalThis as unknown as { __colloquyPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!g.__colloquyPrisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: the server sets it at start-up");
    // connectionTimeoutMillis bounds both opening a connection and waiting for a free one: while
    // the database is down or unreachable a request fails within it (503 DATABASE_UNAVAILABLE,
    // lib/errors.ts) instead of hanging. Connections the database drops (a restart) are logged and
    // replaced by pg's pool on the next query, so recovery needs no restart of the app. The pool's
    // size is DATABASE_POOL_SIZE (lib/env.ts: the per-process connection budget).
    const adapter = new PrismaPg(
      { connectionString, max: env().DATABASE_POOL_SIZE, connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS },
      { onPoolError: (err) => console.error(`colloquy: database connection lost: ${err.message}`) },
    );
    g.__colloquyPrisma = new PrismaClient({ adapter });
  }
  return g.__colloquyPrisma;
}

export async function disconnectDb(): Promise<void> {
  const client = g.__colloquyPrisma;
  g.__colloquyPrisma = undefined;
  await client?.$disconnect();
}

export type { PrismaClient } from "./generated/client";

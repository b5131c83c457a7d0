// The one Prisma client of the process. Only lib/domain (and lib/db) import this.
// It is kept on globalThis because the custom server (tsx) and Next's bundled route code load
// separate copies of this module in one process; both must share one connection pool.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

const g = globalThis as unknown as { __colloquyPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!g.__colloquyPrisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: the server sets it at start-up");
    g.__colloquyPrisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
  }
  return g.__colloquyPrisma;
}

export async function disconnectDb(): Promise<void> {
  const client = g.__colloquyPrisma;
  g.__colloquyPrisma = undefined;
  await client?.$disconnect();
}

export type { PrismaClient } from "./generated/client";

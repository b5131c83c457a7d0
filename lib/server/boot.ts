// Everything that must hold before the server answers: a database (external or embedded), the
// schema migrated, the sample reading imported. Each step is idempotent, so every start runs all.
import { connectEmbedded, connectExternal, type Database } from "@/lib/db/connect";
import { deployMigrations } from "@/lib/db/migrations";
import { ensureSampleReading } from "@/lib/domain/readings/service";
import type { Env } from "@/lib/env";

export async function bootDatabase(env: Env, log: (line: string) => void): Promise<Database> {
  const database = env.DATABASE_URL
    ? await connectExternal(env.DATABASE_URL)
    : await connectEmbedded(env.COLLOQUY_DATA_DIR, log);
  // Next's bundled route code reads the URL from the environment (lib/db/client.ts).
  process.env.DATABASE_URL = database.url;
  try {
    const applied = await deployMigrations(database.url);
    if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    const sample = await ensureSampleReading();
    if (sample.created) log("imported the sample reading");
  } catch (err) {
    await database.embedded?.stop();
    throw err;
  }
  return database;
}

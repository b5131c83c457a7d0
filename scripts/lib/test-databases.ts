// Databases for a test run: each run gets fresh databases of its own on the server in
// DATABASE_URL, or, when that is unset, on an embedded PostgreSQL kept in
// COLLOQUY_DATA_DIR/test-postgres (apart from the app's own data).
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { connectExternal } from "@/lib/db/connect";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";

export interface TestServer {
  /** URL of the server's maintenance database (`postgres`). */
  adminUrl: string;
  kind: "DATABASE_URL" | "embedded";
  createDatabase(label: string): Promise<string>;
  close(): Promise<void>;
}

export async function openTestServer(databaseUrl: string | undefined, dataDir: string): Promise<TestServer> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl: string;
  if (databaseUrl) {
    await connectExternal(databaseUrl);
    const u = new URL(databaseUrl);
    u.pathname = "/postgres";
    adminUrl = u.toString();
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "test-postgres"), log: (l) => console.log(`test: ${l}`) });
    adminUrl = embedded.adminUrl;
  }
  const created: string[] = [];
  const stamp = `${new Date().toISOString().slice(0, 10).replace(/-/g, "")}_${randomBytes(3).toString("hex")}`;
  return {
    adminUrl,
    kind: embedded ? "embedded" : "DATABASE_URL",
    async createDatabase(label) {
      const name = `colloquy_test_${stamp}_${label}`;
      created.push(name);
      return ensureDatabase(adminUrl, name);
    },
    async close() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
      await embedded?.stop();
    },
  };
}

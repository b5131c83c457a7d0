// Finds the database for this process: DATABASE_URL when set, otherwise the embedded PostgreSQL.
// Failures become a StartupError whose message is one line a person can act on.
import path from "node:path";
import pg from "pg";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";

export class StartupError extends Error {}

export interface Database {
  url: string;
  /** Set when we started the embedded server; stop it last at shutdown. */
  embedded?: EmbeddedDatabase;
}

/** The URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function describe(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string };
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || 5432}`;
  switch (e.code) {
    case "ECONNREFUSED":
      return `cannot reach PostgreSQL at ${where} (connection refused)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot reach PostgreSQL: host "${u.hostname}" not found`;
    case "ETIMEDOUT":
    case "TIMEOUT":
      return `cannot reach PostgreSQL at ${where} (timed out)`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${where} refused the login: ${e.message}`;
    default:
      return `cannot use PostgreSQL at ${where}: ${e.message ?? String(err)}`;
  }
}

async function probe(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {}); // a dropped connection after the probe must not crash start-up
  try {
    await client.connect();
    await client.query("select 1");
  } finally {
    await client.end().catch(() => {});
  }
}

/** Checks that `url` answers; creates its database when the server is there but the database is not. */
export async function connectExternal(url: string): Promise<Database> {
  try {
    await probe(url);
  } catch (err) {
    if ((err as { code?: string }).code !== "3D000") {
      throw new StartupError(`${describe(err, url)}. Check DATABASE_URL (${redactUrl(url)}), or unset it to use the embedded database.`);
    }
    const u = new URL(url);
    const name = decodeURIComponent(u.pathname.slice(1));
    u.pathname = "/postgres";
    try {
      await ensureDatabase(u.toString(), name);
    } catch (createErr) {
      throw new StartupError(`database "${name}" does not exist and could not be created: ${describe(createErr, url)}`);
    }
  }
  return { url };
}

export async function connectEmbedded(dataDir: string, log: (line: string) => void, database = "colloquy"): Promise<Database> {
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), log });
  } catch (err) {
    throw new StartupError(`${(err as Error).message}`);
  }
  try {
    return { url: await ensureDatabase(embedded.adminUrl, database), embedded };
  } catch (err) {
    await embedded.stop();
    throw new StartupError(`the embedded PostgreSQL started but did not answer: ${(err as Error).message}`);
  }
}

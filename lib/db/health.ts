import "server-only";
import pg from "pg";

/** Bounds for one health check: connecting, then the query, each. */
export const HEALTH_TIMEOUT_MS = 1000;

/**
 * True when the database answers a trivial query. It uses a connection of its own, opened for
 * this check and closed after it, never the app's request pool: a pool busy with slow requests
 * would otherwise make a load balancer take the instance out exactly when it is busy, while the
 * database itself answers fine. Each step is bounded (connect, statement on the server, and the
 * query on the client), so a database that is down answers "no" within about two timeouts.
 */
export async function databaseAnswers(timeoutMs = HEALTH_TIMEOUT_MS): Promise<boolean> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) return false;
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs,
    application_name: "colloquy-health",
  });
  client.on("error", () => {}); // a connection dropped after the check must not crash the process
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    void client.end().catch(() => {});
  }
}

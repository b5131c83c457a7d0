// Colloquy's one process: Next.js (pages and HTTP API) and Socket.IO on one HTTP port.
// Start: environment -> database (embedded when DATABASE_URL is unset) -> migrations and sample
// reading -> Next -> listen. Stop (SIGINT/SIGTERM): stop accepting, close sockets and HTTP,
// then Prisma, then the rate limiter's pool, then the embedded database, in that order.
// Every request gets the client's address in CLIENT_IP_HEADER (see lib/http/client-ip.ts).
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import nextEnv from "@next/env";
import next from "next";
import { bootDatabase } from "@/lib/server/boot";
import { ensureAuthSecret } from "@/lib/server/secrets";
import { StartupError, type Database } from "@/lib/db/connect";
import { disconnectDb } from "@/lib/db/client";
import { CLIENT_IP_HEADER, clientIpFromPeer } from "@/lib/http/client-ip";
import { closeLimits } from "@/lib/limits";
import { EnvError, parseEnv, type Env } from "@/lib/env";
import { applySecurityHeaders } from "@/lib/http/security-headers";
import { createRealtimeServer } from "@/lib/realtime/server";

const log = (line: string) => console.log(`colloquy: ${line}`);

/** A start-up failure is one line and exit code 1, never a stack trace. */
function fail(err: unknown): never {
  const known = err instanceof StartupError || err instanceof EnvError;
  console.error(`colloquy: ${known ? (err as Error).message : `start-up failed: ${(err as Error)?.message ?? String(err)}`}`);
  process.exit(1);
}

const dev = process.env.NODE_ENV !== "production";
nextEnv.loadEnvConfig(process.cwd(), dev, { info: () => {}, error: console.error });

let env: Env;
try {
  env = parseEnv();
} catch (err) {
  fail(err);
}
const secret = ensureAuthSecret(env.COLLOQUY_DATA_DIR);
if (secret.generated) log(`AUTH_SECRET is not set; using the one kept in ${env.COLLOQUY_DATA_DIR}/auth-secret`);

const started = Date.now();
let database: Database;
try {
  database = await bootDatabase(env, log);
} catch (err) {
  fail(err);
}

const app = next({ dev, hostname: env.HOST ?? "localhost", port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const httpServer = createServer((req, res) => {
  // Overwrites whatever the client sent under this name: only this line may set it.
  req.headers[CLIENT_IP_HEADER] = clientIpFromPeer(req.socket.remoteAddress, req.headers["x-forwarded-for"], env.TRUST_PROXY);
  void handle(req, res);
});
const io = createRealtimeServer(httpServer, { adapter: env.REALTIME_ADAPTER, databaseUrl: database.url });
// Security headers on every response, before any handler writes it. Prepended after Socket.IO
// attached itself (it takes over the "request" listeners), so /socket.io polling responses get
// them as well as pages, /api and static files. Pages' CSP is then replaced by proxy.ts.
httpServer.prependListener("request", (_req, res) => applySecurityHeaders(res));

httpServer.on("error", async (err: NodeJS.ErrnoException) => {
  console.error(`colloquy: cannot listen on port ${env.PORT}: ${err.code === "EADDRINUSE" ? "it is already in use (set PORT to another)" : err.message}`);
  await database.embedded?.stop();
  process.exit(1);
});

httpServer.listen(env.PORT, env.HOST, () => {
  const where = `${database.embedded ? "embedded PostgreSQL" : "PostgreSQL from DATABASE_URL"}${env.REALTIME_ADAPTER === "postgres" ? ", realtime across processes via PostgreSQL" : ""}`;
  log(`ready on http://localhost:${env.PORT} (${dev ? "development" : "production"}, ${where}, ${Date.now() - started} ms)`);
});

// For npm run bench:soak: memory and event-loop delay, measured inside the process, one line per
// interval. Off unless COLLOQUY_STATS_INTERVAL_MS is set.
if (env.COLLOQUY_STATS_INTERVAL_MS) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    log(`stats rss_mb=${(rss / 2 ** 20).toFixed(1)} heap_mb=${(heapUsed / 2 ** 20).toFixed(1)} eld_p50_ms=${ms(delay.percentile(50))} eld_p99_ms=${ms(delay.percentile(99))} eld_max_ms=${ms(delay.max)}`);
    delay.reset();
  }, env.COLLOQUY_STATS_INTERVAL_MS).unref();
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: shutting down`);
  const force = setTimeout(() => {
    console.error("colloquy: shutdown took over 10 s; exiting anyway");
    process.exit(1);
  }, 10_000);
  force.unref();
  try {
    // io.close() disconnects every socket and closes the HTTP server (no new connections);
    // idle keep-alive connections would hold close() open, so end them too.
    await new Promise<void>((resolve) => {
      io.close(() => resolve());
      httpServer.closeIdleConnections();
    });
    await disconnectDb();
    await closeLimits();
    await database.embedded?.stop();
    process.exit(0);
  } catch (err) {
    console.error(`colloquy: error during shutdown: ${(err as Error).message}`);
    process.exit(1);
  }
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

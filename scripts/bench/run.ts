// npm run bench [-- --clients 200 --comments 600 --rate 20 --workers 2 --out bench-results/latest.json]
// Starts the production server on a fresh database, connects N Socket.IO clients as members of
// one seminar (spread over worker processes), has separate users post M comments over HTTP at a
// fixed rate, and measures each comment's time from POST to arrival at every client; then the same
// with the writes sent over each writer's own socket ("comment:create", socket-writers.ts). Then the
// same N, M and rate against a plain Socket.IO broadcast server (no database) as the baseline.
// Prints p50/p95/p99/max, lost and duplicated deliveries, and the ratios; writes JSON.
// Bounded: M posts at the given rate, a fixed grace period, then everything it started stops.
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { parseEnv } from "@/lib/env";
import { deployMigrations } from "@/lib/db/migrations";
import { disconnectDb } from "@/lib/db/client";
import { openTestServer } from "../lib/test-databases";
import { openSocketWriters } from "./socket-writers";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    comments: { type: "string", default: "600" },
    rate: { type: "string", default: "20" },
    workers: { type: "string" },
    writers: { type: "string", default: "40" },
    out: { type: "string", default: "bench-results/latest.json" },
  },
});
const N = Number(values.clients);
const M = Number(values.comments);
const RATE = Number(values.rate);
const WORKERS = Number(values.workers ?? Math.max(1, Math.ceil(N / 250)));
const WRITERS = Number(values.writers);
const GRACE_MS = 5000;
if (![N, M, RATE, WORKERS, WRITERS].every((n) => Number.isInteger(n) && n > 0) || N > 5000 || M > 20_000 || RATE > 500) {
  console.error("bench: --clients 1..5000, --comments 1..20000, --rate 1..500, --workers >0, --writers >0");
  process.exit(2);
}

const tsx = ["--import", "tsx"];
const childEnv = { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.server.json", NEXT_TELEMETRY_DISABLED: "1" };
const started: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Figures {
  clients: number;
  messages: number;
  expectedDeliveries: number;
  delivered: number;
  lost: number;
  duplicated: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  postP50: number;
}

/** Connects the clients (spread over workers), posts M messages at RATE, collects arrivals. */
async function measure(label: string, url: string, tokens: string[], seminarId: string | undefined, event: "comment:created" | "bench:msg", post: (i: number, id: string) => Promise<void>): Promise<Figures> {
  const workers: ChildProcess[] = [];
  const share = Math.ceil(tokens.length / WORKERS);
  for (let w = 0; w < WORKERS; w++) {
    const child = fork(path.join("scripts", "bench", "clients.ts"), [], { execArgv: tsx, env: childEnv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    started.push(child);
    workers.push(child);
  }
  const once = <T>(child: ChildProcess, kind: string) =>
    new Promise<T>((resolve, reject) =>
      child.on("message", (m: { kind: string; message?: string }) => {
        if (m.kind === kind) resolve(m as T);
        if (m.kind === "error") reject(new Error(m.message));
      }),
    );
  process.stdout.write(`${label}: connecting ${tokens.length} clients over ${WORKERS} worker(s)… `);
  const t0 = Date.now();
  await Promise.all(
    workers.map((child, w) => {
      const ready = once(child, "ready");
      child.send({ kind: "start", url, tokens: tokens.slice(w * share, (w + 1) * share), seminarId, event });
      return ready;
    }),
  );
  console.log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; posting ${M} at ${RATE}/s`);

  const sent = new Map<string, number>();
  const postTimes: number[] = [];
  const errors: string[] = [];
  const begin = now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < M; i++) {
    const due = begin + (i * 1000) / RATE;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const id = `bench-${label}-${i}-${Math.random().toString(36).slice(2, 8)}`;
    const t = now();
    sent.set(id, t);
    inflight.push(
      post(i, id).then(
        () => void postTimes.push(now() - t),
        (e) => void errors.push(String(e)),
      ),
    );
  }
  await Promise.all(inflight);
  await sleep(GRACE_MS);

  const reports = await Promise.all(
    workers.map((child) => {
      const r = once<{ arrivals: Record<string, number[]>; duplicates: number; sockets: number }>(child, "report");
      child.send({ kind: "report" });
      return r;
    }),
  );
  workers.forEach((c) => c.send({ kind: "stop" }));
  if (errors.length) console.log(`  ${errors.length} POSTs failed, first: ${errors[0]}`);

  const latencies: number[] = [];
  let delivered = 0;
  let duplicated = 0;
  for (const r of reports) {
    duplicated += r.duplicates;
    for (const [id, times] of Object.entries(r.arrivals)) {
      const t = sent.get(id);
      if (t === undefined) continue;
      for (const at of times) latencies.push(at - t);
    }
  }
  delivered = latencies.length - duplicated;
  latencies.sort((a, b) => a - b);
  const postSorted = [...postTimes].sort((a, b) => a - b);
  const expected = M * tokens.length;
  return {
    clients: tokens.length,
    messages: M,
    expectedDeliveries: expected,
    delivered,
    lost: expected - delivered,
    duplicated,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    postP50: percentile(postSorted, 50),
  };
}

async function main() {
  const env = parseEnv();
  const server = await openTestServer(env.DATABASE_URL, env.COLLOQUY_DATA_DIR);
  try {
    const dbUrl = await server.createDatabase("bench");
    await deployMigrations(dbUrl);
    process.env.DATABASE_URL = dbUrl;
    process.env.AUTH_SECRET ??= "bench-only-secret-0123456789abcdefghijkl";

    // Data through the same services the app uses.
    const { signUp } = await import("@/lib/domain/users/service");
    const { createToken } = await import("@/lib/domain/tokens/service");
    const { createSeminar, joinSeminar } = await import("@/lib/domain/seminars/service");
    const { ensureSampleReading, getReading, SAMPLE_READING } = await import("@/lib/domain/readings/service");
    const { createThread } = await import("@/lib/domain/threads/service");
    await ensureSampleReading();
    const reading = await getReading(SAMPLE_READING.slug);
    const actor = async (name: string) => {
      const u = await signUp({ email: `${name.toLowerCase().replace(/\W+/g, ".")}@bench.example.org`, password: "bench-password", name });
      return { id: u.id, email: u.email, name: u.name, via: "session" as const };
    };
    const instructor = await actor("Instructor");
    const seminar = await createSeminar(instructor, { title: "Bench", readingId: reading.id }, "http://localhost");
    const readerCount = Math.min(N, 50);
    const readers = await Promise.all(Array.from({ length: readerCount }, (_, i) => actor(`Reader ${i + 1}`)));
    const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => actor(`Writer ${i + 1}`)));
    // Other users for the socket writes, so the two runs' write limits do not add up.
    const socketWriters = await Promise.all(Array.from({ length: WRITERS }, (_, i) => actor(`Socket writer ${i + 1}`)));
    for (const u of [...readers, ...writers, ...socketWriters]) await joinSeminar(u, { code: seminar.joinCode! });
    const readerTokens = await Promise.all(readers.map(async (u) => (await createToken(u, { name: "bench" })).token));
    const writerTokens = await Promise.all(writers.map(async (u) => (await createToken(u, { name: "bench" })).token));
    const socketWriterTokens = await Promise.all(socketWriters.map(async (u) => (await createToken(u, { name: "bench" })).token));
    const thread = (await createThread(instructor, seminar.id, { paragraphId: reading.paragraphs[6].id, body: "Bench thread" })).thread;
    await disconnectDb();
    const tokens = Array.from({ length: N }, (_, i) => readerTokens[i % readerCount]);
    const body = "A comment of about three hundred bytes, like a real one in a seminar: ".padEnd(280, "x");

    // The app: production build, its own process.
    if ((await new Promise<number>((r) => spawn(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" }).on("exit", (c) => r(c ?? 1)))) !== 0) throw new Error("build failed");
    const appPort = await freePort();
    const app = spawn(process.execPath, [...tsx, "server.ts"], { env: { ...childEnv, NODE_ENV: "production", PORT: String(appPort), DATABASE_URL: dbUrl, AUTH_SECRET: process.env.AUTH_SECRET }, stdio: ["ignore", "ignore", "inherit"] });
    started.push(app);
    const appUrl = `http://127.0.0.1:${appPort}`;
    await waitFor(`${appUrl}/api/health`);
    const appFigures = await measure("colloquy", appUrl, tokens, seminar.id, "comment:created", async (i, id) => {
      const res = await fetch(`${appUrl}/api/v1/threads/${thread.id}/comments`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${writerTokens[i % WRITERS]}` },
        body: JSON.stringify({ body, clientId: id }),
      });
      if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    });
    // The same, with the writes sent as "comment:create" over each writer's own socket.
    const socketWriter = await openSocketWriters(appUrl, socketWriterTokens, seminar.id);
    const socketFigures = await measure("colloquy-socket", appUrl, tokens, seminar.id, "comment:created", (i, id) => socketWriter.post(i, thread.id, body, id));
    socketWriter.close();
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));

    // The baseline: same clients, same rate, no database.
    const base = fork(path.join("scripts", "bench", "baseline-server.ts"), ["0"], { execArgv: tsx, env: childEnv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    started.push(base);
    const basePort = await new Promise<number>((r) => base.on("message", (m: { kind: string; port: number }) => m.kind === "listening" && r(m.port)));
    const baseUrl = `http://127.0.0.1:${basePort}`;
    const baseFigures = await measure("baseline", baseUrl, tokens, undefined, "bench:msg", async (_i, id) => {
      const res = await fetch(`${baseUrl}/broadcast`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id }) });
      if (res.status !== 201) throw new Error(`baseline answered ${res.status}`);
    });
    base.kill("SIGTERM");

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    const row = (name: string, f: Figures) =>
      `| ${name} | ${f.clients} | ${f.messages} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${ms(f.max)} | ${f.lost} | ${f.duplicated} | ${ms(f.postP50)} |`;
    console.log("");
    console.log(`| run | clients | messages | p50 | p95 | p99 | max | lost | duplicated | POST p50 |`);
    console.log(`|---|---|---|---|---|---|---|---|---|---|`);
    console.log(row("colloquy (HTTP POST → commit → event → every client)", appFigures));
    console.log(row("colloquy (socket comment:create → commit → event → every client; POST p50 = ack p50)", socketFigures));
    console.log(row("baseline (HTTP POST → plain broadcast, no database)", baseFigures));
    const ratio = { p50: appFigures.p50 / baseFigures.p50, p95: appFigures.p95 / baseFigures.p95, p99: appFigures.p99 / baseFigures.p99 };
    console.log(`\nratio colloquy / baseline: p50 ${ratio.p50.toFixed(2)}x, p95 ${ratio.p95.toFixed(2)}x, p99 ${ratio.p99.toFixed(2)}x`);
    const socketRatio = { p50: socketFigures.p50 / baseFigures.p50, p95: socketFigures.p95 / baseFigures.p95, p99: socketFigures.p99 / baseFigures.p99 };
    console.log(`ratio socket writes / baseline: p50 ${socketRatio.p50.toFixed(2)}x, p95 ${socketRatio.p95.toFixed(2)}x, p99 ${socketRatio.p99.toFixed(2)}x`);
    const socketTargets = { lost0: socketFigures.lost === 0, duplicated0: socketFigures.duplicated === 0, p99Under40ms: socketFigures.p99 < 40, p50Within1_5xBaseline: socketRatio.p50 <= 1.5 };
    console.log(`socket-write targets: ${Object.entries(socketTargets).map(([k, v]) => `${k} ${v ? "met" : "NOT met"}`).join(", ")}`);
    const targets = { lost0: appFigures.lost === 0, duplicated0: appFigures.duplicated === 0, p99Under100ms: appFigures.p99 < 100, p50Within2xBaseline: ratio.p50 <= 2 };
    console.log(`targets: ${Object.entries(targets).map(([k, v]) => `${k} ${v ? "met" : "NOT met"}`).join(", ")}`);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
      params: { clients: N, comments: M, ratePerSecond: RATE, workers: WORKERS, writers: WRITERS, database: server.kind },
      colloquy: appFigures,
      baseline: baseFigures,
      ratio,
      targets,
      socketWrites: { ...socketFigures, ratio: socketRatio, targets: socketTargets },
    };
    fs.mkdirSync(path.dirname(values.out!), { recursive: true });
    fs.writeFileSync(values.out!, JSON.stringify(result, null, 2) + "\n");
    console.log(`wrote ${values.out}`);
  } finally {
    for (const c of started) if (c.exitCode === null) c.kill("SIGTERM");
    await server.close().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench failed: ${e instanceof Error ? e.message : e}`);
    for (const c of started) if (c.exitCode === null) c.kill("SIGKILL");
    process.exit(1);
  },
);

// npm run bench [-- --clients 200 --comments 600 --rate 20 --workers 2 --processes 1 --threads 1 --joins-only --out bench-results/latest.json]
// Starts the production server on a fresh database, connects N Socket.IO clients as members of
// one seminar (spread over worker processes), has separate users post M comments over HTTP at a
// fixed rate, and measures each comment's time from POST to arrival at every client; then the same
// with the writes sent over each writer's own socket ("comment:create", socket-writers.ts). Then the
// same N, M and rate against a plain Socket.IO broadcast server (no database) as the baseline.
// Prints p50/p95/p99/max, lost and duplicated deliveries, and the ratios; writes JSON.
// Also the join: how long the N clients take to connect and join (all at once), and the
// presence:changed pushes (messages and JSON bytes) each client received meanwhile, which should
// grow linearly with N. `--processes 2` runs two app processes with REALTIME_ADAPTER=postgres,
// clients (by worker) and writers (by post) spread over both. `--joins-only` stops after the join.
// Bounded: M posts at the given rate, a fixed grace period, then everything it started stops.
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { parseEnv } from "@/lib/env";
import { deployMigrations } from "@/lib/db/migrations";
import { disconnectDb } from "@/lib/db/client";
import { openTestServer } from "../lib/test-databases";
import { openSocketWriters } from "./socket-writers";
import { freePort, waitForOk as waitFor } from "../lib/net";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    comments: { type: "string", default: "600" },
    rate: { type: "string", default: "20" },
    workers: { type: "string" },
    processes: { type: "string", default: "1" },
    "joins-only": { type: "boolean", default: false },
    writers: { type: "string", default: "40" },
    // Posts go round-robin to this many threads. One thread (the default) is the harshest case:
    // every reply notifies everyone who wrote in it, so notification fan-out grows with the run.
    threads: { type: "string", default: "1" },
    out: { type: "string", default: "bench-results/latest.json" },
  },
});
const N = Number(values.clients);
const M = Number(values.comments);
const THREADS = Number(values.threads);
const RATE = Number(values.rate);
const PROCESSES = Number(values.processes);
const WORKERS = Number(values.workers ?? Math.max(PROCESSES, Math.ceil(N / 250)));
const WRITERS = Number(values.writers);
const GRACE_MS = 5000;
if (![N, M, RATE, WORKERS, WRITERS, PROCESSES, THREADS].every((n) => Number.isInteger(n) && n > 0) || N > 5000 || M > 20_000 || RATE > 500 || PROCESSES > 4 || THREADS > 200) {
  console.error("bench: --clients 1..5000, --comments 1..20000, --rate 1..500, --workers >0, --writers >0, --processes 1..4, --threads 1..200");
  process.exit(2);
}

const tsx = ["--import", "tsx"];
const childEnv = { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.server.json", NEXT_TELEMETRY_DISABLED: "1" };
const started: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

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

interface JoinFigures {
  clients: number;
  processes: number;
  /** From the first connect to the last join ack, all clients at once. */
  joinSeconds: number;
  /** presence:changed pushes per client until presence settled, and their JSON payload bytes. */
  presenceMessagesPerClient: number;
  presenceBytesPerClient: number;
}

/** Connects the clients (spread over workers), posts M messages at RATE, collects arrivals. */
async function measure(
  label: string,
  urls: string[],
  tokens: string[],
  seminarId: string | undefined,
  event: "comment:created" | "bench:msg",
  post: (i: number, id: string) => Promise<void>,
): Promise<{ figures?: Figures; join: JoinFigures }> {
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
      child.send({ kind: "start", url: urls[w % urls.length], tokens: tokens.slice(w * share, (w + 1) * share), seminarId, event });
      return ready;
    }),
  );
  const joinSeconds = (Date.now() - t0) / 1000;
  console.log(`ready in ${joinSeconds.toFixed(1)} s`);
  // Presence settles a coalescing window or two after the last join: wait until no push arrives for 1 s (at most 20 s).
  const presenceTotals = async () => {
    const got = await Promise.all(workers.map((child) => {
      const r = once<{ messages: number; bytes: number }>(child, "presence");
      child.send({ kind: "presence" });
      return r;
    }));
    return got.reduce((a, b) => ({ messages: a.messages + b.messages, bytes: a.bytes + b.bytes }), { messages: 0, bytes: 0 });
  };
  let totals = await presenceTotals();
  for (const until = Date.now() + 20_000; Date.now() < until; ) {
    await sleep(1000);
    const next = await presenceTotals();
    if (next.messages === totals.messages) break;
    totals = next;
  }
  const join: JoinFigures = { clients: tokens.length, processes: urls.length, joinSeconds, presenceMessagesPerClient: totals.messages / tokens.length, presenceBytesPerClient: totals.bytes / tokens.length };
  if (seminarId) console.log(`  presence: ${join.presenceMessagesPerClient.toFixed(1)} presence:changed and ${Math.round(join.presenceBytesPerClient)} bytes per client`);
  if (values["joins-only"]) {
    workers.forEach((c) => c.send({ kind: "stop" }));
    return { join };
  }
  console.log(`  posting ${M} at ${RATE}/s`);

  const sent = new Map<string, number>();
  const postTimes: number[] = [];
  const errors: string[] = [];
  const begin = now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < M; i++) {
    const due = begin + (i * 1000) / RATE;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const id = `bench-${label.replace(/\W+/g, "-")}-${i}-${Math.random().toString(36).slice(2, 8)}`;
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
  const figures: Figures = {
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
  return { figures, join };
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
    // One person per client, so that presence has N people to announce (several tabs of one
    // person would be announced once). Made a few at a time: sign-up hashes a password.
    const readerCount = N;
    const member = async (name: string) => {
      const u = await actor(name);
      await joinSeminar(u, { code: seminar.joinCode! });
      return { u, token: (await createToken(u, { name: "bench" })).token };
    };
    const people: { u: Awaited<ReturnType<typeof actor>>; token: string }[] = [];
    // Other users for the socket writes, so the two runs' write limits do not add up.
    const names = [
      ...Array.from({ length: readerCount }, (_, i) => `Reader ${i + 1}`),
      ...Array.from({ length: WRITERS }, (_, i) => `Writer ${i + 1}`),
      ...Array.from({ length: WRITERS }, (_, i) => `Socket writer ${i + 1}`),
    ];
    for (let i = 0; i < names.length; i += 8) people.push(...(await Promise.all(names.slice(i, i + 8).map(member))));
    const readerTokens = people.slice(0, readerCount).map((p) => p.token);
    const writerTokens = people.slice(readerCount, readerCount + WRITERS).map((p) => p.token);
    const socketWriterTokens = people.slice(readerCount + WRITERS).map((p) => p.token);
    const threads: { id: string }[] = [];
    for (let t = 0; t < THREADS; t++) {
      const paragraph = reading.paragraphs[(6 + t) % reading.paragraphs.length];
      threads.push((await createThread(instructor, seminar.id, { paragraphId: paragraph.id, body: `Bench thread ${t + 1}` })).thread);
    }
    const threadFor = (i: number) => threads[i % THREADS].id;
    await disconnectDb();
    const tokens = Array.from({ length: N }, (_, i) => readerTokens[i % readerCount]);
    const body = "A comment of about three hundred bytes, like a real one in a seminar: ".padEnd(280, "x");

    // The app: production build, its own process.
    if ((await new Promise<number>((r) => spawn(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" }).on("exit", (c) => r(c ?? 1)))) !== 0) throw new Error("build failed");
    const apps: ChildProcess[] = [];
    const appUrls: string[] = [];
    for (let p = 0; p < PROCESSES; p++) {
      const appPort = await freePort();
      const adapter = PROCESSES > 1 ? { REALTIME_ADAPTER: "postgres" } : {};
      const app = spawn(process.execPath, [...tsx, "server.ts"], { env: { ...childEnv, ...adapter, NODE_ENV: "production", PORT: String(appPort), DATABASE_URL: dbUrl, AUTH_SECRET: process.env.AUTH_SECRET }, stdio: ["ignore", "ignore", "inherit"] });
      started.push(app);
      apps.push(app);
      appUrls.push(`http://127.0.0.1:${appPort}`);
      // One at a time: each applies migrations at start under an advisory lock, which a second
      // process starting alongside may wait on past its timeout on this busy machine.
      await waitFor(`${appUrls[p]}/api/health`);
    }
    const { figures: appFigures, join: appJoin } = await measure(`colloquy${PROCESSES > 1 ? ` (${PROCESSES} processes)` : ""}`, appUrls, tokens, seminar.id, "comment:created", async (i, id) => {
      // writers spread over the processes too
      const res = await fetch(`${appUrls[i % PROCESSES]}/api/v1/threads/${threadFor(i)}/comments`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${writerTokens[i % WRITERS]}` },
        body: JSON.stringify({ body, clientId: id }),
      });
      if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    });
    // The same, with the writes sent as "comment:create" over each writer's own socket, writers
    // spread over the processes like the HTTP ones.
    let socketFigures: Figures | undefined;
    if (appFigures) {
      const groups = await Promise.all(appUrls.map((u, p) => openSocketWriters(u, socketWriterTokens.filter((_, k) => k % PROCESSES === p), seminar.id)));
      ({ figures: socketFigures } = await measure(`colloquy-socket${PROCESSES > 1 ? ` (${PROCESSES} processes)` : ""}`, appUrls, tokens, seminar.id, "comment:created", (i, id) =>
        groups[i % PROCESSES].post(Math.floor(i / PROCESSES), threadFor(i), body, id),
      ));
      groups.forEach((g) => g.close());
    }
    await Promise.all(
      apps.map((app) => {
        const exited = new Promise((r) => app.once("exit", r));
        app.kill("SIGTERM");
        return exited;
      }),
    );
    const joinRow = `| ${appJoin.clients} | ${appJoin.processes} | ${appJoin.joinSeconds.toFixed(1)} s | ${appJoin.presenceMessagesPerClient.toFixed(1)} | ${Math.round(appJoin.presenceBytesPerClient)} |`;
    if (!appFigures) {
      console.log(`\n| clients | processes | join (connect + seminar:join, all at once) | presence:changed per client | presence bytes per client |\n|---|---|---|---|---|\n${joinRow}`);
      fs.mkdirSync(path.dirname(values.out!), { recursive: true });
      fs.writeFileSync(values.out!, JSON.stringify({ at: new Date().toISOString(), params: { clients: N, processes: PROCESSES, workers: WORKERS, database: server.kind }, join: appJoin }, null, 2) + "\n");
      console.log(`wrote ${values.out}`);
      return;
    }

    // The baseline: same clients, same rate, no database.
    const base = fork(path.join("scripts", "bench", "baseline-server.ts"), ["0"], { execArgv: tsx, env: childEnv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    started.push(base);
    const basePort = await new Promise<number>((r) => base.on("message", (m: { kind: string; port: number }) => m.kind === "listening" && r(m.port)));
    const baseUrl = `http://127.0.0.1:${basePort}`;
    const { figures: baseFigures } = await measure("baseline", [baseUrl], tokens, undefined, "bench:msg", async (_i, id) => {
      const res = await fetch(`${baseUrl}/broadcast`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id }) });
      if (res.status !== 201) throw new Error(`baseline answered ${res.status}`);
    });
    base.kill("SIGTERM");
    if (!baseFigures) throw new Error("the baseline measured no deliveries");
    if (!socketFigures) throw new Error("the socket-write run measured no deliveries");

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
    console.log(`\njoin: | clients | processes | join | presence:changed per client | presence bytes per client |\n${joinRow}`);
    console.log(`targets: ${Object.entries(targets).map(([k, v]) => `${k} ${v ? "met" : "NOT met"}`).join(", ")}`);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
      params: { clients: N, comments: M, ratePerSecond: RATE, workers: WORKERS, writers: WRITERS, processes: PROCESSES, threads: THREADS, database: server.kind },
      colloquy: appFigures,
      join: appJoin,
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

// npm run bench:soak [-- --minutes 10 --clients 40 --rate 2 --out bench-results/soak.json]
// A long run of churn against the real server.ts (production build) on a fresh database: client
// slots that connect, join, listen and send typing signals, leave after a while and come back
// with `seminar:join { afterSeq }`, while writers post at a fixed rate over HTTP. The server logs
// its RSS and event-loop delay every 10 s (COLLOQUY_STATS_INTERVAL_MS). At the end every slot
// rejoins once more to catch up, and the run counts, per slot, the seqs it never got (lost) and
// the ones it got twice (duplicated), then prints a table and the verdict against the target:
// 0 lost, 0 duplicated, RSS flat within 10% after the warm-up.
// Bounded: it stops itself after --minutes plus a grace period, and ends every process it started.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { io, type Socket } from "socket.io-client";
import { parseEnv } from "@/lib/env";
import { deployMigrations } from "@/lib/db/migrations";
import { disconnectDb } from "@/lib/db/client";
import type { ClientToServerEvents, DiscussionEvent, ServerToClientEvents } from "@/lib/realtime/events";
import { openTestServer } from "../lib/test-databases";
import { freePort } from "../lib/net";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    clients: { type: "string", default: "40" },
    rate: { type: "string", default: "2" },
    writers: { type: "string", default: "10" },
    out: { type: "string", default: "bench-results/soak.json" },
  },
});
const MINUTES = Number(values.minutes);
const CLIENTS = Number(values.clients);
const RATE = Number(values.rate);
const WRITERS = Number(values.writers);
if (!(MINUTES > 0 && MINUTES <= 120) || !(CLIENTS >= 1 && CLIENTS <= 500) || !(RATE > 0 && RATE <= 50) || !(WRITERS >= 1 && WRITERS <= 100)) {
  console.error("bench:soak: --minutes 0-120, --clients 1..500, --rate 0-50 posts/s, --writers 1..100");
  process.exit(2);
}
// Each writer stays under the per-user write limit (30 a minute).
if ((RATE * 60) / WRITERS > 25) {
  console.error(`bench:soak: ${RATE}/s over ${WRITERS} writers is over 25 posts a minute each; add --writers`);
  process.exit(2);
}
const DURATION_MS = MINUTES * 60_000;
/** Samples before this are the warm-up; the RSS verdict compares the first minute after it with the last. */
const WARMUP_MS = Math.min(60_000, DURATION_MS / 5);
const STATS_MS = Math.min(10_000, Math.max(1000, DURATION_MS / 30));
const GRACE_MS = 5000;
/** A slot stays connected this long, then leaves for a pause, then comes back with afterSeq. */
const STAY_MS = [5_000, 30_000] as const;
const AWAY_MS = [300, 3_000] as const;
const TYPING_EVERY_MS = 5_000;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = ([lo, hi]: readonly [number, number]) => lo + Math.random() * (hi - lo);
const started: ChildProcess[] = [];

interface Sample {
  atMs: number;
  rssMb: number;
  heapMb: number;
  eldP50: number;
  eldP99: number;
  eldMax: number;
}

/** One simulated reader: the seqs it has, across all its connections. */
class Slot {
  /** The seminar's seq at the slot's first join: it is owed everything after it. */
  base = -1;
  have = new Set<number>();
  /** Seqs delivered live, to count one delivered live twice. */
  live = new Set<number>();
  duplicated = 0;
  connects = 0;
  typing = 0;
  socket?: Client;
  private stopped = false;

  constructor(
    readonly url: string,
    readonly token: string,
    readonly seminarId: string,
    readonly threadId: string,
  ) {}

  /** The highest seq up to which the slot holds every event: what it rejoins with. */
  last(): number {
    let n = this.base;
    while (this.have.has(n + 1)) n++;
    return n;
  }

  async join(): Promise<void> {
    const socket: Client = io(this.url, { transports: ["websocket"], auth: { token: this.token }, forceNew: true, reconnection: false });
    this.socket = socket;
    const onEvent = (e: DiscussionEvent) => {
      if (this.live.has(e.seq)) this.duplicated++;
      this.live.add(e.seq);
      this.have.add(e.seq);
    };
    socket.on("comment:created", onEvent);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("connect timeout")), 30_000);
      socket.once("connect", () => (clearTimeout(t), resolve()));
      socket.once("connect_error", (e) => (clearTimeout(t), reject(e)));
    });
    const afterSeq = this.base < 0 ? undefined : this.last();
    let ack = await socket.timeout(30_000).emitWithAck("seminar:join", afterSeq === undefined ? { seminarId: this.seminarId } : { seminarId: this.seminarId, afterSeq });
    if (!ack.ok) throw new Error(`join refused: ${ack.error.message}`);
    if (this.base < 0) this.base = ack.data.seq;
    // A join far behind pages through the rest; at these rates it never is.
    for (;;) {
      for (const e of ack.data.events) {
        // The backlog never repeats what the slot said it has; an overlap with live events
        // committed during the join is expected (the client drops it by seq), not a duplicate.
        if (afterSeq !== undefined && e.seq <= afterSeq) this.duplicated++;
        this.have.add(e.seq);
      }
      if (!ack.data.more) break;
      ack = await socket.timeout(30_000).emitWithAck("seminar:join", { seminarId: this.seminarId, afterSeq: this.last() });
      if (!ack.ok) throw new Error(`join refused: ${ack.error.message}`);
    }
    this.connects++;
  }

  leave() {
    this.socket?.disconnect();
    this.socket = undefined;
  }

  /** Connect, stay (typing now and then), leave, pause, again, until stopped. */
  async churn(errors: string[]) {
    while (!this.stopped) {
      try {
        await this.join();
        const until = Date.now() + between(STAY_MS);
        while (!this.stopped && Date.now() < until) {
          await sleep(Math.min(TYPING_EVERY_MS * (0.5 + Math.random()), until - Date.now()));
          if (this.socket?.connected && !this.stopped) {
            this.socket.emit("thread:typing", { seminarId: this.seminarId, threadId: this.threadId });
            this.typing++;
          }
        }
      } catch (e) {
        errors.push(String(e));
      }
      this.leave();
      if (!this.stopped) await sleep(between(AWAY_MS));
    }
  }

  stop() {
    this.stopped = true;
  }
}

async function main() {
  const env = parseEnv();
  const dbServer = await openTestServer(env.DATABASE_URL, env.COLLOQUY_DATA_DIR);
  let app: ChildProcess | undefined;
  try {
    const dbUrl = await dbServer.createDatabase("soak");
    await deployMigrations(dbUrl);
    process.env.DATABASE_URL = dbUrl;
    process.env.AUTH_SECRET ??= "bench-only-secret-0123456789abcdefghijkl";

    const { signUp } = await import("@/lib/domain/users/service");
    const { createToken } = await import("@/lib/domain/tokens/service");
    const { createSeminar, joinSeminar } = await import("@/lib/domain/seminars/service");
    const { ensureSampleReading, getReading, SAMPLE_READING } = await import("@/lib/domain/readings/service");
    const { createThread } = await import("@/lib/domain/threads/service");
    await ensureSampleReading();
    const reading = await getReading(SAMPLE_READING.slug);
    const actor = async (name: string) => {
      const u = await signUp({ email: `${name.toLowerCase().replace(/\W+/g, ".")}@soak.example.org`, password: "soak-password", name });
      return { id: u.id, email: u.email, name: u.name, via: "session" as const };
    };
    const instructor = await actor("Instructor");
    const seminar = await createSeminar(instructor, { title: "Soak", readingId: reading.id }, "http://localhost");
    const readers = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => actor(`Reader ${i + 1}`)));
    const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => actor(`Writer ${i + 1}`)));
    for (const u of [...readers, ...writers]) await joinSeminar(u, { code: seminar.joinCode! });
    const readerTokens = await Promise.all(readers.map(async (u) => (await createToken(u, { name: "soak" })).token));
    const writerTokens = await Promise.all(writers.map(async (u) => (await createToken(u, { name: "soak" })).token));
    const thread = (await createThread(instructor, seminar.id, { paragraphId: reading.paragraphs[6].id, body: "Soak thread" })).thread;
    await disconnectDb();

    if ((await new Promise<number>((r) => spawn(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" }).on("exit", (c) => r(c ?? 1)))) !== 0) throw new Error("build failed");
    const port = await freePort();
    app = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: "tsconfig.server.json",
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: dbUrl,
        COLLOQUY_STATS_INTERVAL_MS: String(STATS_MS),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    started.push(app);
    const url = `http://127.0.0.1:${port}`;
    let t0 = 0;
    const samples: Sample[] = [];
    let buf = "";
    const ready = new Promise<void>((resolve, reject) => {
      app!.once("exit", (code) => reject(new Error(`server.ts exited with ${code}`)));
      app!.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (/ready on /.test(line)) resolve();
          const m = line.match(/stats rss_mb=([\d.]+) heap_mb=([\d.]+) eld_p50_ms=([\d.]+) eld_p99_ms=([\d.]+) eld_max_ms=([\d.]+)/);
          if (m && t0) samples.push({ atMs: Date.now() - t0, rssMb: +m[1], heapMb: +m[2], eldP50: +m[3], eldP99: +m[4], eldMax: +m[5] });
        }
      });
    });
    await ready;
    console.log(`soak: server.ts on ${url}; ${CLIENTS} client slots churning, ${RATE} posts/s from ${WRITERS} writers, for ${MINUTES} min (warm-up ${(WARMUP_MS / 1000).toFixed(0)} s)`);

    t0 = Date.now();
    const errors: string[] = [];
    const slots = readerTokens.map((t) => new Slot(url, t, seminar.id, thread.id));
    const churning = slots.map((s) => s.churn(errors));

    let posted = 0;
    let postFailed = 0;
    const inflight: Promise<void>[] = [];
    const body = "A comment of about three hundred bytes, like a real one in a seminar: ".padEnd(280, "x");
    for (let i = 0; ; i++) {
      const due = t0 + (i * 1000) / RATE;
      if (due >= t0 + DURATION_MS) break;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      inflight.push(
        fetch(`${url}/api/v1/threads/${thread.id}/comments`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${writerTokens[i % WRITERS]}` },
          body: JSON.stringify({ body, clientId: `soak-${i}-${Math.random().toString(36).slice(2, 8)}` }),
          signal: AbortSignal.timeout(30_000),
        }).then(
          async (res) => {
            if (res.status === 201) posted++;
            else {
              postFailed++;
              errors.push(`POST ${res.status}: ${(await res.text()).slice(0, 200)}`);
            }
          },
          (e) => {
            postFailed++;
            errors.push(`POST failed: ${e}`);
          },
        ),
      );
      if (i % Math.round(RATE * 60) === 0 && i > 0) console.log(`soak: ${((Date.now() - t0) / 60_000).toFixed(1)} min, ${posted} posted, ${slots.reduce((n, s) => n + s.connects, 0)} joins`);
    }
    await Promise.all(inflight);
    slots.forEach((s) => s.stop());
    await Promise.all(churning);
    await sleep(GRACE_MS);
    const endSamples = samples.filter((s) => s.atMs >= DURATION_MS - 60_000 * (DURATION_MS >= 300_000 ? 1 : 0.2));

    // Every slot catches up once more, as a client coming back would, and is then checked.
    const finalSeq = await (async () => {
      let seq = 0;
      for (const s of slots) {
        await s.join();
        seq = Math.max(seq, s.last());
        s.leave();
      }
      return seq;
    })();
    let lost = 0;
    let duplicated = 0;
    let worstLost = 0;
    for (const s of slots) {
      let missing = 0;
      for (let q = s.base + 1; q <= finalSeq; q++) if (!s.have.has(q)) missing++;
      lost += missing;
      worstLost = Math.max(worstLost, missing);
      duplicated += s.duplicated;
    }
    const joins = slots.reduce((n, s) => n + s.connects, 0);
    const typing = slots.reduce((n, s) => n + s.typing, 0);

    const median = (xs: number[]) => {
      const a = [...xs].sort((x, y) => x - y);
      return a.length ? a[Math.floor((a.length - 1) / 2)] : NaN;
    };
    const startSamples = samples.filter((s) => s.atMs >= WARMUP_MS && s.atMs < WARMUP_MS + Math.max(60_000 * (DURATION_MS >= 300_000 ? 1 : 0.2), STATS_MS * 2));
    const start = { rss: median(startSamples.map((s) => s.rssMb)), heap: median(startSamples.map((s) => s.heapMb)), p50: median(startSamples.map((s) => s.eldP50)), p99: median(startSamples.map((s) => s.eldP99)), max: Math.max(...startSamples.map((s) => s.eldMax)) };
    const end = { rss: median(endSamples.map((s) => s.rssMb)), heap: median(endSamples.map((s) => s.heapMb)), p50: median(endSamples.map((s) => s.eldP50)), p99: median(endSamples.map((s) => s.eldP99)), max: Math.max(...endSamples.map((s) => s.eldMax)) };
    const peak = Math.max(...samples.map((s) => s.rssMb));
    const rssChange = (end.rss - start.rss) / start.rss;

    console.log("");
    console.log(`| window | server RSS (median) | heap used | event-loop delay p50 | p99 | max |`);
    console.log(`|---|---|---|---|---|---|`);
    const row = (name: string, w: typeof start) => `| ${name} | ${w.rss.toFixed(1)} MB | ${w.heap.toFixed(1)} MB | ${w.p50.toFixed(1)} ms | ${w.p99.toFixed(1)} ms | ${w.max.toFixed(1)} ms |`;
    console.log(row(`start (after ${(WARMUP_MS / 1000).toFixed(0)} s warm-up)`, start));
    console.log(row("end (last minute)", end));
    console.log("");
    console.log(`| minutes | client slots | joins (with afterSeq after the first) | typing signals | posts ok | posts failed | events | lost | duplicated | RSS change | RSS peak |`);
    console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
    console.log(`| ${MINUTES} | ${CLIENTS} | ${joins} | ${typing} | ${posted} | ${postFailed} | ${finalSeq} | ${lost} | ${duplicated} | ${(rssChange * 100).toFixed(1)}% | ${peak.toFixed(1)} MB |`);
    const verdict = { lost0: lost === 0, duplicated0: duplicated === 0, rssFlatWithin10pct: Math.abs(rssChange) <= 0.1, noFailedPosts: postFailed === 0 };
    console.log(`\ntarget: ${Object.entries(verdict).map(([k, v]) => `${k} ${v ? "met" : "NOT met"}`).join(", ")}`);
    if (errors.length) console.log(`${errors.length} errors, first: ${errors[0]}`);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
      params: { minutes: MINUTES, clients: CLIENTS, ratePerSecond: RATE, writers: WRITERS, warmupMs: WARMUP_MS, statsMs: STATS_MS, database: dbServer.kind },
      counts: { joins, typing, posted, postFailed, events: finalSeq, lost, worstLostPerClient: worstLost, duplicated, errors: errors.length },
      start,
      end,
      rssChange,
      rssPeakMb: peak,
      verdict,
      samples,
    };
    fs.mkdirSync(path.dirname(values.out!), { recursive: true });
    fs.writeFileSync(values.out!, JSON.stringify(result, null, 2) + "\n");
    console.log(`wrote ${values.out}`);
  } finally {
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await Promise.race([new Promise((r) => app!.once("exit", r)), sleep(12_000)]);
    }
    for (const c of started) if (c.exitCode === null) c.kill("SIGKILL");
    await dbServer.close().catch(() => {});
  }
}

// A hard stop however the run goes: the duration, the grace, set-up and the catch-up, with margin.
setTimeout(() => {
  console.error("bench:soak: over its time bound; stopping");
  for (const c of started) if (c.exitCode === null) c.kill("SIGKILL");
  process.exit(1);
}, DURATION_MS + 10 * 60_000).unref();

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench:soak failed: ${e instanceof Error ? e.message : e}`);
    for (const c of started) if (c.exitCode === null) c.kill("SIGKILL");
    process.exit(1);
  },
);

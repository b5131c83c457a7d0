// npm run bench:export [-- --sizes 1000,10000,100000 --formats markdown,html,csv,jsonld,participation --out bench-results/export.json]
// npm run bench:export -- --other-seminars 50 [--other-size 10000 --sizes 10000 --order time --runs 3]
//   exports each seminar alone, then again after adding N other seminars of --other-size comments
//   written over the same minutes (interleaved in time), and prints the ratio per format (the
//   median of --runs timed runs each; the live-heap pass is skipped in this mode).
// Builds one seminar per size in a fresh database (on DATABASE_URL's server, or the embedded
// PostgreSQL when it is unset) with set-based SQL (generate_series: 10 comments a thread,
// reactions, edits, deletions, hidden comments), then exports each format through the export
// service's stream into a sink that only counts bytes, and prints per format and size the time,
// the peak RSS and V8 heap (sampled every 5 ms), and, from a second untimed pass with a full GC
// every 100 ms, the peak live heap the export holds above where it started.
// Bounded: a fixed amount of work and a hard time limit; it drops its database and stops.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { parseEnv } from "@/lib/env";
import { deployMigrations } from "@/lib/db/migrations";
import { renderMissingCommentHtml } from "@/lib/db/post-migrate";
import { disconnectDb } from "@/lib/db/client";
import { openTestServer } from "../lib/test-databases";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const { values } = parseArgs({
  options: {
    sizes: { type: "string" },
    formats: { type: "string" },
    order: { type: "string" },
    "other-seminars": { type: "string", default: "0" },
    "other-size": { type: "string", default: "10000" },
    runs: { type: "string", default: "3" },
    out: { type: "string", default: "bench-results/export.json" },
    "time-limit": { type: "string", default: "900" },
    /** Keep the database afterwards (for EXPLAIN); on an external server only. */
    keep: { type: "boolean", default: false },
  },
});
const OTHERS = Number(values["other-seminars"]);
const OTHER_SIZE = Number(values["other-size"]);
const RUNS = Number(values.runs);
const crowded = OTHERS > 0;
const SIZES = (values.sizes ?? (crowded ? "10000" : "1000,10000,100000")).split(",").map(Number);
const FORMATS = (values.formats ?? (crowded ? "markdown,html,csv,jsonld" : "markdown,html,csv,jsonld,participation")).split(",") as Array<
  "markdown" | "html" | "csv" | "jsonld" | "participation"
>;
const ORDER = (values.order ?? (crowded ? "time" : "paragraph")) as "paragraph" | "time";
const LIMIT_S = Number(values["time-limit"]);
if (
  !SIZES.every((n) => Number.isInteger(n) && n >= 10 && n <= 1_000_000) ||
  !["paragraph", "time"].includes(ORDER) ||
  !(LIMIT_S > 0) ||
  !(Number.isInteger(OTHERS) && OTHERS >= 0 && OTHERS <= 200) ||
  !(Number.isInteger(OTHER_SIZE) && OTHER_SIZE >= 10 && OTHER_SIZE <= 100_000) ||
  !(Number.isInteger(RUNS) && RUNS >= 1 && RUNS <= 10)
) {
  console.error(
    "bench:export: --sizes 10..1000000[,…], --order paragraph|time, --time-limit seconds, --other-seminars 0..200, --other-size 10..100000, --runs 1..10",
  );
  process.exit(2);
}
const STUDENTS = 40;
const PARAGRAPHS = 60;
const MB = 1024 * 1024;

// The whole run stops after the time limit, whatever it is doing.
const guard = setTimeout(() => {
  console.error(`bench:export: stopped after the ${LIMIT_S} s limit`);
  process.exit(1);
}, LIMIT_S * 1000);
guard.unref();

const gc = (globalThis as { gc?: () => void }).gc;

/** Samples RSS and heap every 5 ms while `run` works; the heap peak includes garbage not yet collected. */
async function measure<T>(run: () => Promise<T>): Promise<{ result: T; ms: number; rssMb: number; heapMb: number; baseHeapMb: number }> {
  gc?.();
  gc?.();
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  try {
    const result = await run();
    const ms = performance.now() - t0;
    sample();
    return { result, ms, rssMb: rss / MB, heapMb: heap / MB, baseHeapMb: base.heapUsed / MB };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A second, untimed pass: a full GC every 100 ms, then the heap in use. Its peak is what the
 * export keeps alive (rows in flight, buffers), the figure that must stay flat as counts grow.
 */
async function liveHeap(run: () => Promise<unknown>): Promise<number | null> {
  if (!gc) return null;
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const timer = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  }, 100);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return peak / MB;
}

async function main() {
  const env = parseEnv();
  const server = await openTestServer(env.DATABASE_URL, env.COLLOQUY_DATA_DIR);
  try {
    const dbUrl = await server.createDatabase("export_bench");
    await deployMigrations(dbUrl);
    process.env.DATABASE_URL = dbUrl;
    const { db } = await import("@/lib/db/client");
    const { exportSeminar } = await import("@/lib/domain/exports/service");
    let d = db();
    /** Points the process's one Prisma client (and so the export service) at another database. */
    const switchDatabase = async (url: string) => {
      if (process.env.DATABASE_URL === url) return;
      await disconnectDb();
      process.env.DATABASE_URL = url;
      d = db();
    };

    // People and a reading, shared by every seminar.
    const buildShared = async () => {
      await d.$executeRawUnsafe(`
        INSERT INTO users (id, email, name, password_hash, updated_at)
        SELECT 'bu' || i, 'bench' || i || '@bench.example.org', CASE WHEN i = 0 THEN 'Bench Instructor' ELSE 'Bench Student ' || i END, 'x', now()
        FROM generate_series(0, ${STUDENTS}) i`);
      await d.$executeRawUnsafe(`INSERT INTO readings (id, slug, title, author, year) VALUES ('br', 'bench-reading', 'Bench Reading', 'A. Writer', 1950)`);
      await d.$executeRawUnsafe(`
        INSERT INTO paragraphs (id, reading_id, position, text, content_hash)
        SELECT 'bp' || i, 'br', i, repeat('Paragraph ' || i || ' of the bench reading, long enough to look like prose. ', 8), md5(i::text)
        FROM generate_series(1, ${PARAGRAPHS}) i`);
    };
    await buildShared();

    const results: Array<Record<string, unknown>> = [];
    // The rows above are written by SQL without comments.html, like rows from before that column:
    // the migrate path's backfill renders them, as it would after an upgrade (and is timed here).
    const backfill = async (url: string) => {
      const t0 = performance.now();
      const rendered = await renderMissingCommentHtml(url);
      const s = (performance.now() - t0) / 1000;
      console.log(`html backfill (migrate path): ${rendered.toLocaleString("en")} comments rendered and stored in ${s.toFixed(1)} s (${Math.round(rendered / Math.max(s, 0.001)).toLocaleString("en")}/s)`);
    };
    // One seminar of `n` comments: ten a thread, about 60 words each, some edited, deleted or
    // hidden, reactions on every third; its comments written one second apart from 2026-01-01.
    const buildSeminar = async (sid: string, n: number) => {
      const threads = Math.ceil(n / 10);
      await d.$executeRawUnsafe(`INSERT INTO seminars (id, title, reading_id, join_code) VALUES ('${sid}', 'Bench seminar of ${n} comments', 'br', 'BENCH${sid}')`);
      await d.$executeRawUnsafe(`
        INSERT INTO memberships (seminar_id, user_id, role, pseudonym)
        SELECT '${sid}', 'bu' || i, CASE WHEN i = 0 THEN 'INSTRUCTOR' ELSE 'STUDENT' END::"SeminarRole", i FROM generate_series(0, ${STUDENTS}) i`);
      // Every 7th thread on a passage; every 5th resolved.
      await d.$executeRawUnsafe(`
        INSERT INTO threads (id, seminar_id, paragraph_id, created_by_id, created_at, resolved_at,
                             quote_exact, quote_prefix, quote_suffix, quote_start, quote_end)
        SELECT '${sid}t' || i, '${sid}', 'bp' || (1 + i % ${PARAGRAPHS}), 'bu' || (1 + i % ${STUDENTS}),
               timestamp '2026-01-01' + i * interval '1 minute',
               CASE WHEN i % 5 = 0 THEN timestamp '2026-06-01' END,
               CASE WHEN i % 7 = 0 THEN 'Paragraph' END, CASE WHEN i % 7 = 0 THEN '' END, CASE WHEN i % 7 = 0 THEN ' ' END,
               CASE WHEN i % 7 = 0 THEN 0 END, CASE WHEN i % 7 = 0 THEN 9 END
        FROM generate_series(0, ${threads - 1}) i`);
      await d.$executeRawUnsafe(`
        INSERT INTO comments (id, thread_id, seminar_id, author_id, body, created_at, edited_at, deleted_at, hidden_at)
        SELECT '${sid}c' || g, '${sid}t' || (g / 10), '${sid}', 'bu' || (g % ${STUDENTS + 1}),
               'Comment ' || g || ': ' || repeat('a *considered* remark, with a comma and "quotes" ', 8) || E'\\nsecond line @bench.student.' || (1 + g % ${STUDENTS}),
               timestamp '2026-01-01' + (g / 10) * interval '1 minute' + (g % 10) * interval '1 second',
               CASE WHEN g % 11 = 0 THEN timestamp '2026-06-02' END,
               CASE WHEN g % 37 = 0 THEN timestamp '2026-06-03' END,
               CASE WHEN g % 53 = 0 THEN timestamp '2026-06-04' END
        FROM generate_series(0, ${n - 1}) g`);
      await d.$executeRawUnsafe(`
        INSERT INTO reactions (comment_id, user_id, kind)
        SELECT '${sid}c' || g, 'bu' || (1 + (g + k) % ${STUDENTS}), (ARRAY['AGREE','QUESTION','INSIGHT','CONFUSED'])[1 + k]::"ReactionKind"
        FROM generate_series(0, ${n - 1}) g, generate_series(0, 1) k WHERE g % 3 = 0`);
    };
    // Other seminars' comments, written at the same timestamps as the bench seminars' own (so
    // that in a global time order they interleave one by one), in one statement per table.
    // Shorter bodies and no reactions: only their rows and index entries matter here.
    const buildOthers = async (count: number, n: number) => {
      const threads = Math.ceil(n / 10);
      await d.$executeRawUnsafe(`
        INSERT INTO seminars (id, title, reading_id, join_code)
        SELECT 'os' || s, 'Other seminar ' || s, 'br', 'OTHER' || s FROM generate_series(1, ${count}) s`);
      await d.$executeRawUnsafe(`
        INSERT INTO threads (id, seminar_id, paragraph_id, created_by_id, created_at)
        SELECT 'os' || s || 't' || i, 'os' || s, 'bp' || (1 + i % ${PARAGRAPHS}), 'bu' || (1 + i % ${STUDENTS}), timestamp '2026-01-01' + i * interval '1 minute'
        FROM generate_series(1, ${count}) s, generate_series(0, ${threads - 1}) i`);
      await d.$executeRawUnsafe(`
        INSERT INTO comments (id, thread_id, seminar_id, author_id, body, created_at)
        SELECT 'os' || s || 'c' || g, 'os' || s || 't' || (g / 10), 'os' || s, 'bu' || (g % ${STUDENTS + 1}),
               'Other comment ' || g || ' in seminar ' || s,
               timestamp '2026-01-01' + (g / 10) * interval '1 minute' + (g % 10) * interval '1 second'
        FROM generate_series(1, ${count}) s, generate_series(0, ${n - 1}) g`);
    };
    const exportOnce = async (sid: string, format: (typeof FORMATS)[number]) => {
      const file = await exportSeminar({ id: "bu0" }, sid, { format, order: ORDER }, { origin: "http://localhost:3000" });
      let bytes = 0;
      // The sink: count and drop, as a socket would once the bytes are sent.
      await file.body.pipeTo(new WritableStream({ write: (chunk) => void (bytes += chunk.byteLength) }));
      return bytes;
    };
    /** The median of RUNS timed exports, in seconds, and the bytes of one. */
    const timed = async (sid: string, format: (typeof FORMATS)[number]) => {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const m = await measure(() => exportOnce(sid, format));
        times.push(m.ms / 1000);
        bytes = m.result;
      }
      times.sort((a, b) => a - b);
      return { seconds: times[Math.floor(times.length / 2)], all: times, bytes };
    };

    if (crowded) {
      // Two databases: the seminars alone, and the same seminars among the others. The timed
      // blocks alternate between them (alone, crowded, alone, crowded for each format), so that
      // the load of a shared machine falls on both sides alike.
      const crowdedUrl = await server.createDatabase("export_bench_crowded");
      await deployMigrations(crowdedUrl);
      for (const url of [dbUrl, crowdedUrl]) {
        await switchDatabase(url);
        if (url === crowdedUrl) await buildShared();
        const t0 = performance.now();
        for (const n of SIZES) await buildSeminar(`bs${n}`, n);
        if (url === crowdedUrl) await buildOthers(OTHERS, OTHER_SIZE);
        await backfill(url);
        // Settled as a long-lived database would be: visibility map set, statistics current,
        // dirty pages written, so background work of the build does not land on the timings.
        await d.$executeRawUnsafe(`VACUUM ANALYZE`);
        await d.$executeRawUnsafe(`CHECKPOINT`);
        const [{ total }] = await d.$queryRawUnsafe<Array<{ total: bigint }>>(`SELECT count(*) AS total FROM comments`);
        console.log(
          `${url === crowdedUrl ? `with ${OTHERS} other seminars of ${OTHER_SIZE.toLocaleString("en")} comments` : "alone"}: ` +
            `${Number(total).toLocaleString("en")} comments in the database, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
      }
      for (const n of SIZES) {
        for (const format of FORMATS) {
          const times = { alone: [] as number[], crowded: [] as number[] };
          const bytes = { alone: 0, crowded: 0 };
          for (let round = 0; round < 2; round++) {
            for (const side of ["alone", "crowded"] as const) {
              await switchDatabase(side === "alone" ? dbUrl : crowdedUrl);
              // One untimed export first: a new connection, plans and caches warm up.
              await exportOnce(`bs${n}`, format);
              const r = await timed(`bs${n}`, format);
              times[side].push(...r.all);
              bytes[side] = r.bytes;
            }
          }
          if (bytes.alone !== bytes.crowded) throw new Error(`${format}: ${bytes.crowded} bytes among other seminars, ${bytes.alone} alone`);
          const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
          const a = median(times.alone);
          const c = median(times.crowded);
          const ratio = c / a;
          results.push({ comments: n, format, order: ORDER, otherSeminars: OTHERS, otherSize: OTHER_SIZE, aloneSeconds: +a.toFixed(3), crowdedSeconds: +c.toFixed(3), ratio: +ratio.toFixed(2), aloneRuns: times.alone, crowdedRuns: times.crowded, mb: +(bytes.alone / MB).toFixed(2) });
          const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" ");
          console.log(
            `${String(n).padStart(7)} comments  ${format.padEnd(9)} ${ORDER.padEnd(9)} alone ${a.toFixed(3)} s [${fmt(times.alone)}]  ` +
              `crowded ${c.toFixed(3)} s [${fmt(times.crowded)}]  ratio ${ratio.toFixed(2)}x ${ratio <= 1.2 ? "(within 1.2x)" : "(OVER the 1.2x target)"}`,
          );
        }
      }
    }

    for (const n of crowded ? [] : SIZES) {
      const sid = `bs${n}`;
      const t0 = performance.now();
      await buildSeminar(sid, n);
      await backfill(dbUrl);
      await d.$executeRawUnsafe(`ANALYZE`);
      console.log(`seminar of ${n.toLocaleString("en")} comments built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      for (const format of FORMATS) {
        const run = () => exportOnce(sid, format);
        const m = await measure(run);
        const live = await liveHeap(run);
        const row = {
          comments: n,
          format,
          order: ORDER,
          seconds: +(m.ms / 1000).toFixed(3),
          mb: +(m.result / MB).toFixed(2),
          peakRssMb: +m.rssMb.toFixed(0),
          peakHeapMb: +m.heapMb.toFixed(0),
          liveHeapMb: live === null ? null : +live.toFixed(1),
        };
        results.push(row);
        console.log(
          `${String(n).padStart(7)} comments  ${format.padEnd(13)} ${row.seconds.toFixed(2).padStart(6)} s  ${String(row.mb).padStart(7)} MB out  ` +
            `peak RSS ${String(row.peakRssMb).padStart(4)} MB  peak heap ${String(row.peakHeapMb).padStart(3)} MB  live heap ${live === null ? "n/a" : `${row.liveHeapMb} MB`}`,
        );
      }
    }
    const out = values.out!;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, gc: !!gc, results }, null, 2) + "\n");
    console.log(`wrote ${out}${gc ? "" : " (run with node --expose-gc for comparable memory figures)"}`);
  } finally {
    await disconnectDb().catch(() => {});
    if (values.keep && server.kind === "DATABASE_URL") console.log(`kept the database: ${process.env.DATABASE_URL}`);
    else await server.close().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench:export failed: ${e instanceof Error ? e.stack : e}`);
    process.exit(1);
  },
);

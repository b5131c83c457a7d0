// npm run bench:room [-- --runs 7 --panel-runs 5 --rate 5 --chars 150 --as instructor --out bench-results/room.json]
// How the seminar room holds up in a large seminar: 5,000 comments, 150 members, 60 paragraphs,
// one paragraph with 400 comments (scripts/bench/room-seed.ts builds it with set-based SQL in a
// fresh database). Against the production build (server.ts, built first if needed) it measures:
//   1. GET /seminars/:id over HTTP: time to first byte and to the last byte, and the bytes of the
//      HTML as sent (compressed) and decompressed; the median of --runs, for an instructor and a
//      student;
//   2. in Chromium: open the room until it is live, then click the busiest paragraph's margin
//      and time, in the page, from the click event to the frame that first shows its threads
//      (median of --panel-runs, with a quiet paragraph opened in between);
//   3. with that panel open, type --chars characters into its composer at a person's pace while
//      other members post --rate comments a second over the API: per key, from the keydown
//      event to the first frame after the textarea shows the character (rAF, then a task), and
//      the page's long tasks (PerformanceObserver "longtask") over the flood.
// It prints the figures and whether each target is met, and writes JSON. It asserts nothing:
// a missed target is a figure, not a failure. Bounded: a fixed amount of work, a flood of at
// most --flood-max seconds, and a hard --time-limit (counted after the build, which comes first);
// it ends the processes it started and drops its database.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { hash } from "@node-rs/argon2";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { parseEnv } from "@/lib/env";
import { deployMigrations } from "@/lib/db/migrations";
import { openTestServer, type TestServer } from "../lib/test-databases";
import { RoomPage } from "../../tests/e2e/pages/room";
import { signInWithRequest } from "../../tests/e2e/pages/accounts";
import { SEED, describeSeed, seedRoom, studentEmail, studentToken } from "./room-seed";
import { freePort, waitForOk as waitFor } from "../lib/net";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    "panel-runs": { type: "string", default: "5" },
    rate: { type: "string", default: "5" },
    chars: { type: "string", default: "150" },
    "flood-max": { type: "string", default: "45" },
    as: { type: "string", default: "instructor" },
    out: { type: "string", default: "bench-results/room.json" },
    "time-limit": { type: "string", default: "300" },
  },
});
const RUNS = Number(values.runs);
const PANEL_RUNS = Number(values["panel-runs"]);
const RATE = Number(values.rate);
const CHARS = Number(values.chars);
const FLOOD_MAX_S = Number(values["flood-max"]);
const AS = values.as as "instructor" | "student";
const LIMIT_S = Number(values["time-limit"]);
if (
  !(Number.isInteger(RUNS) && RUNS >= 1 && RUNS <= 50) ||
  !(Number.isInteger(PANEL_RUNS) && PANEL_RUNS >= 1 && PANEL_RUNS <= 20) ||
  !(RATE > 0 && RATE <= 20) ||
  !(Number.isInteger(CHARS) && CHARS >= 10 && CHARS <= 600) ||
  !(FLOOD_MAX_S >= 5 && FLOOD_MAX_S <= 120) ||
  !["instructor", "student"].includes(AS) ||
  !(LIMIT_S > 0)
) {
  console.error("bench:room: --runs 1..50, --panel-runs 1..20, --rate 0-20 posts/s, --chars 10..600, --flood-max 5..120 s, --as instructor|student, --time-limit seconds");
  process.exit(2);
}

const TARGETS = { htmlKB: 150, servedMs: 300, panelMs: 150, keyP95Ms: 50 };
const BUSY = SEED.busyParagraph;
/** A quiet paragraph to open between timed openings of the busy one. */
const QUIET = 1;
/** Keys typed before the flood, for a quiet-room baseline. */
const QUIET_KEYS = 30;
/** How long any one wait in the browser may take: generous, as a slow room is a figure here, not an error. */
const WAIT_MS = 60_000;
const tsx = ["--import", "tsx"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const round = (n: number, d = 1) => (Number.isFinite(n) ? +n.toFixed(d) : null);

// ── what this run started, and how it stops ─────────────────────────────────────────────────
let app: ChildProcess | undefined;
let browser: Browser | undefined;
let dbServer: TestServer | undefined;
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((r) => app!.once("exit", r));
      app.kill("SIGTERM");
      if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) app.kill("SIGKILL");
    }
    await dbServer?.close().catch((e) => console.error(`bench:room: could not drop the database: ${e}`));
  })();
  return cleaning;
}
let timedOut = false;
/** The time limit runs from after the build (a build alone can take minutes on a busy machine). */
function startTimeLimit() {
  setTimeout(() => {
    timedOut = true;
    console.error(`bench:room: stopped after the ${LIMIT_S} s limit`);
    void cleanup().finally(() => process.exit(1));
  }, LIMIT_S * 1000).unref();
}

// ── 1. the room page over HTTP ──────────────────────────────────────────────────────────────
interface PageFetch {
  status: number;
  ttfbMs: number;
  totalMs: number;
  sentBytes: number;
  htmlBytes: number;
  encoding: string;
}

/** One GET as a browser asks for it (compression accepted), to 127.0.0.1 with the Host the cookie is for. */
function getPage(port: number, pathname: string, cookie: string): Promise<PageFetch & { html: Buffer }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        headers: { host: `localhost:${port}`, cookie, accept: "text/html", "accept-encoding": "gzip, deflate, br" },
      },
      (res) => {
        const ttfb = performance.now() - t0;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const totalMs = performance.now() - t0;
          const raw = Buffer.concat(chunks);
          const encoding = String(res.headers["content-encoding"] ?? "identity");
          const html =
            encoding === "gzip" ? zlib.gunzipSync(raw) : encoding === "br" ? zlib.brotliDecompressSync(raw) : encoding === "deflate" ? zlib.inflateSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, ttfbMs: ttfb, totalMs, sentBytes: raw.length, htmlBytes: html.length, encoding, html });
        });
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${pathname} took over 30 s`)));
    req.end();
  });
}

async function measureHttp(port: number, cookie: string) {
  const url = `/seminars/${SEED.seminarId}`;
  const warm = await getPage(port, url, cookie); // compiles routes and warms caches and the pool
  // A 200 could still be some other page (a sign-in form): make sure it is the seminar's room.
  if (warm.status !== 200 || !warm.html.includes(SEED.seminarTitle)) throw new Error(`GET ${url} answered ${warm.status} without the room`);
  const runs: PageFetch[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await getPage(port, url, cookie));
  // How much of the document is React's flight data (the props the client hydrates from, in
  // inline <script>self.__next_f.push(…)</script>) rather than markup.
  const text = warm.html.toString("utf8");
  let flight = 0;
  for (const m of text.matchAll(/<script[^>]*>(?:(?!<\/script>)[\s\S])*?self\.__next_f[\s\S]*?<\/script>/g)) flight += Buffer.byteLength(m[0]);
  return {
    ttfbMs: round(median(runs.map((r) => r.ttfbMs))),
    totalMs: round(median(runs.map((r) => r.totalMs))),
    htmlKB: round(median(runs.map((r) => r.htmlBytes)) / 1024),
    sentKB: round(median(runs.map((r) => r.sentBytes)) / 1024),
    flightDataKB: round(flight / 1024),
    encoding: runs[0].encoding,
    totalRunsMs: runs.map((r) => round(r.totalMs)),
  };
}

// ── 2. and 3. in Chromium ───────────────────────────────────────────────────────────────────
/** Installed before any page script: collects the page's long tasks from the start. */
function collectLongTasks() {
  const w = window as unknown as { __longTasks: Array<[number, number]> };
  w.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // No long task API: the figures say 0 and the JSON says why (longTaskApi: false).
  }
}

/**
 * Knows nothing of the room's markup (tests/e2e/pages/room.ts does): it notes when each click
 * happens and, for every node a DOM change adds or restyles after it, the first animation frame
 * that could show it. A located element's "shown at" is the latest such frame on it or its
 * ancestors (the change that made it visible), so click → shown is measured in the page,
 * without Playwright's polling in it.
 */
function installShownProbe() {
  const w = window as unknown as { __bench: { clickAt: number; shown: Map<Node, number> } };
  const b = (w.__bench = { clickAt: -1, shown: new Map<Node, number>() });
  document.addEventListener(
    "click",
    (e) => {
      b.clickAt = e.timeStamp;
      b.shown = new Map();
    },
    true,
  );
  new MutationObserver((records) => {
    const nodes: Node[] = [];
    for (const r of records) {
      if (r.type === "childList") r.addedNodes.forEach((n) => nodes.push(n));
      else nodes.push(r.target);
    }
    requestAnimationFrame(() => {
      const t = performance.now();
      for (const n of nodes) if (!b.shown.has(n)) b.shown.set(n, t);
    });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["class", "hidden", "style", "open", "aria-hidden"] });
}

/** For an element found visible: ms from the last click to the frame that first showed it. */
function shownSinceClick(el: Element): Promise<number | null> {
  const b = (window as unknown as { __bench: { clickAt: number; shown: Map<Node, number> } }).__bench;
  // One more frame, so a change Playwright saw before its frame ran has its time recorded.
  return new Promise((resolve) =>
    requestAnimationFrame(() =>
      setTimeout(() => {
        let t = -1;
        for (let n: Node | null = el; n; n = n.parentNode) t = Math.max(t, b.shown.get(n) ?? -1);
        resolve(t < 0 || b.clickAt < 0 ? null : t - b.clickAt);
      }, 0),
    ),
  );
}

/** Per key: keydown's event time → the first frame (rAF, then a task) after the textarea's value changed. */
function installKeyProbe(el: Element) {
  const area = el as HTMLTextAreaElement;
  const w = window as unknown as { __keys: KeyFigure[] };
  w.__keys = [];
  area.addEventListener(
    "keydown",
    (e) => {
      const t0 = e.timeStamp;
      const before = area.value;
      const queuedMs = performance.now() - t0;
      const check = (tries: number) =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            if (area.value !== before) w.__keys.push({ ms: performance.now() - t0, queuedMs });
            else if (tries < 120) check(tries + 1);
            else w.__keys.push({ ms: null, queuedMs });
          }, 0),
        );
      check(0);
    },
    true,
  );
}

// What the measured member types: plain prose, no "@" (that opens the mention list) and no newline.
const TYPED =
  "I read this paragraph as a claim about dependence rather than strength; the supply figures matter less than who controls them, and when. Does that hold up? ";
/** A person's pace: 60-240 ms between keys, longer after a space or a comma now and then (deterministic). */
function keyDelay(i: number, ch: string) {
  const r = ((i * 2654435761) >>> 0) / 2 ** 32;
  return 60 + r * 180 + (/[ ,;.]/.test(ch) && i % 3 === 0 ? 220 : 0);
}

type KeyFigure = { ms: number | null; queuedMs: number };

/**
 * Types `count` characters of TYPED (from character `from`) on a person's schedule: when the page
 * falls behind, the next key is not held back until it catches up (a person does not wait for
 * the screen); it goes out when due. Stops early when `stopped()` says so. Returns the per-key
 * figures the page recorded (bounded wait for the last ones) and clears them.
 */
async function typeAtPace(page: Page, from: number, count: number, stopped: () => boolean = () => false): Promise<KeyFigure[]> {
  let due = performance.now();
  let typed = 0;
  for (let i = from; i < from + count && !stopped(); i++, typed++) {
    const ch = TYPED[i % TYPED.length];
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await page.keyboard.type(ch);
    due += keyDelay(i, ch);
  }
  return page.evaluate(async (n) => {
    const w = window as unknown as { __keys: KeyFigure[] };
    for (let i = 0; i < 50 && w.__keys.length < n; i++) await new Promise((r) => setTimeout(r, 100));
    return w.__keys.splice(0);
  }, typed);
}

function keyStats(keys: KeyFigure[]) {
  const lat = keys.map((k) => k.ms).filter((x): x is number => x !== null).sort((a, b) => a - b);
  return {
    keys: keys.length,
    noFrame: keys.filter((k) => k.ms === null).length,
    p50: round(percentile(lat, 50)),
    p95: round(percentile(lat, 95)),
    max: round(lat[lat.length - 1] ?? NaN),
    queuedP95: round(percentile(keys.map((k) => k.queuedMs).sort((a, b) => a - b), 95)),
  };
}

const floodBody = (i: number) =>
  `Replying while the seminar is busy (flood ${i}): I think the *supply* figures in this paragraph are doing less work than the author claims.\n\n` +
  (i % 2 ? "> the pace of change was uneven\n\nThat line is the real argument." : "- dates are vague\n- sources are unnamed");

/** The machine may be shared: its load goes into the JSON next to the figures. */
const loadAtStart = os.loadavg().map((x) => round(x, 2));

async function main() {
  const env = parseEnv();
  // The app's production build first (none yet, or sources newer than it).
  if ((await new Promise<number>((r) => spawn(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" }).on("exit", (c) => r(c ?? 1)))) !== 0) throw new Error("build failed");
  startTimeLimit();
  dbServer = await openTestServer(env.DATABASE_URL, env.COLLOQUY_DATA_DIR);
  const dbUrl = await dbServer.createDatabase("benchroom");
  await deployMigrations(dbUrl);
  const t0 = performance.now();
  const { busyThreadIds, otherThreadIds } = await seedRoom(dbUrl, await hash(SEED.password));
  const seeded = await describeSeed(dbUrl);
  console.log(
    `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${seeded.members} members, ${seeded.paragraphs} paragraphs (~${seeded.paragraphChars} chars), ` +
      `${seeded.threads} threads, ${seeded.comments} comments (~${seeded.commentChars} chars), ${seeded.reactions} reactions, last_seq ${seeded.lastSeq}; ` +
      `paragraph ${BUSY}: ${seeded.busyComments} comments in ${seeded.busyThreads} threads (longest thread ${seeded.longestThread})`,
  );

  // The app: its own process and port.
  const port = await freePort();
  const secret = process.env.AUTH_SECRET ?? "bench-room-only-secret-0123456789abcdefgh";
  app = spawn(process.execPath, [...tsx, "server.ts"], {
    env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.server.json", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", PORT: String(port), DATABASE_URL: dbUrl, AUTH_SECRET: secret },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitFor(`http://127.0.0.1:${port}/api/health`);
  const base = `http://localhost:${port}`;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--host-resolver-rules=MAP localhost 127.0.0.1, MAP * ~NOTFOUND",
    ],
  });
  const signedIn = async (email: string): Promise<{ context: BrowserContext; cookie: string }> => {
    const context = await browser!.newContext({ baseURL: base, reducedMotion: "reduce" });
    context.setDefaultTimeout(WAIT_MS);
    await signInWithRequest(context.request, email, SEED.password);
    const cookie = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ");
    return { context, cookie };
  };
  const instructor = await signedIn(SEED.instructor.email);
  const student = await signedIn(studentEmail(1));

  // 1. The room page over HTTP.
  const httpFigures = { instructor: await measureHttp(port, instructor.cookie), student: await measureHttp(port, student.cookie) };
  for (const [who, f] of Object.entries(httpFigures)) {
    console.log(
      `GET /seminars/:id as ${who.padEnd(10)} first byte ${f.ttfbMs} ms, last byte ${f.totalMs} ms (median of ${RUNS}), ` +
        `HTML ${f.htmlKB} KB (${f.flightDataKB} KB of it flight data), ${f.sentKB} KB sent (${f.encoding})`,
    );
  }

  // 2. Open the room in Chromium, then the busiest panel.
  const me = AS === "instructor" ? instructor : student;
  const myName = AS === "instructor" ? SEED.instructor.name : (await (await me.context.request.get("/api/v1/me")).json()).name;
  // tsx compiles this file with esbuild's keepNames, which wraps inner functions in __name(…);
  // the functions handed to the page need that helper there too.
  await me.context.addInitScript({ content: "globalThis.__name ??= (f) => f;" });
  await me.context.addInitScript(collectLongTasks);
  const page: Page = await me.context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const room = new RoomPage(page);
  const openStart = performance.now();
  await room.goto(SEED.seminarId, myName, { timeout: WAIT_MS });
  const liveMs = performance.now() - openStart;
  // Page time (from navigation start) when Playwright saw it live: its polling makes this coarse
  // (up to a few hundred ms late); the navigation timings below are exact.
  const liveAt = await page.evaluate(() => performance.now());
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return { responseStart: n.responseStart, responseEnd: n.responseEnd, domInteractive: n.domInteractive, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  await page.evaluate(installShownProbe);
  const busyIds = new Set(busyThreadIds);
  const panelRuns: Array<number | null> = [];
  /** The same openings timed from outside, click call to Playwright seeing the thread: a cross-check (includes Playwright's round trips). */
  const panelWallRuns: number[] = [];
  for (let i = 0; i < PANEL_RUNS; i++) {
    await room.openMargin(QUIET, { timeout: WAIT_MS });
    await room.panelThreads().first().waitFor({ timeout: WAIT_MS });
    await sleep(300); // let the quiet panel settle before the timed click
    const w0 = performance.now();
    await room.openMargin(BUSY, { timeout: WAIT_MS });
    const first = room.panelThreads().first();
    await first.waitFor({ timeout: WAIT_MS });
    // A panel that still showed the quiet paragraph's threads for a moment must not count.
    for (let t = 0; t < 200 && !busyIds.has((await room.threadIdOf(first)) ?? ""); t++) await sleep(25);
    panelWallRuns.push(performance.now() - w0);
    panelRuns.push(await first.evaluate(shownSinceClick));
  }
  const panelMs = median(panelRuns.filter((x): x is number => x !== null));
  const threadsShown = await room.panelThreads().count();
  console.log(
    `room page: response ${nav.responseStart.toFixed(0)}-${nav.responseEnd.toFixed(0)} ms, DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms, ` +
      `live seen at about ${liveAt.toFixed(0)} ms (page time from navigation start)`,
  );
  console.log(
    `busiest panel (paragraph ${BUSY}) shows its threads ` +
      `${panelMs.toFixed(1)} ms after the click (median of ${PANEL_RUNS}: ${panelRuns.map((x) => (x === null ? "n/a" : x.toFixed(0))).join(" ")}; ` +
      `seen from Playwright ${median(panelWallRuns).toFixed(0)} ms), ${threadsShown} threads in the panel`,
  );

  // 3. Type into the open panel's composer while other members post RATE comments a second.
  const box = room.newThreadBox(BUSY);
  await box.click();
  await box.evaluate(installKeyProbe);
  // A short quiet baseline first: the same composer with nothing arriving.
  const quietKeys = keyStats(await typeAtPace(page, 0, QUIET_KEYS));
  console.log(`composer, quiet room: ${quietKeys.keys} keys, key-to-screen p50 ${quietKeys.p50} ms, p95 ${quietKeys.p95} ms, max ${quietKeys.max} ms`);
  const writable = (ids: string[]) => ids.filter((id) => Number(id.slice(3)) % 31 !== 2); // seeded locked threads take no replies
  // The open panel's list is virtualised: only the threads near its viewport are in the page. The
  // busy half of the flood replies to those, so the count of flood comments shown below checks that
  // live replies reach the open panel (replies to threads scrolled out of view are not in the DOM).
  const rendered = (await room.threads().evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.threadId ?? ""))).filter((id) => busyIds.has(id));
  const busyTargets = writable(rendered.length ? rendered : busyThreadIds);
  const otherTargets = writable(otherThreadIds);
  let stop = false;
  const posts: Promise<void>[] = [];
  const postErrors: string[] = [];
  let postedBusy = 0;
  let postedOther = 0;
  const floodStartPage = await page.evaluate(() => performance.now());
  const floodBegin = performance.now();
  let floodEnd = 0;
  // The flood lasts as long as the typing, and never longer than --flood-max.
  const flood = (async () => {
    for (let i = 0; !stop && performance.now() - floodBegin < FLOOD_MAX_S * 1000; i++) {
      const wait = floodBegin + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      if (stop) break;
      // Every other comment lands in the open panel's paragraph; the rest elsewhere in the room.
      const busy = i % 2 === 0;
      const thread = busy ? busyTargets[(i / 2) % busyTargets.length] : otherTargets[((i - 1) * 7) % otherTargets.length];
      const writer = 2 + (i % (SEED.students - 1)); // student 1 is the measured student
      posts.push(
        fetch(`http://127.0.0.1:${port}/api/v1/threads/${thread}/comments`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${studentToken(writer)}` },
          body: JSON.stringify({ body: floodBody(i), clientId: `bench-room-${i}` }),
        }).then(
          async (res) => {
            if (res.status !== 201) postErrors.push(`${res.status} ${await res.text()}`);
            else if (busy) postedBusy++;
            else postedOther++;
          },
          (e) => void postErrors.push(String(e)),
        ),
      );
    }
    floodEnd = performance.now();
  })();
  await sleep(2000); // the flood is under way before the first key
  const keys = await typeAtPace(page, QUIET_KEYS, CHARS, () => floodEnd > 0);
  const floodEndPage = await page.evaluate(() => performance.now());
  stop = true;
  await flood;
  await Promise.all(posts);
  const floodSeconds = (floodEnd - floodBegin) / 1000;
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: Array<[number, number]> }).__longTasks);
  const longTaskApi = await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes("longtask"));
  const inFlood = longTasks.filter(([start]) => start >= floodStartPage && start <= floodEndPage);
  const beforeLive = longTasks.filter(([start]) => start <= liveAt);
  // How many of the flood's comments in the open paragraph the panel shows (a sanity check that the flood reached the page).
  let shownFlood = 0;
  for (let i = 0; i < 30; i++) {
    shownFlood = await room.comment(/\(flood \d+\)/).count();
    if (shownFlood >= postedBusy) break;
    await sleep(200);
  }
  const keyFigures = keyStats(keys);
  const floodFigures = {
    seconds: round(floodSeconds),
    posted: postedBusy + postedOther,
    postedToOpenParagraph: postedBusy,
    failed: postErrors.length,
    firstError: postErrors[0] ?? null,
    shownInOpenPanel: shownFlood,
    ratePerSecond: round((postedBusy + postedOther) / floodSeconds, 2),
  };
  const longTaskFigures = {
    longTaskApi,
    duringFlood: { count: inFlood.length, totalMs: round(inFlood.reduce((s, [, d]) => s + d, 0)), maxMs: round(Math.max(0, ...inFlood.map(([, d]) => d))) },
    untilLive: { count: beforeLive.length, totalMs: round(beforeLive.reduce((s, [, d]) => s + d, 0)), maxMs: round(Math.max(0, ...beforeLive.map(([, d]) => d))) },
  };
  console.log(
    `flood: ${floodFigures.posted} comments in ${floodFigures.seconds} s (${floodFigures.ratePerSecond}/s; ${postedBusy} in the open paragraph, ` +
      `${shownFlood} of them shown in its panel), ${floodFigures.failed} failed${floodFigures.firstError ? ` (first: ${floodFigures.firstError.slice(0, 160)})` : ""}`,
  );
  console.log(
    `composer: ${keyFigures.keys} keys${keys.length < CHARS ? ` (the flood hit its ${FLOOD_MAX_S} s cap after ${keys.length} of ${CHARS})` : ""}, key-to-screen p50 ${keyFigures.p50} ms, p95 ${keyFigures.p95} ms, max ${keyFigures.max} ms` +
      `${keyFigures.noFrame ? `, ${keyFigures.noFrame} never shown` : ""} (keydown queued p95 ${keyFigures.queuedP95} ms)`,
  );
  console.log(
    `long tasks during the flood: ${longTaskFigures.duringFlood.count}, ${longTaskFigures.duringFlood.totalMs} ms in all, longest ${longTaskFigures.duringFlood.maxMs} ms; ` +
      `until live: ${longTaskFigures.untilLive.count}, ${longTaskFigures.untilLive.totalMs} ms${longTaskApi ? "" : " (no long task API in this browser)"}`,
  );

  const worstHttp = (k: "htmlKB" | "totalMs") => Math.max(httpFigures.instructor[k] ?? Infinity, httpFigures.student[k] ?? Infinity);
  const targets = {
    [`roomHtmlUnder${TARGETS.htmlKB}KB`]: worstHttp("htmlKB") < TARGETS.htmlKB,
    [`roomServedUnder${TARGETS.servedMs}ms`]: worstHttp("totalMs") < TARGETS.servedMs,
    [`busiestPanelUnder${TARGETS.panelMs}ms`]: panelMs < TARGETS.panelMs,
    [`keyToScreenP95Under${TARGETS.keyP95Ms}ms`]: (keyFigures.p95 ?? Infinity) < TARGETS.keyP95Ms,
  };
  if (pageErrors.length) console.log(`the page threw ${pageErrors.length} error(s), first: ${pageErrors[0]}`);
  console.log(`targets: ${Object.entries(targets).map(([k, v]) => `${k} ${v ? "met" : "MISSED"}`).join(", ")}`);
  console.log("  (HTML size: decompressed, the larger of instructor and student; served: median time to the last byte, the slower of the two)");

  const result = {
    at: new Date().toISOString(),
    machine: { loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, chromium: browser.version() },
    params: { runs: RUNS, panelRuns: PANEL_RUNS, ratePerSecond: RATE, chars: CHARS, browserAs: AS, database: dbServer.kind },
    seed: seeded,
    http: httpFigures,
    room: {
      gotoToLiveMs: round(liveMs),
      liveSeenPageTimeMs: round(liveAt),
      navigation: Object.fromEntries(Object.entries(nav).map(([k, v]) => [k, round(v)])),
      busyParagraph: BUSY,
      panelMs: round(panelMs),
      panelRunsMs: panelRuns.map((x) => (x === null ? null : round(x))),
      panelPlaywrightMs: round(median(panelWallRuns)),
      threadsShown,
    },
    flood: floodFigures,
    keyToScreen: { duringFlood: keyFigures, quiet: quietKeys },
    longTasks: longTaskFigures,
    targets,
    pageErrors,
  };
  fs.mkdirSync(path.dirname(values.out!), { recursive: true });
  fs.writeFileSync(values.out!, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${values.out}`);
}

main().then(
  async () => {
    await cleanup();
    process.exit(0);
  },
  async (e) => {
    // After the time limit, main fails on the browser or server the guard just closed: not news.
    if (!timedOut) console.error(`bench:room failed: ${e instanceof Error ? e.stack : e}`);
    await cleanup();
    process.exit(1);
  },
);

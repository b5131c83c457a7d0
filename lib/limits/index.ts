// Every abuse limit of the app, with its numbers and the reason for them, and the one way a
// refusal reaches a person: AppError("RATE_LIMITED") with the wait (429 + Retry-After over HTTP,
// `{ ok: false, error: { code: "RATE_LIMITED" } }` over the socket).
//
// Store: rate-limiter-flexible's RateLimiterPostgres on the `rate_limits` table (a Prisma
// migration creates it; `tableCreated: true` so the library never runs DDL), so every server
// process on one database shares one count. It needs a pg client the library can call `query`
// on; Prisma's pool is hidden inside its adapter, so the limiter has a small pool of its own
// (max 3, created on first use, closed by server.ts after Prisma). A request takes one
// connection for one upsert, so 3 is plenty and keeps it out of the app pool's way.
// Per-socket limits live in this process's memory: a socket belongs to exactly one process, and
// a database round trip per typing signal would cost more than the signal itself.
//
// When the database cannot be reached, each shared limit falls back to a per-process count in
// memory with the same numbers and logs one line a minute. Failing closed (503) would add
// nothing during an outage (the write it guards fails anyway, with its own message) and would
// turn a limiter-only hiccup (its pool exhausted, a slow upsert) into refused sign-ins; failing
// wide open would let a flood through exactly when the database is struggling.
import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

export interface LimitSpec {
  /** Attempts allowed per window. */
  points: number;
  /** Window length, from the first counted attempt. */
  seconds: number;
  /** "shared": PostgreSQL, all processes; "process": this process's memory. */
  store: "shared" | "process";
  /** What the count is kept per, for the docs. */
  per: string;
  /** Why these numbers. */
  why: string;
  /** What the person reads; `wait` is "12 seconds" or "14 minutes". */
  refused: (wait: string) => string;
}

export const LIMITS = {
  writes: {
    points: 30,
    seconds: 60,
    store: "shared",
    per: "user",
    why: "Comments, edits, reactions and moderation: a person in a lively discussion writes a few a minute; 30 stops a runaway script without touching anyone typing by hand.",
    refused: (wait) => `You are writing faster than 30 changes a minute. Wait ${wait} and try again.`,
  },
  signInIp: {
    points: 100,
    seconds: 15 * 60,
    store: "shared",
    per: "client IP (failed sign-ins)",
    why: "Password spraying: one address trying many accounts. Only failures count (a success gives its point back), so a classroom behind one address signing in before class is not slowed; 100 mistakes in 15 minutes is not a classroom.",
    refused: (wait) => `Too many failed sign-ins from your network. Wait ${wait} and try again.`,
  },
  signInAccountIp: {
    points: 10,
    seconds: 15 * 60,
    store: "shared",
    per: "account email + client IP (consecutive failed sign-ins)",
    why: "Guessing one person's password. Keyed by account and address together, never by the account alone, so an attacker elsewhere can never lock the owner out; a successful sign-in clears it.",
    refused: (wait) => `Too many failed sign-ins for this email. Wait ${wait} and try again.`,
  },
  signUpIp: {
    points: 300,
    seconds: 60 * 60,
    store: "shared",
    per: "client IP",
    why: "Each sign-up costs an argon2 hash and a row. A lecture of 200 signing up from one campus NAT address in the first hour stays under 300; a script making accounts does not.",
    refused: (wait) => `Too many new accounts from your network. Wait ${wait} and try again.`,
  },
  joinUser: {
    points: 20,
    seconds: 10 * 60,
    store: "shared",
    per: "user (join attempts)",
    why: "Join codes are secrets; guessing them one account at a time. A person joins a handful of seminars, not 20 in 10 minutes.",
    refused: (wait) => `Too many join attempts. Wait ${wait} and check the code with your instructor.`,
  },
  joinIp: {
    points: 60,
    seconds: 10 * 60,
    store: "shared",
    per: "client IP (failed join-code attempts and invite look-ups)",
    why: "Join-code guessing spread over many accounts, or signed out through the /join/<code> page. Only codes that do not work count, so a class joining from one address is not slowed.",
    refused: (wait) => `Too many join codes that did not work from your network. Wait ${wait} and check the code with your instructor.`,
  },
  exports: {
    points: 20,
    seconds: 10 * 60,
    store: "shared",
    per: "user",
    why: "An export reads and renders a whole discussion (the heaviest read there is); 20 in 10 minutes covers trying every format and option.",
    refused: (wait) => `Too many exports in a short time. Wait ${wait} and try again.`,
  },
  imports: {
    points: 30,
    seconds: 10 * 60,
    store: "shared",
    per: "user (previews and imports together)",
    why: "Parsing an uploaded reading (PDF, HTML, Markdown) is CPU-heavy; preparing a reading takes a few previews and one import.",
    refused: (wait) => `Too many readings previewed or imported in a short time. Wait ${wait} and try again.`,
  },
  socketJoin: {
    points: 20,
    seconds: 60,
    store: "process",
    per: "socket (seminar:join)",
    why: "Each join reads membership, backlog and presence; a client joins a few rooms and rejoins after reconnecting (a new socket, a new count).",
    refused: (wait) => `Too many seminar joins on this connection. Wait ${wait} and try again.`,
  },
  socketWrites: {
    points: 120,
    seconds: 60,
    store: "process",
    per: "socket (thread:create, comment:create/edit/delete, reaction:set, thread:update)",
    why: "Write events are also counted by the per-user writes limit, but only once they are valid and allowed; this caps the events themselves (malformed, refused or repeated ones too), so a socket cannot make the server parse and check a flood. 120 a minute is four times the writes limit.",
    refused: (wait) => `Too many writes on this connection. Wait ${wait} and try again.`,
  },
  socketTyping: {
    points: 20,
    seconds: 10,
    store: "process",
    per: "socket (thread:typing)",
    why: "Typing signals are volatile hints the client sends at most every couple of seconds; more is a flood to the whole room. Extra signals are dropped silently (no ack).",
    refused: (wait) => `Typing signals are coming too fast. Wait ${wait}.`,
  },
} as const satisfies Record<string, LimitSpec>;

export type LimitName = keyof typeof LIMITS;

/** "12 seconds" / "1 second" below two minutes, "14 minutes" above. */
export function formatWait(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** The refusal as everyone receives it: 429 with Retry-After, or a RATE_LIMITED ack. */
export function rateLimitedError(name: LimitName, msBeforeNext: number): AppError {
  const wait = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError("RATE_LIMITED", LIMITS[name].refused(formatWait(wait)), { retryAfterSeconds: wait });
}

/** Keys that hold an email are hashed: bounded length (the column is varchar(255)), no addresses at rest. */
export function accountIpKey(email: string, ip: string): string {
  return `${createHash("sha256").update(email.trim().toLowerCase()).digest("base64url").slice(0, 32)}@${ip}`;
}

interface Limiter {
  store: RateLimiterPostgres | RateLimiterMemory;
  /** For a shared limit while the database is unreachable. */
  fallback?: RateLimiterMemory;
}

interface State {
  pool?: pg.Pool;
  limiters: Map<LimitName, Limiter>;
  sweeper?: NodeJS.Timeout;
  lastOutageLog: number;
}

// On globalThis for the same reason as the Prisma client: the custom server (tsx) and Next's
// bundled route code load separate copies of this module in one process; they share one pool.
const g = globalThis as unknown as { __colloquyLimits?: State };
const state: State = (g.__colloquyLimits ??= { limiters: new Map(), lastOutageLog: 0 });

const TABLE = "rate_limits";
/** Expired rows are deleted this often; rows only live as long as their window (at most an hour). */
const SWEEP_EVERY_MS = 5 * 60_000;

function pool(): pg.Pool {
  if (!state.pool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set: the server sets it at start-up");
    // Short timeouts: a limiter that cannot answer quickly falls back to memory rather than
    // holding the request it guards.
    const p = new pg.Pool({ connectionString, max: 3, idleTimeoutMillis: 10_000, allowExitOnIdle: true, connectionTimeoutMillis: 1500, query_timeout: 2000 });
    p.on("error", (err) => console.error(`colloquy: rate-limit pool: ${err.message}`));
    state.pool = p;
    state.sweeper = setInterval(() => void sweepExpired().catch(() => {}), SWEEP_EVERY_MS);
    state.sweeper.unref();
  }
  return state.pool;
}

/** Deletes the rows whose window has ended (they count for nothing); returns how many. */
export async function sweepExpired(): Promise<number> {
  const r = await pool().query(`DELETE FROM "${TABLE}" WHERE expire < $1`, [Date.now()]);
  return r.rowCount ?? 0;
}

function limiter(name: LimitName): Limiter {
  let l = state.limiters.get(name);
  if (!l) {
    const spec: LimitSpec = LIMITS[name];
    const opts = { keyPrefix: name, points: spec.points, duration: spec.seconds };
    l =
      spec.store === "process"
        ? { store: new RateLimiterMemory(opts) }
        : {
            store: new RateLimiterPostgres({
              ...opts,
              storeClient: pool(),
              storeType: "pool",
              tableName: TABLE,
              tableCreated: true,
              // One sweep for the whole table runs above; not one timer per limit.
              clearExpiredByTimeout: false,
              // A key already over its limit is refused from memory until its window ends: a
              // flood costs no database round trips.
              inMemoryBlockOnConsumed: spec.points + 1,
            }),
            fallback: new RateLimiterMemory(opts),
          };
    state.limiters.set(name, l);
  }
  return l;
}

function storeDown(err: unknown) {
  if (Date.now() - state.lastOutageLog < 60_000) return;
  state.lastOutageLog = Date.now();
  console.error(`colloquy: rate limits: the database did not answer (${(err as Error)?.message ?? err}); counting per process until it does`);
}

/** Runs op on the shared store, or on the per-process fallback when the store fails. */
async function run<T>(name: LimitName, op: (l: RateLimiterPostgres | RateLimiterMemory) => Promise<T>): Promise<T> {
  const l = limiter(name);
  try {
    return await op(l.store);
  } catch (err) {
    if (err instanceof RateLimiterRes || !l.fallback) throw err;
    storeDown(err);
    return op(l.fallback);
  }
}

/** Counts one attempt; throws RATE_LIMITED when it is over the limit. */
export async function consume(name: LimitName, key: string): Promise<void> {
  try {
    await run(name, (s) => s.consume(key));
  } catch (err) {
    if (err instanceof RateLimiterRes) throw rateLimitedError(name, err.msBeforeNext);
    throw err;
  }
}

/** Counts several limits for one attempt, all of them (so each sees it), then throws the longest refusal. */
export async function consumeAll(checks: Array<[LimitName, string]>): Promise<void> {
  const results = await Promise.allSettled(checks.map(([name, key]) => consume(name, key)));
  const refused = results
    .map((r) => (r.status === "rejected" ? r.reason : null))
    .filter((e): e is AppError => e instanceof AppError)
    .sort((a, b) => (b.details.retryAfterSeconds ?? 0) - (a.details.retryAfterSeconds ?? 0));
  if (refused.length) throw refused[0];
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/** Gives back an attempt that turned out not to count (a success where only failures count). */
export async function refund(name: LimitName, key: string): Promise<void> {
  await run(name, (s) => s.reward(key)).catch(() => {});
}

/** Forgets a key (a successful sign-in clears its consecutive failures; a socket that left). */
export async function forget(name: LimitName, key: string): Promise<void> {
  await run(name, (s) => s.delete(key)).catch(() => {});
}

/** Seconds until `key` may try again, or 0 when it may now; a store that fails says 0. */
export async function waitSeconds(name: LimitName, key: string): Promise<number> {
  const res = await run(name, (s) => s.get(key)).catch(() => null);
  if (!res || res.consumedPoints < LIMITS[name].points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** For tests and the demo seed: forget the counts of these limits (all when not given), shared and in memory. */
export async function resetLimits(only?: LimitName[]): Promise<void> {
  const names = only ?? (Object.keys(LIMITS) as LimitName[]);
  for (const name of names) {
    const l = state.limiters.get(name);
    if (l?.store instanceof RateLimiterPostgres) l.store.deleteInMemoryBlockedAll();
    state.limiters.delete(name);
  }
  if (!process.env.DATABASE_URL) return;
  if (only) await pool().query(`DELETE FROM "${TABLE}" WHERE split_part(key, ':', 1) = ANY($1)`, [names]);
  else await pool().query(`DELETE FROM "${TABLE}"`);
}

/** server.ts calls this at shutdown, after Prisma: ends the limiter's pool and its sweep. */
export async function closeLimits(): Promise<void> {
  const p = state.pool;
  if (state.sweeper) clearInterval(state.sweeper);
  state.pool = undefined;
  state.sweeper = undefined;
  state.limiters.clear();
  await p?.end();
}

// How many exports of this process read at once. Each running export holds one pool connection
// for its whole download (its snapshot, lib/db/snapshot.ts), and a download goes at the
// downloader's pace: without a cap, a few slow downloads would take every connection of the
// pool and stall every seminar served by the process. Exports past the cap wait their turn
// (holding no connection) and are refused with 429 if no slot frees up in time.
// Per process, like the write limit (lib/domain/ratelimit.ts); kept on globalThis because the
// custom server and Next's bundled route code load separate copies of a module.
import "server-only";
import { AppError } from "@/lib/errors";

/** Exports reading at once per process: a small share of the pool (10 connections). */
export const EXPORT_SLOTS = 3;
/** How long an export waits for a slot before it is refused. */
export const EXPORT_SLOT_WAIT_MS = 20_000;

interface Slots {
  running: number;
  waiting: Array<() => void>;
}
const g = globalThis as unknown as { __colloquyExportSlots?: Slots };
const slots: Slots = (g.__colloquyExportSlots ??= { running: 0, waiting: [] });

/** Waits for a slot; the returned function gives it back (once, however often it is called). */
export async function takeExportSlot(waitMs = EXPORT_SLOT_WAIT_MS): Promise<() => void> {
  if (slots.running >= EXPORT_SLOTS) {
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        slots.waiting.splice(slots.waiting.indexOf(turn), 1);
        reject(new AppError("RATE_LIMITED", "Too many exports are being downloaded right now. Try again in a minute.", { retryAfterSeconds: 60 }));
      }, waitMs);
      slots.waiting.push(turn);
    });
    // The slot was handed over by release() below without being given back: running is unchanged.
  } else {
    slots.running++;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = slots.waiting.shift();
    if (next) next();
    else slots.running--;
  };
}

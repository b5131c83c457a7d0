// A read-only REPEATABLE READ transaction held open across awaits the caller controls: every
// query through `tx` sees the database as it was at the transaction's first read, however long
// the caller takes between queries (a streamed export pulls one page at a time). It holds one
// pool connection until `close()`; the timeout rolls it back if a caller never closes it.
import "server-only";
import { Prisma } from "./generated/client";
import { db } from "./client";

export type SnapshotClient = Prisma.TransactionClient;

export interface Snapshot {
  tx: SnapshotClient;
  /** Ends the transaction and returns its connection; safe to call more than once. Never throws. */
  close(): Promise<void>;
}

export interface SnapshotOptions {
  /** The longest the transaction may stay open, after which Prisma rolls it back and `tx` fails. */
  timeoutMs: number;
  /** How long to wait for a free pool connection before failing. */
  maxWaitMs?: number;
}

export async function openSnapshot(opts: SnapshotOptions): Promise<Snapshot> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let ready!: (tx: SnapshotClient) => void;
  const opened = new Promise<SnapshotClient>((resolve) => (ready = resolve));
  // Prisma's interactive transaction ends when its callback settles, so the callback waits for
  // close(). The adapter issues BEGIN and SET TRANSACTION ISOLATION LEVEL; READ ONLY must come
  // before the first query, and the snapshot is taken at the first query after it.
  const finished = db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      ready(tx);
      await released;
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: opts.timeoutMs, maxWait: opts.maxWaitMs ?? 10_000 },
  );
  const tx = await Promise.race([opened, finished.then(() => Promise.reject(new Error("snapshot transaction ended before it opened")))]);
  let closing: Promise<void> | null = null;
  return {
    tx,
    close() {
      release();
      // A read-only transaction that timed out or failed has nothing to undo: its end is all
      // the caller needs, not its error (the queries that failed already reported it).
      closing ??= finished.then(
        () => undefined,
        () => undefined,
      );
      return closing;
    },
  };
}

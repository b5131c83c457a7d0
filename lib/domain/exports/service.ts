// Seminar exports: the only place that decides who may export what.
// Authorization, per call: the actor must be a member (else NOT_FOUND, as everywhere); the
// participation summary is for instructors (FORBIDDEN for students); a student gets the
// transcript as they see it in the room (names as the seminar shows them, no emails, never a
// hidden comment) when the seminar allows students to export, and otherwise only their own
// comments. The route parses the query string (exportQuery); this parses the typed options (exportInput).
// The result is a stream: rows are read in batches (load.ts) and written as they arrive, all
// from one read-only REPEATABLE READ snapshot (lib/db/snapshot.ts) that stays open until the
// stream ends, fails or is cancelled: the header's counts and every row describe one moment,
// whatever is written (a reply, a pin that moves a thread) while the file is being read.
import "server-only";
import { openSnapshot, type SnapshotClient } from "@/lib/db/snapshot";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { renderMarkdown } from "@/lib/markdown/render";
import type { Actor } from "@/lib/auth/actor";
import { isClosed, canManage } from "@/lib/domain/seminars/policy";
import { namesOf, roleOf } from "@/lib/domain/seminars/present";
import { requireMembership } from "@/lib/domain/seminars/service";
import { participation } from "@/lib/domain/stats/participation";
import { commentsCsv, participationCsv } from "./csv";
import { htmlTranscript } from "./html";
import { jsonldCollection } from "./jsonld";
import { countExport, loadComments, type LoadedComment } from "./load";
import { markdownTranscript } from "./markdown";
import { rowsOf, type ExportComment, type ExportHeader } from "./model";
import { makeNamer, type Namer } from "./naming";
import { participationLines } from "./participation";
import { exportInput, type ExportInput } from "./schema";
import { exportFilename, EXPORT_TYPES as TYPES } from "./files";
import { takeExportSlot } from "./slots";

export interface ExportFile {
  filename: { ascii: string; unicode: string };
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

export interface ExportOptions {
  /** The public origin for ids and links in the file. */
  origin: string;
  /** When the export is made; tests pass a fixed time so that golden files are stable. */
  now?: Date;
  /** Rows per database read; the benchmark and tests may change it. */
  batchSize?: number;
  /** Annotations per JSON-LD AnnotationPage (default 500). */
  pageSize?: number;
  /** Called after each batch has been read and before the next is; tests write to the database here. */
  afterBatch?: (index: number) => Promise<void> | void;
  /** How long to wait for one of the process's export slots (slots.ts) before a 429. */
  slotWaitMs?: number;
}

/**
 * The longest an export's snapshot may stay open (the stream is pulled at the downloader's
 * pace). After it the transaction is rolled back and the download ends with an error.
 */
export const EXPORT_SNAPSHOT_TIMEOUT_MS = 15 * 60_000;

function present(c: LoadedComment, namer: Namer): ExportComment {
  const body = c.deleted ? null : namer.body(c.body);
  return {
    id: c.id,
    threadId: c.threadId,
    replyToId: c.replyToId,
    paragraph: c.paragraph,
    passage: c.passage,
    threadResolved: c.threadResolved,
    threadKind: c.threadKind,
    threadPinned: c.threadPinned,
    threadLocked: c.threadLocked,
    author: namer.person(c.authorId),
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    deleted: c.deleted,
    hidden: c.hidden,
    // A deleted comment's body never leaves the server.
    body,
    // The stored html unless anonymizing rewrote the body (names in it): then what it shows is
    // that body, rendered here. A row not yet backfilled (html NULL) is rendered too: an export
    // reads in a read-only snapshot, so it does not store it; the migrate path or a room read will.
    html: body === null ? null : body === c.body && c.html !== null ? c.html : renderMarkdown(body),
    reactions: c.deleted ? [] : c.reactions,
    // As in the room: a deleted comment shows no endorsement.
    endorsedBy: c.endorsedById && !c.deleted ? namer.person(c.endorsedById) : null,
    endorsedAt: c.endorsedById && !c.deleted ? c.endorsedAt : null,
  };
}

async function* presented(batches: AsyncIterable<LoadedComment[]>, namer: Namer, afterBatch?: ExportOptions["afterBatch"]): AsyncGenerator<ExportComment[]> {
  let i = 0;
  for await (const b of batches) {
    yield b.map((c) => present(c, namer));
    await afterBatch?.(i++);
  }
}

/**
 * A pull-based byte stream: the next chunk is produced only when the reader asks for it.
 * `onEnd` runs once when the stream is done, fails or is cancelled (even before its first pull,
 * when a generator's own `finally` would never run).
 */
export function streamOf(chunks: AsyncIterable<string>, onEnd?: () => Promise<void>): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  let ended: Promise<void> | null = null;
  const end = () => (ended ??= onEnd?.() ?? Promise.resolve());
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Join small chunks into writes of some size; one enqueue per comment is wasteful.
        let text = "";
        while (text.length < 16_384) {
          const { value, done } = await it.next();
          if (done) {
            await end();
            if (text) controller.enqueue(enc.encode(text));
            controller.close();
            return;
          }
          text += value;
        }
        controller.enqueue(enc.encode(text));
      } catch (err) {
        await end();
        throw err;
      }
    },
    async cancel() {
      try {
        await it.return?.();
      } finally {
        await end();
      }
    },
  });
}

export async function exportSeminar(actor: Pick<Actor, "id">, seminarId: string, input: ExportInput, opts: ExportOptions): Promise<ExportFile> {
  const q = exportInput.parse(input);
  const { seminar, role } = await requireMembership(actor, seminarId);
  if (q.format === "participation" && !canManage(role)) {
    throw new AppError("FORBIDDEN", "Only the seminar's instructors can export the participation summary.");
  }
  // One connection for the export's whole length, in one of a few slots: both given back when
  // the stream ends, fails or is cancelled, or here when the export fails before there is a stream.
  const release = await takeExportSlot(opts.slotWaitMs);
  let snap: Awaited<ReturnType<typeof openSnapshot>>;
  try {
    snap = await openSnapshot({ timeoutMs: EXPORT_SNAPSHOT_TIMEOUT_MS });
  } catch (err) {
    release();
    throw err;
  }
  const close = () => snap.close().finally(release);
  try {
    return await exportFrom(snap.tx, actor, seminar, role, q, opts, close);
  } catch (err) {
    await close();
    throw err;
  }
}

type Membership = Awaited<ReturnType<typeof requireMembership>>;

/** The export itself, every read through the snapshot `tx`; `close` ends the snapshot. */
async function exportFrom(
  tx: SnapshotClient,
  actor: Pick<Actor, "id">,
  seminar: Membership["seminar"],
  role: Membership["role"],
  q: z.output<typeof exportInput>,
  opts: ExportOptions,
  close: () => Promise<void>,
): Promise<ExportFile> {
  const seminarId = seminar.id;
  const instructor = canManage(role);
  const now = opts.now ?? new Date();
  // In turn, not Promise.all: a transaction's queries share one connection anyway.
  const full = await tx.seminar.findUniqueOrThrow({ where: { id: seminarId }, include: { reading: true } });
  const members = await tx.membership.findMany({ where: { seminarId }, include: { user: { select: { name: true, email: true } } } });
  const namer = makeNamer(
    members.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: roleOf(m), pseudonym: m.pseudonym })),
    { userId: actor.id, role },
    namesOf(seminar),
    { anonymize: q.anonymize },
  );
  const filename = exportFilename(seminar.title, now, q.format);
  const { type } = TYPES[q.format];

  if (q.format === "participation") {
    // Its figures come from db() (lib/domain/stats), one aggregate query, consistent alone:
    // the snapshot is closed first so that the export never holds two connections.
    await close();
    const lines = participationLines(await participation(seminarId), namer, q.anonymize);
    return { filename, contentType: type, body: streamOf(toAsync(participationCsv(lines))) };
  }

  const scope: ExportHeader["scope"] = instructor || seminar.studentsMayExport ? "all" : "own";
  const filter = { seminarId, includeHidden: instructor, authorId: scope === "own" ? actor.id : null };
  const header: ExportHeader = {
    seminar: { id: seminar.id, title: seminar.title, state: isClosed(seminar, now) ? "closed" : "open" },
    reading: {
      title: full.reading.title,
      author: full.reading.author,
      year: full.reading.year,
      dateText: full.reading.dateText,
      source: full.reading.source,
      url: `${opts.origin.replace(/\/$/, "")}/readings/${full.reading.slug}`,
    },
    instructors: namer.instructors(),
    exportedAt: now,
    order: q.order,
    anonymized: q.anonymize,
    scope,
    viewerRole: role,
    counts: await countExport(tx, filter),
    origin: opts.origin.replace(/\/$/, ""),
  };
  const batches = presented(loadComments(tx, filter, q.order, opts.batchSize), namer, opts.afterBatch);
  const chunks =
    q.format === "markdown"
      ? markdownTranscript(header, rowsOf(batches))
      : q.format === "html"
        ? htmlTranscript(header, rowsOf(batches))
        : q.format === "csv"
          ? commentsCsv(header, rowsOf(batches))
          : jsonldCollection(header, rowsOf(batches), opts.pageSize);
  return { filename, contentType: type, body: streamOf(chunks, close) };
}

async function* toAsync<T>(it: Iterable<T>): AsyncGenerator<T> {
  yield* it;
}

/** The download response: attachment, an ASCII file name plus its UTF-8 form (RFC 6266). */
export function downloadResponse(file: ExportFile): Response {
  const { ascii, unicode } = file.filename;
  return new Response(file.body, {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(unicode)}`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

// Seminar exports: the only place that decides who may export what.
// Authorization, per call: the actor must be a member (else NOT_FOUND, as everywhere); the
// participation summary is for instructors (FORBIDDEN for students); a student gets the
// transcript as they see it in the room (names as the seminar shows them, no emails, never a
// hidden comment) when the seminar allows students to export, and otherwise only their own
// comments. The route parses the query string (exportQuery); this parses the typed options (exportInput).
// The result is a stream: rows are read in batches (load.ts) and written as they arrive.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
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
}

function present(c: LoadedComment, namer: Namer): ExportComment {
  return {
    id: c.id,
    threadId: c.threadId,
    replyToId: c.replyToId,
    paragraph: c.paragraph,
    passage: c.passage,
    threadResolved: c.threadResolved,
    threadKind: c.threadKind,
    author: namer.person(c.authorId),
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    deleted: c.deleted,
    hidden: c.hidden,
    // A deleted comment's body never leaves the server.
    body: c.deleted ? null : namer.body(c.body),
    reactions: c.deleted ? [] : c.reactions,
  };
}

async function* presented(batches: AsyncIterable<LoadedComment[]>, namer: Namer): AsyncGenerator<ExportComment[]> {
  for await (const b of batches) yield b.map((c) => present(c, namer));
}

/** A pull-based byte stream: the next chunk is produced only when the reader asks for it. */
export function streamOf(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Join small chunks into writes of some size; one enqueue per comment is wasteful.
      let text = "";
      while (text.length < 16_384) {
        const { value, done } = await it.next();
        if (done) {
          if (text) controller.enqueue(enc.encode(text));
          controller.close();
          return;
        }
        text += value;
      }
      controller.enqueue(enc.encode(text));
    },
    async cancel() {
      await it.return?.();
    },
  });
}

export async function exportSeminar(actor: Pick<Actor, "id">, seminarId: string, input: ExportInput, opts: ExportOptions): Promise<ExportFile> {
  const q = exportInput.parse(input);
  const { seminar, role } = await requireMembership(actor, seminarId);
  const instructor = canManage(role);
  if (q.format === "participation" && !instructor) {
    throw new AppError("FORBIDDEN", "Only the seminar's instructors can export the participation summary.");
  }
  const now = opts.now ?? new Date();
  const [full, members] = await Promise.all([
    db().seminar.findUniqueOrThrow({ where: { id: seminarId }, include: { reading: true } }),
    db().membership.findMany({ where: { seminarId }, include: { user: { select: { name: true, email: true } } } }),
  ]);
  const namer = makeNamer(
    members.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: roleOf(m), pseudonym: m.pseudonym })),
    { userId: actor.id, role },
    namesOf(seminar),
    { anonymize: q.anonymize },
  );
  const filename = exportFilename(seminar.title, now, q.format);
  const { type } = TYPES[q.format];

  if (q.format === "participation") {
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
    counts: await countExport(filter),
    origin: opts.origin.replace(/\/$/, ""),
  };
  const batches = presented(loadComments(filter, q.order, opts.batchSize), namer);
  const chunks =
    q.format === "markdown"
      ? markdownTranscript(header, rowsOf(batches))
      : q.format === "html"
        ? htmlTranscript(header, rowsOf(batches))
        : q.format === "csv"
          ? commentsCsv(header, rowsOf(batches))
          : jsonldCollection(header, rowsOf(batches), opts.pageSize);
  return { filename, contentType: type, body: streamOf(chunks) };
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

// Rows for the pure writers, without a database.
import type { ExportComment, ExportHeader } from "@/lib/domain/exports/model";
import { renderMarkdown } from "@/lib/markdown/render";

export function header(over: Partial<ExportHeader> = {}): ExportHeader {
  return {
    seminar: { id: "s1", title: "Unit <Seminar>", state: "open" },
    reading: { title: "A Reading", author: "An Author", year: 1950, dateText: null, source: "Somewhere", url: "http://localhost:3000/readings/a-reading" },
    instructors: ["Ines Teacher"],
    exportedAt: new Date("2026-01-02T03:04:05.678Z"),
    order: "paragraph",
    anonymized: false,
    scope: "all",
    viewerRole: "instructor",
    counts: { threads: 1, comments: 2 },
    origin: "http://localhost:3000",
    ...over,
  };
}

/** html follows body (as the app stores it at write time) unless given. */
export function comment(over: Partial<ExportComment> = {}): ExportComment {
  const body = over.body === undefined ? "A body." : over.body;
  return {
    id: "c1",
    threadId: "t1",
    replyToId: null,
    paragraph: { id: "p1", number: 1, heading: null, text: "Paragraph text." },
    passage: null,
    threadResolved: false,
    threadKind: "discussion",
    threadPinned: false,
    threadLocked: false,
    author: { key: "m1", name: "Sam Student", email: null, role: "student" },
    createdAt: new Date("2026-01-01T10:00:00.000Z"),
    editedAt: null,
    deleted: false,
    hidden: false,
    body,
    html: body === null ? null : renderMarkdown(body),
    reactions: [],
    endorsedBy: null,
    endorsedAt: null,
    ...over,
  };
}

export async function* rows(list: ExportComment[]): AsyncGenerator<ExportComment> {
  yield* list;
}

export async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const c of chunks) s += c;
  return s;
}

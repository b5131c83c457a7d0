// What the format writers receive: rows already filtered and named for one viewer (by load.ts
// and service.ts), so the writers in markdown.ts, html.ts, csv.ts and jsonld.ts are pure
// functions of their input and never decide who may see what. Pure; unit-tested.
import type { Role } from "@/lib/domain/seminars/schema";
import type { ReactionKindWire } from "@/lib/domain/threads/schema";
import type { ExportOrder } from "./schema";

export interface ExportPerson {
  /** Stable per seminar and opaque (memberKey), or "former" for someone no longer a member. */
  key: string;
  /** As this export names them: the real name, the room's "Student N", or an anonymized pseudonym. */
  name: string;
  /** Instructors' non-anonymized exports only; null everywhere else. */
  email: string | null;
  role: Role | null;
}

export interface ExportParagraph {
  id: string;
  /** 1-based, the number in the margin and the #p-N anchor. */
  number: number;
  heading: string | null;
  text: string;
}

export interface ExportPassage {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

export interface ExportComment {
  id: string;
  threadId: string;
  /** The exported comment this one follows in its thread; null for the thread's first. */
  replyToId: string | null;
  paragraph: ExportParagraph;
  passage: ExportPassage | null;
  threadResolved: boolean;
  threadKind: "discussion" | "prompt";
  /** Pinned by an instructor (listed first for its paragraph). */
  threadPinned: boolean;
  /** Locked by an instructor: no new replies. */
  threadLocked: boolean;
  author: ExportPerson;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  /** Hidden by an instructor; only instructors' exports ever hold one. */
  hidden: boolean;
  /** Markdown as written (mentions rewritten when anonymized); null once deleted. */
  body: string | null;
  /**
   * Sanitised HTML of `body`: the comment's stored html (rendered when it was written), or, only
   * when anonymizing rewrote the body, that body rendered; null once deleted.
   */
  html: string | null;
  /** The instructor who endorsed it, named as this export names people; null if not (or deleted). */
  endorsedBy: ExportPerson | null;
  endorsedAt: Date | null;
  /** Counts only, in the room's fixed order; who reacted is never exported. */
  reactions: Array<{ kind: ReactionKindWire; count: number }>;
}

export interface ExportHeader {
  seminar: { id: string; title: string; state: "open" | "closed" };
  reading: { title: string; author: string | null; year: number | null; dateText: string | null; source: string | null; url: string };
  instructors: string[];
  /** When the export was made; injectable so golden files are stable. */
  exportedAt: Date;
  order: ExportOrder;
  anonymized: boolean;
  /** "all": the transcript as the viewer sees it in the room; "own": only the viewer's comments. */
  scope: "all" | "own";
  viewerRole: Role;
  /** Of what this export holds. */
  counts: { threads: number; comments: number };
  /** The public origin, for resolvable ids and links. */
  origin: string;
}

export type Chunks = AsyncIterable<string>;

// ── small shared helpers ──────────────────────────────────────────────────────────────────

/** ISO 8601 UTC to the second, the form every format uses. */
export const isoUtc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
/** "2026-03-02 14:05 UTC": readable in transcripts. */
export const humanUtc = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;

/** A thread's moderation state in words: "open" or "resolved", then "pinned", "locked". */
export function threadState(c: Pick<ExportComment, "threadResolved" | "threadPinned" | "threadLocked">): string[] {
  return [c.threadResolved ? "resolved" : "open", ...(c.threadPinned ? ["pinned"] : []), ...(c.threadLocked ? ["locked"] : [])];
}

export const reactionText = (r: ExportComment["reactions"]) => r.map((x) => `${x.kind}:${x.count}`).join(";");

export function readingLine(h: ExportHeader): string {
  const r = h.reading;
  const by = r.author ? `, by ${r.author}` : "";
  const when = r.year ? ` (${r.year})` : r.dateText ? ` (${r.dateText})` : "";
  return `${r.title}${by}${when}`;
}

export function scopeNote(h: ExportHeader): string | null {
  if (h.scope === "own") return "This export holds only your own comments: the instructors have not allowed students to export the whole discussion.";
  return null;
}

export function countsLine(h: ExportHeader): string {
  const t = h.counts.threads;
  const c = h.counts.comments;
  return `${t} thread${t === 1 ? "" : "s"}, ${c} comment${c === 1 ? "" : "s"}`;
}

export const commentUrl = (h: ExportHeader, commentId: string) => `${h.origin}/seminars/${h.seminar.id}#comment-${commentId}`;
export const paragraphUrl = (h: ExportHeader, n: number) => `${h.reading.url}#p-${n}`;

/** The rows of a stream of batches, one at a time. */
export async function* rowsOf(batches: AsyncIterable<ExportComment[]>): AsyncGenerator<ExportComment> {
  for await (const batch of batches) yield* batch;
}

/** A comment in paragraph order, with what it opens: its paragraph, and its thread (numbered within the paragraph). */
export interface GroupedComment {
  c: ExportComment;
  opensParagraph: boolean;
  /** The thread's number within its paragraph when this comment opens it; 0 otherwise. */
  opensThread: number;
}

/** Marks where paragraphs and threads begin in rows that come in paragraph order. */
export async function* grouped(rows: AsyncIterable<ExportComment>): AsyncGenerator<GroupedComment> {
  let paragraphId: string | null = null;
  let threadId: string | null = null;
  let threadNo = 0;
  for await (const c of rows) {
    const opensParagraph = c.paragraph.id !== paragraphId;
    if (opensParagraph) {
      paragraphId = c.paragraph.id;
      threadNo = 0;
    }
    const opensThread = opensParagraph || c.threadId !== threadId;
    if (opensThread) {
      threadId = c.threadId;
      threadNo += 1;
    }
    yield { c, opensParagraph, opensThread: opensThread ? threadNo : 0 };
  }
}

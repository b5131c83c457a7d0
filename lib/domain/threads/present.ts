// What leaves the server about threads and comments, for one kind of viewer. Names follow the
// seminar's name setting; a deleted comment's body is never included, whoever asks. A comment
// travels once: its stored html for reading; its Markdown only to its author (for editing).
import type { Comment, Mention, Paragraph, Reaction, Thread } from "@/lib/db/generated/client";
import { memberKey, visibleName } from "@/lib/domain/seminars/policy";
import type { NameVisibilityWire, Role } from "@/lib/domain/seminars/schema";
import type { ReactionKindWire } from "./schema";
import { mentionsIn } from "@/lib/markdown/render";

/** Who is looking: role decides names; userId lets a person see their own name. */
export interface Viewer {
  userId: string;
  role: Role;
}

/** The seminar's members, loaded once per presentation. */
export interface Directory {
  names: NameVisibilityWire;
  members: Map<string, { name: string; role: Role; pseudonym: number }>;
}

export interface PersonView {
  /** Stable per seminar and opaque; compare with your own `you.key` from seminar:join. */
  key: string;
  name: string;
  role: Role | null;
}

export interface ReactionSummary {
  kind: ReactionKindWire;
  count: number;
  who: PersonView[];
}

export interface CommentView {
  id: string;
  threadId: string;
  author: PersonView;
  /**
   * Markdown as written: only for your own comments (for editing); null for everyone else's, in
   * broadcasts, and once deleted. Anyone who may see a comment can ask for it on request with
   * GET /api/v1/comments/:id/source.
   */
  body: string | null;
  /**
   * Sanitised HTML of the body (lib/markdown/render.ts), rendered when the comment was written or
   * last edited and stored; null once deleted. What every client shows, and reads text from.
   */
  html: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  clientId: string | null;
  reactions: ReactionSummary[];
  mentions: PersonView[];
  /** Hidden by an instructor. Only instructors ever receive a hidden comment (so marked). */
  hidden: boolean;
  /** The instructor who endorsed it ("endorsed by instructor" badge); null if not endorsed. */
  endorsedBy: PersonView | null;
}

export interface PassageView {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

export interface ThreadMeta {
  id: string;
  seminarId: string;
  paragraphId: string;
  paragraphNumber: number;
  passage: PassageView | null;
  resolved: boolean;
  resolvedAt: string | null;
  resolvedBy: PersonView | null;
  createdBy: PersonView;
  createdAt: string;
  /** "prompt": posted by an instructor for students to answer; always listed first. */
  kind: ThreadKindWire;
  /** Locked threads take no new replies. */
  locked: boolean;
  /** Pinned threads (and prompts) are listed first for their paragraph. */
  pinned: boolean;
}

export interface ThreadView extends ThreadMeta {
  /** In order; deleted comments appear (as placeholders) only where replies follow them. */
  comments: CommentView[];
}

export type ThreadKindWire = "discussion" | "prompt";

export const toKind = (k: string) => k.toLowerCase() as ReactionKindWire;

/** May this viewer receive this comment at all? Hidden comments reach instructors only. */
export const mayReceive = (c: { hiddenAt: Date | null }, viewer: Pick<Viewer, "role">) => c.hiddenAt === null || viewer.role === "instructor";
const KIND_ORDER: ReactionKindWire[] = ["agree", "question", "insight", "confused"];

export function person(userId: string | null, dir: Directory, viewer: Viewer): PersonView {
  const m = userId ? dir.members.get(userId) : undefined;
  if (!userId || !m) return { key: "former", name: "Former member", role: null };
  return {
    key: memberKey(m.pseudonym),
    name: visibleName({ userId, name: m.name, role: m.role, pseudonym: m.pseudonym }, viewer, dir.names),
    role: m.role,
  };
}

export type CommentRow = Comment & { reactions: Reaction[]; mentions: Mention[] };

/**
 * With names hidden, a student sees another student's mention only when the comment names them
 * by pseudonym ("@student.N"). An instructor may write "@ben.okafor": listing that mention with
 * Ben's pseudonym would tell every student that Ben is "Student N". The mentioned student is
 * still notified (notifications/derive.ts); only the pairing is withheld here.
 */
function mayPairMention(userId: string, c: Pick<Comment, "body">, dir: Directory, viewer: Viewer): boolean {
  if (dir.names !== "hidden_from_students" || viewer.role === "instructor" || userId === viewer.userId) return true;
  const m = dir.members.get(userId);
  if (!m || m.role !== "student") return true;
  return mentionsIn(c.body).includes(`student.${m.pseudonym}`);
}

export function presentComment(c: CommentRow, dir: Directory, viewer: Viewer): CommentView {
  const deleted = c.deletedAt !== null;
  const reactions = KIND_ORDER.map((kind) => {
    const rows = c.reactions.filter((r) => toKind(r.kind) === kind);
    return { kind, count: rows.length, who: rows.map((r) => person(r.userId, dir, viewer)) };
  }).filter((r) => r.count > 0);
  return {
    id: c.id,
    threadId: c.threadId,
    author: person(c.authorId, dir, viewer),
    // Broadcasts are presented per role with userId "", so they never carry a body.
    body: deleted || !viewer.userId || viewer.userId !== c.authorId ? null : c.body,
    // Stored at write time; the loaders fill a pre-migration NULL first (./html.ts), so "" is not reached.
    html: deleted ? null : (c.html ?? ""),
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt?.toISOString() ?? null,
    deletedAt: c.deletedAt?.toISOString() ?? null,
    clientId: c.clientId,
    reactions: deleted ? [] : reactions,
    mentions: deleted ? [] : c.mentions.filter((m) => mayPairMention(m.userId, c, dir, viewer)).map((m) => person(m.userId, dir, viewer)),
    hidden: c.hiddenAt !== null,
    endorsedBy: c.endorsedById && !deleted ? person(c.endorsedById, dir, viewer) : null,
  };
}

export type ThreadRow = Thread & { paragraph: Pick<Paragraph, "position">; comments?: CommentRow[] };

export function presentThreadMeta(t: ThreadRow, dir: Directory, viewer: Viewer): ThreadMeta {
  return {
    id: t.id,
    seminarId: t.seminarId,
    paragraphId: t.paragraphId,
    paragraphNumber: t.paragraph.position,
    passage:
      t.quoteExact !== null && t.quoteStart !== null && t.quoteEnd !== null
        ? { exact: t.quoteExact, prefix: t.quotePrefix ?? "", suffix: t.quoteSuffix ?? "", start: t.quoteStart, end: t.quoteEnd }
        : null,
    resolved: t.resolvedAt !== null,
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
    resolvedBy: t.resolvedById ? person(t.resolvedById, dir, viewer) : null,
    createdBy: person(t.createdById, dir, viewer),
    createdAt: t.createdAt.toISOString(),
    kind: t.kind === "PROMPT" ? "prompt" : "discussion",
    locked: t.lockedAt !== null,
    pinned: t.pinnedAt !== null || t.kind === "PROMPT",
  };
}

/** Deleted comments stay as placeholders only where a live reply follows them. */
export function visibleComments<T extends { deletedAt: Date | null }>(comments: T[]): T[] {
  let lastLive = -1;
  comments.forEach((c, i) => {
    if (c.deletedAt === null) lastLive = i;
  });
  return comments.filter((c, i) => c.deletedAt === null || i < lastLive);
}

export function presentThread(t: ThreadRow & { comments: CommentRow[] }, dir: Directory, viewer: Viewer): ThreadView {
  const receivable = t.comments.filter((c) => mayReceive(c, viewer));
  return { ...presentThreadMeta(t, dir, viewer), comments: visibleComments(receivable).map((c) => presentComment(c, dir, viewer)) };
}

/** How many threads (and comments in them) one paragraph has for one way of filtering. */
export interface Bucket {
  threads: number;
  comments: number;
}

/**
 * What the room shows for a paragraph before its threads are loaded: counts for each filter of
 * the room's "Show" menu, the passages to mark in the text, and what is new since the viewer's
 * last visit. Counts are as the viewer may see them (students never count hidden comments).
 * Built by lib/domain/threads/room.ts and kept live by the client store.
 */
export interface ParagraphSummary {
  paragraphId: string;
  paragraphNumber: number;
  /** Every thread; comments not deleted. Also the heat shading's measure. */
  all: Bucket;
  unresolved: Bucket;
  /** Threads that are questions: the opening comment ends with "?" or a comment has the question reaction. */
  questions: Bucket;
  /** Unresolved questions: the margin's "?" mark. */
  openQuestions: number;
  /** Threads in which the viewer has a comment. */
  mine: Bucket;
  /** Threads with a comment by the member the room is filtered to (?author=key); null without one. */
  author: Bucket | null;
  /** Comments by others written since the viewer's previous visit. */
  unread: number;
  /** Passages with threads on them: [threadId, start, end], to mark in the text. */
  passages: [string, number, number][];
}

export interface RoomSummary {
  /** The seminar's seq when the counts were read (in the same statement): apply events after it. */
  seq: number;
  /** The viewer's member key (as `you.key` from seminar:join), for "mine". */
  you: string;
  paragraphs: ParagraphSummary[];
}

export interface ThreadsPage {
  /** The seminar's seq, read before the threads: events after it may repeat what a page holds. */
  seq: number;
  threads: ThreadView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

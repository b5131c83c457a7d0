// The dashboard's figures on the wire (GET /api/v1/seminars/:id/stats). Types only, safe in the
// browser: the dashboard page's client components import them. Counting rules: docs/api.md.
import type { Role } from "@/lib/domain/seminars/schema";
import type { IntervalName } from "./intervals";

/** One member's counts (lib/domain/stats/participation.ts), shared by the dashboard and the participation export. */
export interface ParticipationCounts {
  threadsStarted: number;
  replies: number;
  words: number;
  reactionsGiven: number;
  /** Reactions by others to this member's comments (not their own). */
  reactionsReceived: number;
  /** Distinct paragraphs this member wrote on. */
  paragraphs: number;
}

export const participationCounts = (r: ParticipationCounts): ParticipationCounts => ({
  threadsStarted: r.threadsStarted,
  replies: r.replies,
  words: r.words,
  reactionsGiven: r.reactionsGiven,
  reactionsReceived: r.reactionsReceived,
  paragraphs: r.paragraphs,
});

export interface ParticipantStats extends ParticipationCounts {
  /** The member's key in the room (`m<pseudonym>`), as in PersonView.key. */
  key: string;
  userId: string;
  /** As instructors see it: the real name. */
  name: string;
  role: Role;
  firstActive: string | null;
  lastActive: string | null;
}

export interface ParagraphStats {
  paragraphId: string;
  number: number;
  /** Threads with at least one comment that is not deleted. */
  threads: number;
  /** Comments not deleted (hidden ones included). */
  comments: number;
  /** Nobody has discussed it: no comment that is not deleted. */
  silent: boolean;
}

export interface ActivityBucket {
  /** Start of the interval, ISO 8601. */
  start: string;
  comments: number;
}

export interface ActivityStats {
  interval: IntervalName;
  intervalSeconds: number;
  /** Every interval from the first comment's to the last one's, empty ones included. */
  buckets: ActivityBucket[];
}

export interface PersonRef {
  key: string;
  name: string;
}

export interface OpenQuestion {
  threadId: string;
  paragraphNumber: number;
  /** The opening comment, as plain text, cut to about 160 characters. */
  excerpt: string;
  askedBy: PersonRef;
  createdAt: string;
  /** Marked with the question reaction (else it asks with a "?"). */
  flagged: boolean;
}

export interface PromptStats {
  threadId: string;
  paragraphNumber: number;
  /** The opening comment as plain text, or "[deleted]" / "[hidden]" (never that comment's text). */
  excerpt: string;
  createdAt: string;
  /** Distinct students with a reply (not deleted) in the prompt's thread. */
  studentsReplied: number;
  /** The seminar's students now: the denominator of "n of m replied". */
  students: number;
  /** Replies by students, not deleted. */
  replies: number;
}

export interface SeminarStats {
  seminarId: string;
  /** The seminar's latest event seq when these figures were read. */
  seq: number;
  generatedAt: string;
  totals: {
    members: number;
    students: number;
    threads: number;
    comments: number;
    paragraphs: number;
    silentParagraphs: number;
  };
  participation: ParticipantStats[];
  paragraphs: ParagraphStats[];
  activity: ActivityStats;
  openQuestions: OpenQuestion[];
  prompts: PromptStats[];
  openReports: number;
}

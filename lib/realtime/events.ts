// The one contract of Socket.IO events between browser and server. Both sides import these
// types; payload schemas are zod so the server validates what the types only promise.
// Naming: `noun:verb` from the client (with an acknowledgement), `noun:verbed` from the server.
// Names in payloads are already what the receiving role may see (lib/domain/seminars/policy.ts).
import { z } from "zod";
import type { ErrorBody } from "@/lib/errors";
import { id, type Role } from "@/lib/domain/seminars/schema";
import { createCommentInput, createThreadInput, editCommentInput, reactionKind, typingInput, type TypingInput } from "@/lib/domain/threads/schema";
import { updateThreadStateInput } from "@/lib/domain/moderation/schema";
import type { CommentView, PersonView, ThreadMeta, ThreadView } from "@/lib/domain/threads/present";
import type { NotificationView } from "@/lib/domain/notifications/present";

export { typingInput };

/** Every acknowledgement has this shape; a client never has to guess whether a call worked. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckFn<T> = (response: Ack<T>) => void;

// ── client → server ────────────────────────────────────────────────────────────────────────

export const pingInput = z
  .object({
    /** The client's clock when it sent the ping (ms since epoch), echoed back to measure latency. */
    sentAt: z.number().finite().optional(),
  })
  .strict();
export type PingInput = z.infer<typeof pingInput>;
export interface PongData {
  /** Server clock, ISO 8601. */
  serverTime: string;
  sentAt: number | null;
}

export const seminarJoinInput = z
  .object({
    seminarId: id,
    /** The last seq this client applied; the ack carries every event after it. */
    afterSeq: z.number().int().min(0).optional(),
  })
  .strict();
export type SeminarJoinInput = z.infer<typeof seminarJoinInput>;

export const seminarLeaveInput = z.object({ seminarId: id }).strict();
export type SeminarLeaveInput = z.infer<typeof seminarLeaveInput>;

/** Someone in the room now. `key` is stable per seminar and opaque (no account id). */
export interface PresentMember {
  key: string;
  name: string;
  role: Role;
}

export interface RoomState {
  seminarId: string;
  title: string;
  state: "open" | "closed";
  closesAt: string | null;
  /** Whether this receiver may write (students cannot while the seminar is closed). */
  canWrite: boolean;
  /** Whether students see each other's names; a room that sees it change reloads what it shows. */
  nameVisibility?: "shown" | "hidden_from_students";
}

export interface SeminarJoinData {
  seminarId: string;
  role: Role;
  /** The seminar's latest seq now. */
  seq: number;
  /** Events after `afterSeq`, in order (when afterSeq was given); `more` means fetch the rest from /events. */
  events: DiscussionEvent[];
  more: boolean;
  /** The joiner as others see them (their own name to themselves). */
  you: PresentMember;
  room: RoomState;
  present: PresentMember[];
}

// ── writes over the socket ──────────────────────────────────────────────────────────────────
// The room's writes: the same inputs, services, clientId idempotency, limits and error codes as
// the HTTP routes named on each (a missing thread or comment is NOT_FOUND here too, unlike a
// join, which says FORBIDDEN), so a client can send a write either way and handle the answer alike.

/** = POST /seminars/:id/threads. */
export const threadCreateInput = z.object({ seminarId: id, ...createThreadInput.shape }).strict();
export type ThreadCreateInput = z.input<typeof threadCreateInput>;

/** = POST /threads/:id/comments. */
export const commentCreateInput = z.object({ threadId: id, ...createCommentInput.shape }).strict();
export type CommentCreateInput = z.input<typeof commentCreateInput>;

/** = PATCH /comments/:id. */
export const commentEditInput = z.object({ commentId: id, ...editCommentInput.shape }).strict();
export type CommentEditInput = z.input<typeof commentEditInput>;

/** = DELETE /comments/:id (deleting twice is harmless, as over HTTP). */
export const commentDeleteInput = z.object({ commentId: id }).strict();
export type CommentDeleteInput = z.input<typeof commentDeleteInput>;

/** = PUT (on: true) / DELETE (on: false) /comments/:id/reactions/:kind. */
export const reactionSetInput = z.object({ commentId: id, kind: reactionKind, on: z.boolean({ error: "must be true or false" }) }).strict();
export type ReactionSetInput = z.input<typeof reactionSetInput>;

/** = PATCH /threads/:id: resolve (its author or an instructor), lock and pin (instructors). */
export const threadUpdateInput = z
  .object({ threadId: id, ...updateThreadStateInput.shape })
  .strict()
  .refine((v) => v.resolved !== undefined || v.locked !== undefined || v.pinned !== undefined, { message: "send at least one of resolved, locked, pinned" });
export type ThreadUpdateInput = z.input<typeof threadUpdateInput>;

export interface ClientToServerEvents {
  ping: (input: PingInput, ack: AckFn<PongData>) => void;
  "seminar:join": (input: SeminarJoinInput, ack: AckFn<SeminarJoinData>) => void;
  "seminar:leave": (input: SeminarLeaveInput, ack: AckFn<{ seminarId: string }>) => void;
  "thread:create": (input: ThreadCreateInput, ack: AckFn<ThreadView>) => void;
  "comment:create": (input: CommentCreateInput, ack: AckFn<CommentView>) => void;
  "comment:edit": (input: CommentEditInput, ack: AckFn<CommentView>) => void;
  "comment:delete": (input: CommentDeleteInput, ack: AckFn<{ commentId: string }>) => void;
  "reaction:set": (input: ReactionSetInput, ack: AckFn<CommentView>) => void;
  "thread:update": (input: ThreadUpdateInput, ack: AckFn<ThreadMeta>) => void;
  /** "… is replying": relayed to the room at once, never stored, no ack. */
  "thread:typing": (input: TypingInput) => void;
}

// ── the discussion's events: stored with a seq, pushed after commit, replayable ───────────────

/**
 * Every change to a seminar's discussion. `seq` increases by one per seminar with no gaps, so a
 * client that applied n and receives n+2 knows it missed n+1. Payloads are the current state
 * of what changed (upsert them); names are as the receiving role may see them.
 */
export type DiscussionEvent =
  | { type: "thread:created"; seq: number; seminarId: string; thread: ThreadView }
  | { type: "thread:updated"; seq: number; seminarId: string; thread: ThreadMeta }
  /**
   * Comment events name the thread's paragraph too, so a room that has not loaded that paragraph's
   * threads can still keep its margin counts live (lib/client/discussion-store.ts).
   */
  | { type: "comment:created"; seq: number; seminarId: string; paragraphId?: string; comment: CommentView }
  | { type: "comment:updated"; seq: number; seminarId: string; paragraphId?: string; comment: CommentView }
  | { type: "comment:deleted"; seq: number; seminarId: string; paragraphId?: string; comment: CommentView }
  | { type: "reaction:changed"; seq: number; seminarId: string; paragraphId?: string; comment: CommentView }
  /**
   * In place of comment:deleted when that deletion left the thread without a live comment: the
   * thread is gone (no longer listed, counted or open to replies), drop it and its comments.
   */
  | { type: "thread:deleted"; seq: number; seminarId: string; paragraphId: string; threadId: string; commentId: string }
  /** To students, in place of any event about a comment that is now hidden: drop it. */
  | { type: "comment:removed"; seq: number; seminarId: string; paragraphId?: string; threadId: string; commentId: string }
  /** Instructors only: a report was filed or handled; `open` is the queue's length now. */
  | { type: "reports:changed"; seq: number; seminarId: string; open: number }
  /** In place of an event this role may not see (e.g. reports, to students): only advances seq. */
  | { type: "event:withheld"; seq: number; seminarId: string };
export type DiscussionEventType = DiscussionEvent["type"];
export const DISCUSSION_EVENT_TYPES: DiscussionEventType[] = [
  "thread:created",
  "thread:updated",
  "comment:created",
  "comment:updated",
  "comment:deleted",
  "reaction:changed",
  "thread:deleted",
  "comment:removed",
  "reports:changed",
  "event:withheld",
];

/**
 * What a stored seminar_events row's `type` may be. Most are also wire types; the wire event a
 * viewer receives is decided from the current rows and the viewer's role (threads/service.ts):
 * e.g. any event about a hidden comment reaches students as comment:removed, and report events
 * reach instructors as reports:changed and students as event:withheld.
 */
export type StoredEventType =
  | "thread:created"
  | "thread:updated"
  | "comment:created"
  | "comment:updated"
  | "comment:deleted"
  | "reaction:changed"
  | "comment:hidden"
  | "comment:shown"
  | "comment:endorsed"
  | "comment:unendorsed"
  | "report:created"
  | "report:handled";

type DiscussionListeners = { [T in DiscussionEventType]: (event: Extract<DiscussionEvent, { type: T }>) => void };

export interface TypingSignal {
  seminarId: string;
  threadId?: string;
  paragraphId?: string;
  who: PersonView;
}

// ── server → client ────────────────────────────────────────────────────────────────────────

/**
 * Who arrived and who left since the last push (coalesced over a short window). `joined` is
 * upserted by key: it also re-sends a member whose role or visible name changed. The full list
 * is only in the seminar:join ack; apply these to it (lib/client/presence.ts).
 */
export interface PresenceChanged {
  seminarId: string;
  joined: PresentMember[];
  /** Keys of members no longer in the room. */
  left: string[];
}

export interface ServerToClientEvents extends DiscussionListeners {
  "thread:typing": (signal: TypingSignal) => void;
  /** Who arrived and left since the last push; at most one per seminar per coalescing window. */
  "presence:changed": (payload: PresenceChanged) => void;
  /** Title, open/closed state or closing time changed. */
  "seminar:updated": (payload: RoomState) => void;
  /** You were removed from the seminar (or it was deleted); leave the room. */
  "seminar:removed": (payload: { seminarId: string }) => void;
  /**
   * To your user room only, after the change behind it committed: a new notification for you,
   * and your unread count just after it was written. Not stored with a seq: the list
   * (GET /api/v1/notifications) is the record.
   */
  "notification:created": (payload: NotificationCreated) => void;
  /** To your user room only: you marked notifications read (in this or another tab); your unread count now. */
  "notifications:read": (payload: { unread: number }) => void;
}

export interface NotificationCreated {
  notification: NotificationView;
  unread: number;
}

/**
 * Between server processes (the postgres adapter's serverSideEmit), so each process knows who is
 * present on the others (lib/realtime/presence.ts). `node` names the sending process; `seq`
 * numbers its deltas, so a receiver that sees a gap asks for the node's whole list. User ids
 * never leave the servers.
 */
export type PresenceMessage =
  /** Users who arrived at / left this node's sockets in one seminar. */
  | { kind: "delta"; node: string; seq: number; seminarId: string; joined: string[]; left: string[] }
  /** Everything this node holds, per seminar: its answer to "want", and what replaces what others knew. */
  | { kind: "state"; node: string; seq: number; seminars: Record<string, string[]> }
  /** Send your state (`of` null: every node; else only that one). */
  | { kind: "want"; node: string; of: string | null }
  /** I am alive, at this seq; a node not heard from for a while is dropped with everything it held. */
  | { kind: "beat"; node: string; seq: number }
  /** Shutting down: drop my entries now. */
  | { kind: "bye"; node: string }
  /** Present these users (null: all) again: their role or the seminar's name visibility changed. */
  | { kind: "refresh"; node: string; seminarId: string; userIds: string[] | null };

export interface InterServerEvents {
  presence: (message: PresenceMessage) => void;
}

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
  user: { id: string; name: string; email: string };
  /** Set when the handshake used an API token. */
  tokenId?: string;
  /** Set when the handshake used a session cookie. */
  sessionId?: string;
}

/** Room names, in one place so publishers and handlers agree. */
export const rooms = {
  seminar: (id: string) => `seminar:${id}`,
  /** Per role, because names in payloads differ by role when names are hidden. */
  seminarRole: (id: string, role: Role) => `seminar:${id}:${role}`,
  user: (id: string) => `user:${id}`,
  /** The sockets opened with one browser session: revoking the session disconnects exactly these. */
  session: (id: string) => `session:${id}`,
  /** The sockets opened with one API token: revoking the token disconnects exactly these. */
  token: (id: string) => `token:${id}`,
};

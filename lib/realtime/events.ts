// The one contract of Socket.IO events between browser and server. Both sides import these
// types; payload schemas are zod so the server validates what the types only promise.
// Naming: `noun:verb` from the client (with an acknowledgement), `noun:verbed` from the server.
// Names in payloads are already what the receiving role may see (lib/domain/seminars/policy.ts).
import { z } from "zod";
import type { ErrorBody } from "@/lib/errors";
import { id, type Role } from "@/lib/domain/seminars/schema";

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

export const seminarJoinInput = z.object({ seminarId: id }).strict();
export type SeminarJoinInput = z.infer<typeof seminarJoinInput>;

export const seminarLeaveInput = seminarJoinInput;
export type SeminarLeaveInput = SeminarJoinInput;

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
}

export interface SeminarJoinData {
  seminarId: string;
  role: Role;
  /** The joiner as others see them (their own name to themselves). */
  you: PresentMember;
  room: RoomState;
  present: PresentMember[];
}

export interface ClientToServerEvents {
  ping: (input: PingInput, ack: AckFn<PongData>) => void;
  "seminar:join": (input: SeminarJoinInput, ack: AckFn<SeminarJoinData>) => void;
  "seminar:leave": (input: SeminarLeaveInput, ack: AckFn<{ seminarId: string }>) => void;
}

// ── server → client ────────────────────────────────────────────────────────────────────────

export interface PresenceChanged {
  seminarId: string;
  present: PresentMember[];
}

export interface ServerToClientEvents {
  /** Who is in the room now; sent to the room whenever someone joins or leaves. */
  "presence:changed": (payload: PresenceChanged) => void;
  /** Title, open/closed state or closing time changed. */
  "seminar:updated": (payload: RoomState) => void;
  /** You were removed from the seminar (or it was deleted); leave the room. */
  "seminar:removed": (payload: { seminarId: string }) => void;
}

export type InterServerEvents = Record<string, never>;

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
  user: { id: string; name: string; email: string };
}

/** Room names, in one place so publishers and handlers agree. */
export const rooms = {
  seminar: (id: string) => `seminar:${id}`,
  /** Per role, because names in payloads differ by role when names are hidden. */
  seminarRole: (id: string, role: Role) => `seminar:${id}:${role}`,
  user: (id: string) => `user:${id}`,
};

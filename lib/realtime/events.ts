// The one contract of Socket.IO events between browser and server. Both sides import these
// types; payload schemas are zod so the server validates what the types only promise.
// Naming: `noun:verb` from the client (with an acknowledgement), `noun:verbed` from the server.
import { z } from "zod";
import type { ErrorBody } from "@/lib/errors";

/** Every acknowledgement has this shape; a client never has to guess whether a call worked. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckFn<T> = (response: Ack<T>) => void;

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

export interface ClientToServerEvents {
  ping: (input: PingInput, ack: AckFn<PongData>) => void;
}

// Server-to-client events arrive with the seminar issue (thread:created, comment:created, ...).
export type ServerToClientEvents = Record<string, never>;

export type InterServerEvents = Record<string, never>;

/** What the server keeps on each socket after the handshake. */
export type SocketData = Record<string, never>;

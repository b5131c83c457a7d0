// The room's writes: over its Socket.IO connection (an acknowledged event, no trip through Next's
// router), or over the HTTP API when the socket cannot carry them. Both paths reach the same
// service with the same input, so the answer and its errors are alike (ApiError with the server's
// code and message). Validation and authorization happen on the server, as for any client.
//
// When the socket is not connected, or no ack arrives within ACK_TIMEOUT_MS, the write goes over
// HTTP instead, so a write sent while offline or during a reconnect is not lost. Retrying is safe:
// new threads and replies carry the same clientId (the server answers a repeat with the first
// comment), and the other writes set a state (this body, reaction on/off, resolved/locked/pinned),
// so doing one twice changes nothing more.
import { errorStatus, type ErrorCode } from "@/lib/errors";
import type { Ack, ClientToServerEvents } from "@/lib/realtime/events";
import type { CommentView, PassageView, ThreadMeta, ThreadView } from "@/lib/domain/threads/present";
import type { ReactionKindWire } from "@/lib/domain/threads/schema";
import type { ClientSocket } from "./socket";
import { api, ApiError } from "./api";

/** How long a write waits for its ack before it is sent again over HTTP. */
export const ACK_TIMEOUT_MS = 8000;

type WriteEvent = "thread:create" | "comment:create" | "comment:edit" | "comment:delete" | "reaction:set" | "thread:update";
type InputOf<E extends WriteEvent> = Parameters<ClientToServerEvents[E]>[0];
type DataOf<E extends WriteEvent> = Parameters<ClientToServerEvents[E]>[1] extends (ack: Ack<infer T>) => void ? T : never;

/** Thrown inside send() when the socket path could not deliver (no socket, disconnected, timed out). */
class NotDelivered extends Error {}

/**
 * Sends one write over the socket; falls back to `overHttp` only when the socket path did not
 * answer. A refusal in an ack ({ ok: false }) is final, as an HTTP 4xx would be.
 */
async function send<E extends WriteEvent>(socket: ClientSocket | null, event: E, input: InputOf<E>, overHttp: () => Promise<DataOf<E>>): Promise<DataOf<E>> {
  let ack: Ack<DataOf<E>>;
  try {
    if (!socket?.connected) throw new NotDelivered();
    const withTimeout = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(e: E, i: InputOf<E>): Promise<Ack<DataOf<E>>> };
    ack = await withTimeout.emitWithAck(event, input).catch(() => {
      throw new NotDelivered();
    });
  } catch (err) {
    if (err instanceof NotDelivered) return overHttp();
    throw err;
  }
  if (ack.ok) return ack.data;
  const code = ack.error.code as ErrorCode;
  throw new ApiError(errorStatus[code] ?? 500, code, ack.error.message);
}

export interface NewThread {
  seminarId: string;
  paragraphId: string;
  body: string;
  clientId: string;
  passage?: PassageView | null;
  kind?: "discussion" | "prompt";
}

/** The room's write functions over this socket (null: none yet, so HTTP). */
export function roomWrites(current: ClientSocket | null) {
  const socket = () => current;
  return {
    createThread: ({ seminarId, paragraphId, body, clientId, passage, kind }: NewThread): Promise<ThreadView> => {
      const input = { paragraphId, body, clientId, ...(passage ? { passage } : {}), ...(kind ? { kind } : {}) };
      return send(socket(), "thread:create", { seminarId, ...input }, () => api<ThreadView>(`/api/v1/seminars/${seminarId}/threads`, { body: input }));
    },
    reply: (threadId: string, body: string, clientId: string): Promise<CommentView> =>
      send(socket(), "comment:create", { threadId, body, clientId }, () => api<CommentView>(`/api/v1/threads/${threadId}/comments`, { body: { body, clientId } })),
    edit: (commentId: string, body: string): Promise<CommentView> =>
      send(socket(), "comment:edit", { commentId, body }, () => api<CommentView>(`/api/v1/comments/${commentId}`, { method: "PATCH", body: { body } })),
    remove: (commentId: string): Promise<{ commentId: string }> =>
      send(socket(), "comment:delete", { commentId }, async () => {
        await api(`/api/v1/comments/${commentId}`, { method: "DELETE" });
        return { commentId };
      }),
    react: (commentId: string, kind: ReactionKindWire, on: boolean): Promise<CommentView> =>
      send(socket(), "reaction:set", { commentId, kind, on }, () => api<CommentView>(`/api/v1/comments/${commentId}/reactions/${kind}`, { method: on ? "PUT" : "DELETE" })),
    updateThread: (threadId: string, change: { resolved?: boolean; locked?: boolean; pinned?: boolean }): Promise<ThreadMeta> =>
      send(socket(), "thread:update", { threadId, ...change }, () => api<ThreadMeta>(`/api/v1/threads/${threadId}`, { method: "PATCH", body: change })),
  };
}

export type RoomWrites = ReturnType<typeof roomWrites>;

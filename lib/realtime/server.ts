// Socket.IO on the app's HTTP server. The handshake must prove who is connecting (session
// cookie or `auth.token` API token); handlers are thin: validate with the contract's zod schema,
// call a service, acknowledge with { ok, data } or { ok: false, error }.
// Authorization: seminar:join asks the seminars service for a membership; only members are put
// in a seminar's rooms, so only members receive its events. Write events (thread:create,
// comment:create …) are authorized by the same services the HTTP routes call.
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import { Server, type Socket } from "socket.io";
import type { ZodType } from "zod";
import { AppError, toErrorBody } from "@/lib/errors";
import { actorFromHeaders } from "@/lib/auth/session";
import { memberKey } from "@/lib/domain/seminars/policy";
import { presentRoomState } from "@/lib/domain/seminars/present";
import { presentMembersByRole, requireMembership } from "@/lib/domain/seminars/service";
import { addComment, createThread, deleteComment, editComment, eventsAfterFor, setReaction, typingSignal } from "@/lib/domain/threads/service";
import { updateThreadState } from "@/lib/domain/moderation/service";
import type { ThreadMeta } from "@/lib/domain/threads/present";
import type { Actor } from "@/lib/auth/actor";
import { checkStrings } from "@/lib/http/api";
import { sameOrigin } from "@/lib/http/origin";
import { zodMessage } from "@/lib/http/zod";
import { consume, forget } from "@/lib/limits";
import {
  commentCreateInput,
  commentDeleteInput,
  commentEditInput,
  pingInput,
  reactionSetInput,
  threadCreateInput,
  threadUpdateInput,
  rooms,
  seminarJoinInput,
  seminarLeaveInput,
  typingInput,
  type AckFn,
  type SeminarJoinData,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from "./events";
import { PresenceTracker } from "./presence";
import { realtimePresence, setRealtimeServer, type RealtimeServer } from "./publish";

export type { RealtimeServer };
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Wraps a handler so that bad input and thrown AppErrors become a `{ ok: false }` ack and a
 * missing ack function (a client that did not ask for one) is tolerated.
 * `write`: the event counts against the per-socket socketWrites limit first; it answers exactly as
 * its HTTP route does (NOT_FOUND stays NOT_FOUND, so a client handles both paths alike); strings
 * holding NUL are refused as readJson refuses them; unexpected failures are logged.
 */
function handler<I, O>(schema: ZodType<I>, run: (input: I, socket: RealtimeSocket) => Promise<O> | O, opts: { write?: boolean } = {}) {
  return (socket: RealtimeSocket) =>
    async (raw: unknown, ack?: AckFn<O>) => {
      const reply: AckFn<O> = typeof ack === "function" ? ack : () => {};
      let parsed;
      try {
        if (opts.write) {
          // Counted before anything else, so malformed and refused events count too.
          await consume("socketWrites", socket.id);
          checkStrings(raw);
        }
        parsed = schema.safeParse(raw ?? {});
      } catch (err) {
        reply({ ok: false, error: toErrorBody(err) });
        return;
      }
      if (!parsed.success) {
        reply({ ok: false, error: { code: "BAD_REQUEST", message: zodMessage(parsed.error) } });
        return;
      }
      try {
        reply({ ok: true, data: await run(parsed.data, socket) });
      } catch (err) {
        const body = toErrorBody(err);
        if (opts.write) {
          if (body.code === "INTERNAL") console.error(`colloquy: socket write failed: ${(err as Error)?.stack ?? err}`);
          reply({ ok: false, error: body });
          return;
        }
        // A non-member learns nothing: the seminars service says NOT_FOUND, the socket says FORBIDDEN.
        reply({ ok: false, error: body.code === "NOT_FOUND" ? { code: "FORBIDDEN", message: "You are not a member of this seminar." } : body });
      }
    };
}

// ── writes: thin handlers over the same services as the HTTP routes ──────────────────────────
// Authorization and the per-user writes limit happen inside the services; the per-socket flood
// limit (socketWrites) is counted first, for every write event, valid or not.

/** The socket's actor: the handshake proved it, and a revoked session's or token's socket is already disconnected. */
function actorOf(socket: RealtimeSocket): Actor {
  const { user, tokenId, sessionId } = socket.data;
  return { ...user, via: tokenId ? "token" : "session", ...(tokenId ? { tokenId } : {}), ...(sessionId ? { sessionId } : {}) };
}

function writeHandler<I, O>(schema: ZodType<I>, run: (input: I, actor: Actor) => Promise<O>) {
  return handler(
    schema,
    (input: I, socket) => run(input, actorOf(socket)),
    { write: true },
  );
}

const onThreadCreate = writeHandler(threadCreateInput, async ({ seminarId, ...input }, actor) => (await createThread(actor, seminarId, input)).thread);
const onCommentCreate = writeHandler(commentCreateInput, async ({ threadId, ...input }, actor) => (await addComment(actor, threadId, input)).comment);
const onCommentEdit = writeHandler(commentEditInput, ({ commentId, ...input }, actor) => editComment(actor, commentId, input));
const onCommentDelete = writeHandler(commentDeleteInput, async ({ commentId }, actor) => {
  await deleteComment(actor, commentId);
  return { commentId };
});
const onReactionSet = writeHandler(reactionSetInput, ({ commentId, kind, on }, actor) => setReaction(actor, commentId, kind, on));
const onThreadUpdate = writeHandler(threadUpdateInput, async ({ threadId, ...input }, actor): Promise<ThreadMeta> => {
  // The thread's state only: the room already holds its comments.
  const { comments: _comments, ...meta } = await updateThreadState(actor, threadId, input);
  return meta;
});

const onPing = handler(pingInput, (input) => ({
  serverTime: new Date().toISOString(),
  sentAt: input.sentAt ?? null,
}));

/** Max events replayed inside the join ack; a client further behind pages through /events. */
const JOIN_REPLAY_LIMIT = 500;

const onJoin = handler(seminarJoinInput, async ({ seminarId, afterSeq }, socket): Promise<SeminarJoinData> => {
  await consume("socketJoin", socket.id); // RATE_LIMITED ack with the wait past the limit
  const user = socket.data.user;
  const { role: firstRole } = await requireMembership(user, seminarId);
  // Join the rooms before reading the backlog: an event committed in between then arrives both
  // live and in the backlog, and the client drops the duplicate by seq. The other order could lose it.
  await socket.join([rooms.seminar(seminarId), rooms.seminarRole(seminarId, firstRole)]);
  // Then look at the membership again. A removal (or role change) commits first and then moves
  // the sockets in the rooms; if it committed before this second look, this join sees it here,
  // and if after, its kick finds this socket already in the rooms. Either way no removed member
  // stays in the room, and no one stays in the wrong role's room.
  const again = await requireMembership(user, seminarId).catch((err: unknown) => {
    leaveSeminarRooms(socket, seminarId);
    throw err;
  });
  const { role, membership, seminar } = again;
  if (role !== firstRole) {
    // Both at once (no await between): a role move must not run between the two.
    void socket.leave(rooms.seminarRole(seminarId, firstRole));
    void socket.join(rooms.seminarRole(seminarId, role));
  }
  // The seminar row came with that second look, read after entering the rooms: its seq is a safe
  // starting point, and no further query is needed for the room state or for `you` (a member
  // always sees their own name).
  const backlog =
    afterSeq === undefined ? { seq: seminar.lastSeq, events: [], more: false } : await eventsAfterFor({ userId: user.id, role }, seminarId, afterSeq, JOIN_REPLAY_LIMIT);
  const you = { key: memberKey(membership.pseudonym), name: user.name, role };
  // The union this process keeps (its own sockets and the others' deltas), not a fetchSockets of
  // the whole room: this socket's own arrival reaches the others in the next coalesced delta.
  const present = (await realtimePresence()?.list(seminarId, { userId: user.id, role }, you)) ?? [you];
  return {
    seminarId,
    role,
    seq: backlog.seq,
    events: backlog.events,
    more: backlog.more,
    you,
    room: presentRoomState(seminar, role),
    present,
  };
});

function leaveSeminarRooms(socket: RealtimeSocket, seminarId: string) {
  for (const room of [rooms.seminar(seminarId), rooms.seminarRole(seminarId, "instructor"), rooms.seminarRole(seminarId, "student")]) void socket.leave(room);
}

const onLeave = handler(seminarLeaveInput, async ({ seminarId }, socket) => {
  leaveSeminarRooms(socket, seminarId);
  return { seminarId };
});

/**
 * A typist sends a signal per keystroke burst; the room needs one "… is replying" every couple of
 * seconds, not each. So per user and thread (or paragraph, for a new thread) at most one signal is
 * relayed per TYPING_RELAY_MS, the first of a burst; the rest are dropped. Kept per process: a
 * user typing in two tabs on two processes may be relayed twice as often.
 */
export const TYPING_RELAY_MS = 1500;
const lastRelayed = new Map<string, number>();
const typingSweep = setInterval(() => {
  const old = Date.now() - TYPING_RELAY_MS;
  for (const [key, at] of lastRelayed) if (at < old) lastRelayed.delete(key);
}, 10_000);
typingSweep.unref();

function typingDue(userId: string, seminarId: string, target: string): boolean {
  const key = `${userId} ${seminarId} ${target}`;
  const now = Date.now();
  const last = lastRelayed.get(key);
  if (last !== undefined && now - last < TYPING_RELAY_MS) return false;
  lastRelayed.set(key, now);
  return true;
}

/** Volatile: relayed to the others in the room with the typist's name as each role may see it. */
async function onTyping(socket: RealtimeSocket, raw: unknown) {
  // Over the limit: dropped silently, like any volatile signal that does not make it.
  if (!(await consume("socketTyping", socket.id).then(() => true, () => false))) return;
  const parsed = typingInput.safeParse(raw);
  if (!parsed.success || !socket.rooms.has(rooms.seminar(parsed.data.seminarId))) return;
  const { seminarId, threadId, paragraphId } = parsed.data;
  if (!typingDue(socket.data.user.id, seminarId, threadId ? `t:${threadId}` : `p:${paragraphId ?? ""}`)) return;
  const signal = await typingSignal(socket.data.user, seminarId).catch(() => null);
  if (!signal) return;
  for (const role of ["instructor", "student"] as const) {
    socket.to(rooms.seminarRole(seminarId, role)).volatile.emit("thread:typing", { seminarId, threadId, paragraphId, who: signal.forRole(role) });
  }
}

/**
 * The postgres adapter keeps one pooled connection checked out for LISTEN and never gives it back.
 * When PostgreSQL restarts, that connection emits "error" with no listener (an uncaught exception,
 * after which its "end" never reaches the adapter, so it never LISTENs again) and its slot stays
 * taken in the pool for good: a few restarts and the pool (max 3) is empty. So every connection
 * checked out of this pool logs its error, and one that ends while checked out is handed back
 * with that error, which drops it from the pool; the adapter's own "end" handler then reconnects.
 * Only safe for this pool: its other users (pool.query) release before a connection's "end".
 */
function survivePostgresRestarts(pool: pg.Pool) {
  const held = new Map<pg.PoolClient, { onError: (err: Error) => void; onEnd: () => void }>();
  pool.on("acquire", (client) => {
    const onError = (err: Error) => console.error(`colloquy: realtime adapter connection: ${err.message}`);
    const onEnd = () => {
      held.delete(client);
      try {
        client.release(new Error("connection ended while checked out"));
      } catch {
        // already released by its user
      }
    };
    client.on("error", onError);
    client.once("end", onEnd);
    held.set(client, { onError, onEnd });
  });
  pool.on("release", (_err, client) => {
    const h = held.get(client);
    if (!h) return;
    held.delete(client);
    client.removeListener("error", h.onError);
    client.removeListener("end", h.onEnd);
  });
}

export interface RealtimeOptions {
  /** "postgres": broadcast to (and fetch sockets from) other server processes on the same database. */
  adapter?: "memory" | "postgres";
  databaseUrl?: string;
}

export function createRealtimeServer(httpServer: HttpServer, opts: RealtimeOptions = {}): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    // Bounded payloads: nothing in the contract comes close to 100 kB.
    maxHttpBufferSize: 100_000,
    serveClient: false,
    // A page on another site must not open a socket with our session cookie (cross-site
    // WebSocket hijacking). Browsers always send Origin; scripts without one use tokens.
    allowRequest: (req, callback) => callback(null, sameOrigin(req.headers.origin, req.headers.host)),
  });

  if (opts.adapter === "postgres") {
    if (!opts.databaseUrl) throw new Error("the postgres realtime adapter needs a database URL");
    // A small pool of its own: one connection LISTENs, the others NOTIFY; app queries never wait on it.
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 3, connectionTimeoutMillis: 5000 });
    pool.on("error", (err) => console.error(`colloquy: realtime adapter pool: ${err.message}`));
    survivePostgresRestarts(pool);
    io.adapter(createAdapter(pool, { tableName: "socket_io_attachments", errorHandler: (err) => console.error(`colloquy: realtime adapter: ${err.message}`) }));
    const close = io.close.bind(io);
    io.close = (fn) =>
      close((err) => {
        void pool.end().finally(() => fn?.(err));
      });
  }

  // Refuse unauthenticated connections before any handler runs.
  io.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
      const actor = await actorFromHeaders({
        authorization: token ? `Bearer ${token}` : socket.handshake.headers.authorization,
        cookie: socket.handshake.headers.cookie,
      });
      if (!actor) return next(new AppError("UNAUTHORIZED", "Sign in first."));
      socket.data.user = { id: actor.id, name: actor.name, email: actor.email };
      if (actor.tokenId) socket.data.tokenId = actor.tokenId;
      if (actor.sessionId) socket.data.sessionId = actor.sessionId;
      next();
    } catch (err) {
      // The client sees err.message and err.data: during a database outage that is
      // DATABASE_UNAVAILABLE and its message, and the socket server itself stays up.
      const body = toErrorBody(err);
      const refused = new AppError(body.code === "INTERNAL" ? "UNAVAILABLE" : body.code, body.message) as AppError & { data?: unknown };
      refused.data = { code: refused.code, message: refused.message };
      next(refused);
    }
  });

  io.on("connection", (socket) => {
    // The credential's room: revoking that session or token disconnects exactly these sockets.
    const credential = socket.data.sessionId ? rooms.session(socket.data.sessionId) : socket.data.tokenId ? rooms.token(socket.data.tokenId) : null;
    void socket.join(credential ? [rooms.user(socket.data.user.id), credential] : rooms.user(socket.data.user.id));
    socket.on("ping", onPing(socket));
    socket.on("seminar:join", onJoin(socket));
    socket.on("seminar:leave", onLeave(socket));
    socket.on("thread:typing", (raw: unknown) => void onTyping(socket, raw));
    socket.on("thread:create", onThreadCreate(socket));
    socket.on("comment:create", onCommentCreate(socket));
    socket.on("comment:edit", onCommentEdit(socket));
    socket.on("comment:delete", onCommentDelete(socket));
    socket.on("reaction:set", onReactionSet(socket));
    socket.on("thread:update", onThreadUpdate(socket));
    // Per-socket counts live in this process's memory; a socket that left needs none.
    socket.on("disconnect", () => void Promise.all([forget("socketJoin", socket.id), forget("socketTyping", socket.id), forget("socketWrites", socket.id)]));
  });
  // Presence follows the adapter's room events, so it sees every way in and out of a room.
  const presence = new PresenceTracker(io, presentMembersByRole, opts.adapter === "postgres");
  const closeIo = io.close.bind(io);
  io.close = (fn) => {
    presence.close();
    return closeIo(fn);
  };
  setRealtimeServer(io, opts.adapter === "postgres", presence);
  return io;
}

// Real sockets for integration tests: the app's own Socket.IO server (createRealtimeServer, as
// server.ts starts it) on a free loopback port in the test process, and socket.io-client
// connections to it that record everything the server sends them.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { afterAll, beforeAll } from "vitest";
import { applyPresence, presenceFromAck } from "@/lib/client/presence";
import {
  DISCUSSION_EVENT_TYPES,
  type Ack,
  type ClientToServerEvents,
  type DiscussionEvent,
  type PresenceChanged,
  type PresentMember,
  type SeminarJoinData,
  type ServerToClientEvents,
} from "@/lib/realtime/events";
import { createRealtimeServer, type RealtimeServer } from "@/lib/realtime/server";
import { setRealtimeServer } from "@/lib/realtime/publish";
import { sessionCookie, type BuiltUser } from "./factories";

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  event: string;
  payload: unknown;
}

/** A connected socket and everything the server has sent it, acknowledgements included. */
export interface Conn {
  who: BuiltUser;
  socket: Client;
  events: Received[];
  acks: unknown[];
  /** Every payload and ack this client got, as one string, for leak searches. */
  raw(): string;
}

export interface Credentials {
  token?: string;
  cookie?: string;
  authorization?: string;
  origin?: string;
}

/**
 * Starts the server before the file's tests and closes it, with every socket opened through
 * it, after them. Call once at the top of a test file.
 */
export function startRealtimeServer() {
  let http: HttpServer;
  let io: RealtimeServer;
  let host = "";
  const open: Client[] = [];

  beforeAll(async () => {
    http = createServer();
    io = createRealtimeServer(http);
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    host = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    open.forEach((c) => c.disconnect());
    await new Promise<void>((r) => io.close(() => r()));
    setRealtimeServer(undefined);
  });

  /** A socket with these credentials (not yet known to be connected); closed after the file. */
  function socket(creds: Credentials = {}, options: Partial<ManagerOptions & SocketOptions> = {}): Client {
    const extraHeaders: Record<string, string> = {};
    if (creds.cookie) extraHeaders.cookie = creds.cookie;
    if (creds.authorization) extraHeaders.authorization = creds.authorization;
    if (creds.origin) extraHeaders.origin = creds.origin;
    const c: Client = connect(`http://${host}`, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      auth: creds.token ? { token: creds.token } : {},
      extraHeaders,
      ...options,
    });
    open.push(c);
    return c;
  }

  /** Connects with these credentials and records what arrives; rejects if the handshake is refused. */
  async function connectWith(creds: Credentials, who = {} as BuiltUser): Promise<Conn> {
    const s = socket(creds);
    const events: Received[] = [];
    const acks: unknown[] = [];
    s.onAny((event: string, payload: unknown) => events.push({ event, payload }));
    await connected(s);
    return { who, socket: s, events, acks, raw: () => JSON.stringify({ events, acks }) };
  }

  return {
    /** host:port of the server (valid once the file's tests run). */
    host: () => host,
    socket,
    connectWith,
    /** Connects as a user with their session cookie. */
    connectAs: async (who: BuiltUser) => connectWith({ cookie: await sessionCookie(who.user) }, who),
  };
}

/** Resolves once `s` connects (again, after `s.connect()`); rejects with the connect_error if the handshake is refused. */
export function connected(s: Client): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
}

/** The connect_error a handshake gets, or null if it connected. */
export const refusedWith = (s: Client): Promise<Error | null> => connected(s).then(() => null, (err: Error) => err);

export async function join(c: Conn, seminarId: string, afterSeq?: number): Promise<Ack<SeminarJoinData>> {
  const ack = await c.socket.timeout(5000).emitWithAck("seminar:join", afterSeq === undefined ? { seminarId } : { seminarId, afterSeq });
  c.acks.push(ack);
  return ack;
}

export async function joined(c: Conn, seminarId: string, afterSeq?: number): Promise<SeminarJoinData> {
  const ack = await join(c, seminarId, afterSeq);
  if (!ack.ok) throw new Error(`${c.who.user?.name ?? "client"} could not join: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

export const isDiscussion = (e: Received) => (DISCUSSION_EVENT_TYPES as string[]).includes(e.event);

/** The discussion events `c` received (from index `from` of everything it received), in arrival order. */
export function discussion(c: Conn, from = 0): DiscussionEvent[] {
  return c.events
    .slice(from)
    .filter(isDiscussion)
    .map((e) => {
      // the Socket.IO event name and the payload's own `type` must agree
      if ((e.payload as DiscussionEvent).type !== e.event) throw new Error(`event ${e.event} carries type ${(e.payload as DiscussionEvent).type}`);
      return e.payload as DiscussionEvent;
    });
}

/** Polls what `c` has received until `found` returns something, or fails after `timeoutMs`. */
export function waitUntil<T>(c: Pick<Conn, "who" | "events">, found: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const hit = found();
      if (hit !== undefined) return resolve(hit);
      if (Date.now() - started > timeoutMs) {
        return reject(new Error(`${c.who.user?.name ?? "client"}: no ${what} within ${timeoutMs} ms; got ${JSON.stringify(c.events).slice(0, 1000)}`));
      }
      setTimeout(check, 5);
    };
    check();
  });
}

/** Waits until `c` has received something from index `from` on that is `event` and passes `test`. */
export function waitFor<T>(c: Conn, event: string, test: (payload: T) => boolean = () => true, from = 0, timeoutMs = 5000): Promise<T> {
  return waitUntil(c, () => c.events.slice(from).find((e) => e.event === event && test(e.payload as T))?.payload as T | undefined, event, timeoutMs);
}

/** Waits until `c` has the discussion event numbered `seq`. */
export function waitForSeq(c: Conn, seq: number, timeoutMs = 5000): Promise<DiscussionEvent> {
  return waitUntil(c, () => discussion(c).find((e) => e.seq === seq), `seq ${seq}`, timeoutMs);
}

/** Everything sent to `c` before this call has arrived once the ping's ack is back (one socket's packets keep their order). */
export const drain = (c: Conn) => c.socket.timeout(5000).emitWithAck("ping", {});

/** The presence:changed deltas `c` received for `seminarId` (from index `from` of everything it received). */
export function presenceDeltas(c: Pick<Conn, "events">, seminarId: string, from = 0): PresenceChanged[] {
  return c.events
    .slice(from)
    .filter((e) => e.event === "presence:changed" && (e.payload as PresenceChanged).seminarId === seminarId)
    .map((e) => e.payload as PresenceChanged);
}

/**
 * Call right after `c`'s seminar:join ack arrived: a function giving the list `c` shows at any
 * later moment, as the room computes it (the ack's full list, every delta after it applied).
 */
export function presenceView(c: Pick<Conn, "events">, ack: Pick<SeminarJoinData, "seminarId" | "present">): () => PresentMember[] {
  const from = c.events.length;
  return () => presenceDeltas(c, ack.seminarId, from).reduce(applyPresence, presenceFromAck(ack.present));
}

/** Waits until the list `view` gives passes `test`; returns it. */
export function waitForPresence(c: Conn, view: () => PresentMember[], test: (list: PresentMember[]) => boolean, timeoutMs = 5000): Promise<PresentMember[]> {
  return waitUntil(c, () => (test(view()) ? view() : undefined), "presence", timeoutMs);
}

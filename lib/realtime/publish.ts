// How services reach sockets after they commit. The Socket.IO server is created by server.ts;
// Next's bundled route code runs in the same process but loads its own copy of this module,
// so the server is kept on globalThis. With no server (unit and service tests) publishing is a
// no-op: the database, not the socket, is the record.
import type { Server } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events";
import type { PresenceTracker } from "./presence";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const g = globalThis as unknown as { __colloquyIo?: RealtimeServer; __colloquyIoClustered?: boolean; __colloquyPresence?: PresenceTracker };

/** `clustered`: other server processes share the rooms (the postgres adapter). */
export function setRealtimeServer(io: RealtimeServer | undefined, clustered = false, presence?: PresenceTracker) {
  g.__colloquyIo = io;
  g.__colloquyIoClustered = !!io && clustered;
  g.__colloquyPresence = io ? presence : undefined;
}

/** Who is in each seminar's room (lib/realtime/presence.ts); none without a server. */
export function realtimePresence(): PresenceTracker | undefined {
  return g.__colloquyPresence;
}

/** True when a room may have members in other processes, so the local adapter cannot tell who listens. */
export function realtimeIsClustered(): boolean {
  return g.__colloquyIoClustered ?? false;
}

export function realtime(): RealtimeServer | undefined {
  return g.__colloquyIo;
}

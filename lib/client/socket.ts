// The browser's Socket.IO connection, typed by the one contract. The session cookie goes with
// the handshake, so a signed-in page needs nothing else.
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectSocket(): ClientSocket {
  return io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
}

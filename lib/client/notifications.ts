// The browser's view of your notifications: one shared Socket.IO connection for the header bell
// and the notifications page (counted: it closes when neither needs it), and the API calls.
// The room keeps its own connection (app/seminars/[id]/room/discussion-room.tsx).
import { api } from "@/lib/client/api";
import { connectSocket, type ClientSocket } from "@/lib/client/socket";
import type { NotificationView } from "@/lib/domain/notifications/present";
import type { NotificationCreated } from "@/lib/realtime/events";

export interface NotificationPageData {
  notifications: NotificationView[];
  unread: number;
  next: string | null;
}

export interface NotificationListener {
  created?: (p: NotificationCreated) => void;
  read?: (p: { unread: number }) => void;
  /** The connection (re)opened: anything may have been missed while it was down. */
  connected?: () => void;
}

let socket: ClientSocket | null = null;
const listeners = new Set<NotificationListener>();

/** Listens for your notifications; returns the function that stops listening. */
export function subscribeNotifications(l: NotificationListener): () => void {
  listeners.add(l);
  if (!socket) {
    socket = connectSocket();
    socket.on("notification:created", (p) => listeners.forEach((x) => x.created?.(p)));
    socket.on("notifications:read", (p) => listeners.forEach((x) => x.read?.(p)));
    socket.on("connect", () => listeners.forEach((x) => x.connected?.()));
  } else if (socket.connected) {
    l.connected?.();
  }
  return () => {
    listeners.delete(l);
    if (!listeners.size && socket) {
      socket.disconnect();
      socket = null;
    }
  };
}

export function fetchNotifications(opts: { before?: string; limit?: number; unread?: boolean } = {}): Promise<NotificationPageData> {
  const q = new URLSearchParams();
  if (opts.before) q.set("before", opts.before);
  if (opts.limit) q.set("limit", String(opts.limit));
  if (opts.unread) q.set("unread", "true");
  const qs = q.toString();
  return api<NotificationPageData>(`/api/v1/notifications${qs ? `?${qs}` : ""}`);
}

export function markNotificationsRead(body: { ids: string[] } | { all: true }): Promise<{ marked: number; unread: number }> {
  return api("/api/v1/notifications/read", { body });
}

const KIND_VERBS: Record<NotificationView["kind"], string> = {
  reply: "replied in a thread you took part in",
  mention: "mentioned you",
  reaction: "reacted to your comment",
  endorsement: "endorsed your comment",
};

/** "Ann Lee mentioned you", for lists and announcements. */
export const describeNotification = (n: NotificationView) => `${n.actor.name} ${KIND_VERBS[n.kind]}`;

"use client";

// The room's Socket.IO connection: joins the seminar (again after every reconnect, from the last
// applied seq), feeds live events, the join ack's backlog and /events?after= gap fills to the
// store in seq order (lib/client/discussion-store.ts), through the live feed's pause
// (use-live-feed.ts); keeps presence, the room's state and "… is replying" signals. Callers get
// what the room shows; the socket itself is for writes (lib/client/room-writes.ts).
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import { applyEvents, createGapFiller, type DiscussionState } from "@/lib/client/discussion-store";
import { connectSocket, type ClientSocket } from "@/lib/client/socket";
import { applyPresence, presenceFromAck } from "@/lib/client/presence";
import { DISCUSSION_EVENT_TYPES, type DiscussionEvent, type PresentMember, type RoomState } from "@/lib/realtime/events";
import type { TypingStore } from "./typing";
import { useLiveFeed } from "./use-live-feed";

export type Connection = "connecting" | "live" | "offline";

interface Options {
  seminarId: string;
  /** The names setting the page was rendered with. */
  nameVisibility: NonNullable<RoomState["nameVisibility"]>;
  initialRoom: Pick<RoomState, "state" | "canWrite">;
  /** Your member key from the page (the join ack confirms it). */
  you: string | null;
  get: () => DiscussionState;
  commit: (next: DiscussionState) => void;
  typing: TypingStore;
  /** Events just applied, with the store as it was before them (announcements, badges). */
  onEvents: (events: DiscussionEvent[], before: DiscussionState) => void;
  /** An instructor hid or showed names: what the room holds is presented the old way. */
  onNamesChanged: () => void;
}

export function useDiscussionSocket({ seminarId, nameVisibility, initialRoom, you: pageYou, get, commit, typing, onEvents, onNamesChanged }: Options) {
  const [present, setPresent] = useState<PresentMember[]>([]);
  const [you, setYou] = useState<PresentMember | null>(null);
  const [room, setRoom] = useState<Pick<RoomState, "state" | "canWrite">>(initialRoom);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [removed, setRemoved] = useState(false);
  const socketRef = useRef<ClientSocket | null>(null);
  const names = useRef(nameVisibility);
  // Read through a ref, so that a new callback (e.g. the announcement setting changed) does not
  // reconnect the socket.
  const onEventsRef = useRef(onEvents);
  useEffect(() => {
    onEventsRef.current = onEvents;
  }, [onEvents]);

  /**
   * Fetches everything after the applied seq (after a gap, or when the join ack said there is
   * more), and again at once while a gap remains after a fill (lib/client/discussion-store.ts).
   */
  const filler = useRef<{ seminarId: string; fill: () => Promise<void> } | null>(null);
  const fillGap = useCallback(() => {
    if (filler.current?.seminarId !== seminarId) {
      const { fill } = createGapFiller({
        get,
        apply: (r) => {
          const before = get();
          commit(r.state);
          onEventsRef.current(r.applied, before);
        },
        fetchAfter: (seq) => api<{ seq: number; events: DiscussionEvent[]; more: boolean }>(`/api/v1/seminars/${seminarId}/events?after=${seq}`),
      });
      filler.current = { seminarId, fill };
    }
    return filler.current.fill();
  }, [seminarId, get, commit]);

  const gapTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const deliver = useCallback(
    (events: DiscussionEvent[]) => {
      const before = get();
      const r = applyEvents(before, events);
      commit(r.state);
      onEventsRef.current(r.applied, before);
      // A gap is usually a push still on its way from another server process: give it a moment
      // before asking the server, so a whole room does not fetch at once for nothing.
      if (r.gap && !gapTimer.current) {
        gapTimer.current = setTimeout(() => {
          gapTimer.current = null;
          if (Object.keys(get().held).length) void fillGap();
        }, 400);
      }
    },
    [get, commit, fillGap],
  );
  // Paused, the feed holds events instead of applying them (use-live-feed.ts).
  const feed = useLiveFeed(deliver, you?.key ?? pageYou);
  const receive = feed.receive;
  const namesChanged = useRef(onNamesChanged);
  useEffect(() => {
    namesChanged.current = onNamesChanged;
  }, [onNamesChanged]);

  useEffect(() => {
    const socket = connectSocket();
    socketRef.current = socket;
    const join = async () => {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck("seminar:join", { seminarId, afterSeq: get().seq })
        .catch(() => null);
      if (!ack) return setConnection("offline");
      if (!ack.ok) {
        setConnection("offline");
        if (ack.error.code === "FORBIDDEN") setRemoved(true);
        return;
      }
      setYou(ack.data.you);
      setPresent(presenceFromAck(ack.data.present));
      setRoom(ack.data.room);
      setConnection("live");
      receive(ack.data.events);
      if (ack.data.more) void fillGap();
    };
    socket.on("connect", join); // and again after every reconnect, resuming from the last applied seq
    socket.on("disconnect", () => setConnection("offline"));
    socket.on("presence:changed", (p) => p.seminarId === seminarId && setPresent((list) => applyPresence(list, p)));
    socket.on("seminar:updated", (s) => {
      if (s.seminarId !== seminarId) return;
      setRoom({ state: s.state, canWrite: s.canWrite });
      // seminar:updated carries no names: the room asks for what it shows again.
      if (s.nameVisibility && s.nameVisibility !== names.current) {
        names.current = s.nameVisibility;
        namesChanged.current();
      }
    });
    socket.on("seminar:removed", (p) => p.seminarId === seminarId && setRemoved(true));
    socket.on("thread:typing", (t) => {
      if (t.seminarId !== seminarId) return;
      typing.signal(t.who.key, { name: t.who.name, threadId: t.threadId, paragraphId: t.paragraphId, until: Date.now() + 4000 });
    });
    for (const type of DISCUSSION_EVENT_TYPES) {
      (socket.on as (ev: string, fn: (e: DiscussionEvent) => void) => void)(type, (e) => e.seminarId === seminarId && receive([e]));
    }
    const sweep = setInterval(() => typing.sweep(), 1000);
    return () => {
      clearInterval(sweep);
      socket.disconnect();
    };
  }, [seminarId, get, receive, fillGap, typing]);

  return { socketRef, you, present, room, connection, removed, feed };
}

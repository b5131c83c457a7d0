"use client";

// The seminar's live strip above the reading: who is here now (pushed over Socket.IO), whether
// the seminar is open, and for instructors the invite link and settings.
import Link from "next/link";
import { useEffect, useState } from "react";
import { connectSocket } from "@/lib/client/socket";
import type { MemberView, SeminarView } from "@/lib/domain/seminars/present";
import type { PresentMember, RoomState } from "@/lib/realtime/events";

type Connection = "connecting" | "live" | "offline";

export function RoomBar({ seminar, members }: { seminar: SeminarView; members: MemberView[] }) {
  const [present, setPresent] = useState<PresentMember[]>([]);
  const [you, setYou] = useState<PresentMember | null>(null);
  const [room, setRoom] = useState<Pick<RoomState, "state" | "canWrite">>({
    state: seminar.state,
    canWrite: seminar.role === "instructor" || seminar.state === "open",
  });
  const [connection, setConnection] = useState<Connection>("connecting");
  const [removed, setRemoved] = useState(false);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const socket = connectSocket();
    const join = async () => {
      const ack = await socket.timeout(10_000).emitWithAck("seminar:join", { seminarId: seminar.id }).catch(() => null);
      if (!ack) return setConnection("offline");
      if (!ack.ok) {
        setConnection("offline");
        if (ack.error.code === "FORBIDDEN") setRemoved(true);
        return;
      }
      setYou(ack.data.you);
      setPresent(ack.data.present);
      setRoom(ack.data.room);
      setConnection("live");
    };
    socket.on("connect", join); // also after every reconnect
    socket.on("disconnect", () => setConnection("offline"));
    socket.on("presence:changed", (p) => p.seminarId === seminar.id && setPresent(p.present));
    socket.on("seminar:updated", (s) => s.seminarId === seminar.id && setRoom({ state: s.state, canWrite: s.canWrite }));
    socket.on("seminar:removed", (p) => p.seminarId === seminar.id && setRemoved(true));
    return () => {
      socket.disconnect();
    };
  }, [seminar.id]);

  return (
    <section className="room-bar" aria-label="Seminar">
      <div className="room-bar-head">
        <h2 className="room-title">{seminar.title}</h2>
        <span className={`badge badge-${room.state}`} data-testid="seminar-state">
          {room.state === "open" ? "Open" : "Closed"}
        </span>
        <span className={`connection connection-${connection}`} role="status" aria-live="polite">
          {connection === "live" ? "Live" : connection === "connecting" ? "Connecting…" : "Offline — reconnecting"}
        </span>
        {seminar.role === "instructor" ? (
          <Link href={`/seminars/${seminar.id}/settings`} className="room-settings-link">
            Settings &amp; members
          </Link>
        ) : null}
      </div>
      {seminar.description ? <p className="room-description">{seminar.description}</p> : null}
      {removed ? (
        <p className="notice notice-warn" role="alert">
          You are no longer a member of this seminar.
        </p>
      ) : !room.canWrite ? (
        <p className="notice" role="status" data-testid="read-only-notice">
          This seminar is closed: you can read it, but not write in it.
        </p>
      ) : room.state === "closed" ? (
        <p className="notice" role="status">
          This seminar is closed for students. As an instructor you can still write.
        </p>
      ) : null}
      {seminar.inviteUrl ? (
        <div className="invite">
          <label htmlFor="invite-url">Invite link</label>
          <input id="invite-url" readOnly value={seminar.inviteUrl} onFocus={(e) => e.currentTarget.select()} data-testid="invite-url" />
          <button
            type="button"
            className="button button-small"
            onClick={async () => {
              await navigator.clipboard?.writeText(seminar.inviteUrl!).catch(() => {});
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            }}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
      ) : null}
      <div className="presence">
        <h3 id="presence-heading">Here now</h3>
        <ul aria-labelledby="presence-heading" className="presence-list" data-testid="presence">
          {present.length === 0 ? <li className="hint">{connection === "live" ? "Only you" : "…"}</li> : null}
          {present.map((p) => (
            <li key={p.key} className={`presence-chip presence-${p.role}`}>
              {p.key === you?.key ? `${you.name} (you)` : p.name}
              {p.role === "instructor" ? <span className="visually-hidden"> (instructor)</span> : null}
            </li>
          ))}
        </ul>
        <details className="members">
          <summary>
            All members ({members.length})
          </summary>
          <ul>
            {members.map((m) => (
              <li key={m.key}>
                {m.name}
                {m.isYou ? " (you)" : ""} <span className="muted">· {m.role}</span>
              </li>
            ))}
          </ul>
        </details>
      </div>
    </section>
  );
}

"use client";

// The seminar's strip above the reading: who is here now, whether the seminar is open, the
// connection, and for instructors the invite link and settings. State comes from the room.
import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import type { MemberView, SeminarView } from "@/lib/domain/seminars/present";
import type { PresentMember, RoomState } from "@/lib/realtime/events";
import { ExportMenu } from "./export-menu";

interface Props {
  seminar: SeminarView;
  members: MemberView[];
  present: PresentMember[];
  you: PresentMember | null;
  room: Pick<RoomState, "state" | "canWrite">;
  connection: "connecting" | "live" | "offline";
  removed: boolean;
  /** Instructors: the open reports count (live); null for students. */
  openReports?: number | null;
  onShowReports?: () => void;
}

const noSubscription = () => () => {};

/**
 * The closing time in the reader's own language and time zone. The server knows neither, so the
 * server's render (and hydration) shows the ISO time and the browser's render the local one.
 */
function LocalTime({ iso }: { iso: string }) {
  const local = useSyncExternalStore(
    noSubscription,
    () => new Date(iso).toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" }),
    () => null,
  );
  return <time dateTime={iso}>{local ?? iso.slice(0, 16).replace("T", " ") + " UTC"}</time>;
}

/** "Closes …" while the seminar is open and has a closing time; once closed, the badge says so. */
function ClosingTime({ closesAt, state }: { closesAt: string | null; state: "open" | "closed" }) {
  if (!closesAt || state !== "open") return null;
  return (
    <span className="room-closes" data-testid="seminar-closes">
      Closes <LocalTime iso={closesAt} />
    </span>
  );
}

export function RoomBar({ seminar, members, present, you, room, connection, removed, openReports = null, onShowReports }: Props) {
  const [copied, setCopied] = useState(false);
  // On phones the card shows one line and keeps the rest behind "Seminar details", so the
  // reading starts near the top of the screen; on wider screens everything shows (CSS).
  const [expanded, setExpanded] = useState(false);
  return (
    <section className={`room-bar${expanded ? " room-bar-expanded" : ""}`} aria-label="Seminar">
      <div className="room-bar-head">
        <h2 className="room-title">{seminar.title}</h2>
        <span className={`badge badge-${room.state}`} data-testid="seminar-state">
          {room.state === "open" ? "Open" : "Closed"}
        </span>
        <span className={`connection connection-${connection}`} role="status" aria-live="polite">
          {connection === "live" ? "Live" : connection === "connecting" ? "Connecting…" : "Offline — reconnecting"}
        </span>
        {seminar.role === "instructor" && openReports !== null ? (
          <button
            type="button"
            className={`reports-button${openReports ? " reports-button-open" : ""}`}
            onClick={onShowReports}
            aria-label={`Reports: ${openReports} open`}
            data-testid="reports-button"
          >
            Reports <span className="reports-count" data-testid="reports-count">{openReports}</span>
          </button>
        ) : null}
        <ClosingTime closesAt={seminar.closesAt} state={room.state} />
        <ExportMenu seminar={seminar} />
        {seminar.role === "instructor" ? (
          <>
            <Link href={`/seminars/${seminar.id}/audit`} className="room-settings-link">
              Audit log
            </Link>
            <Link href={`/seminars/${seminar.id}/settings`} className="room-settings-link">
              Settings &amp; members
            </Link>
          </>
        ) : null}
        {seminar.role === "instructor" ? (
          <Link href={`/seminars/${seminar.id}/dashboard`} className="room-dashboard-link">
            Dashboard
          </Link>
        ) : null}
        <button type="button" className="room-bar-toggle link-button" aria-expanded={expanded} aria-controls="room-bar-more" onClick={() => setExpanded((v) => !v)}>
          Seminar details
        </button>
      </div>
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
      <div className="room-bar-more" id="room-bar-more">
        {seminar.description ? <p className="room-description">{seminar.description}</p> : null}
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
            <summary>All members ({members.length})</summary>
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
      </div>
    </section>
  );
}

"use client";

// Your notifications: newest first, unread ones marked, new ones added live; "Mark all as read";
// each item links to its thread in the room and is marked read when followed.
import Link from "next/link";
import { useEffect, useState } from "react";
import { ApiError } from "@/lib/client/api";
import { describeNotification, fetchNotifications, markNotificationsRead, subscribeNotifications, type NotificationPageData } from "@/lib/client/notifications";
import type { NotificationView } from "@/lib/domain/notifications/present";

const PAGE = 30;

function when(iso: string) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function NotificationList({ initial }: { initial: NotificationPageData }) {
  const [items, setItems] = useState<NotificationView[]>(initial.notifications);
  const [unread, setUnread] = useState(initial.unread);
  const [next, setNext] = useState(initial.next);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(
    () =>
      subscribeNotifications({
        created: (p) => {
          setItems((all) => (all.some((n) => n.id === p.notification.id) ? all : [p.notification, ...all]));
          setUnread(p.unread);
        },
        read: (p) => {
          setUnread(p.unread);
          // Read elsewhere (another tab): when nothing is unread any more, show it here too.
          if (p.unread === 0) setItems((all) => all.map((n) => (n.readAt ? n : { ...n, readAt: new Date().toISOString() })));
        },
      }),
    [],
  );

  const fail = (err: unknown) => setStatus({ ok: false, text: err instanceof ApiError ? err.message : "Something went wrong." });

  async function markAll() {
    setBusy(true);
    setStatus(null);
    try {
      const r = await markNotificationsRead({ all: true });
      const now = new Date().toISOString();
      setItems((all) => all.map((n) => (n.readAt ? n : { ...n, readAt: now })));
      setUnread(r.unread);
      setStatus({ ok: true, text: r.marked === 1 ? "1 notification marked as read." : `${r.marked} notifications marked as read.` });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function more() {
    if (!next) return;
    setBusy(true);
    try {
      const page = await fetchNotifications({ before: next, limit: PAGE });
      setItems((all) => [...all, ...page.notifications.filter((n) => !all.some((x) => x.id === n.id))]);
      setNext(page.next);
      setUnread(page.unread);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  /** Following a link marks that one read; the request outlives the navigation (keepalive). */
  function followed(n: NotificationView) {
    if (n.readAt) return;
    void fetch("/api/v1/notifications/read", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ids: [n.id] }),
      credentials: "same-origin",
      keepalive: true,
    }).catch(() => {});
  }

  return (
    <section aria-labelledby="notifications-heading">
      <div className="notifications-bar">
        <h2 id="notifications-heading" className="visually-hidden">
          Your notifications
        </h2>
        <p className="muted" data-testid="unread-count">
          {unread === 0 ? "Nothing unread." : unread === 1 ? "1 unread." : `${unread} unread.`}
        </p>
        <button type="button" className="button button-small" onClick={markAll} disabled={busy || unread === 0}>
          Mark all as read
        </button>
      </div>
      <div aria-live="polite" className="action-status">
        {status ? (
          <p className={status.ok ? "form-ok" : "form-error"} role={status.ok ? undefined : "alert"}>
            {status.text}
          </p>
        ) : null}
      </div>
      {items.length === 0 ? (
        <div className="empty-state">
          <p>No notifications yet.</p>
          <p className="hint">
            You&rsquo;ll see one here when someone replies in a thread you took part in, mentions you, reacts to your comment or endorses it. Choose which kinds you want on your{" "}
            <Link href="/account#notifications">account page</Link>.
          </p>
        </div>
      ) : (
        <ol className="notification-list" data-testid="notification-list">
          {items.map((n) => (
            <li key={n.id} className={`notification${n.readAt ? "" : " notification-unread"}`} data-notification-id={n.id}>
              <Link href={n.link} className="notification-link" onClick={() => followed(n)}>
                <span className="notification-what">
                  {n.readAt ? null : <span className="notification-dot">Unread: </span>}
                  {describeNotification(n)}
                </span>
                <span className="notification-where">
                  in {n.seminar.title}, paragraph {n.paragraphNumber}
                </span>
                {n.excerpt !== null ? (
                  <span className="notification-excerpt">&ldquo;{n.excerpt}&rdquo;</span>
                ) : (
                  <span className="notification-excerpt muted">The comment is no longer available.</span>
                )}
                <time dateTime={n.createdAt} className="notification-time">
                  {when(n.createdAt)}
                </time>
              </Link>
            </li>
          ))}
        </ol>
      )}
      {next ? (
        <button type="button" className="button button-secondary" onClick={more} disabled={busy}>
          Show older notifications
        </button>
      ) : null}
    </section>
  );
}

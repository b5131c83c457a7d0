"use client";

// The header's bell: your unread count, kept live over the socket (notification:created and
// notifications:read carry the new count), refreshed from the API after a reconnect.
import Link from "next/link";
import { useEffect, useState } from "react";
import { describeNotification, fetchNotifications, subscribeNotifications } from "@/lib/client/notifications";

export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  const [announcement, setAnnouncement] = useState("");

  // A server render (navigation, router.refresh) brings a fresh count: take it.
  const [rendered, setRendered] = useState(initialUnread);
  if (rendered !== initialUnread) {
    setRendered(initialUnread);
    setUnread(initialUnread);
  }

  useEffect(() => {
    return subscribeNotifications({
      created: (p) => {
        setUnread(p.unread);
        setAnnouncement(`New notification: ${describeNotification(p.notification)}.`);
      },
      read: (p) => setUnread(p.unread),
      // Pushes sent while the connection was down (or before it opened) are not replayed: ask.
      connected: () => void fetchNotifications({ limit: 1 }).then((page) => setUnread(page.unread), () => {}),
    });
  }, []);

  const label = unread ? `Notifications, ${unread} unread` : "Notifications, none unread";
  return (
    <>
      <Link href="/notifications" className="bell" aria-label={label} title={label} data-testid="notification-bell">
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.5A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        {unread ? (
          <span className="bell-badge" data-testid="unread-badge" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </Link>
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </>
  );
}

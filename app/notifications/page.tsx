import type { Metadata } from "next";
import { listNotifications } from "@/lib/domain/notifications/service";
import { requirePageActor } from "@/lib/pages/guards";
import { NotificationList } from "./notification-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const actor = await requirePageActor("/notifications");
  const first = await listNotifications(actor, { limit: 30 });
  return (
    <div className="page narrow">
      <h1 className="page-title">Notifications</h1>
      <p className="lede">Replies in threads you took part in, mentions, reactions and endorsements, newest first.</p>
      <NotificationList initial={first} />
    </div>
  );
}

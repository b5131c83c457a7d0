import { parseInput, route } from "@/lib/http/api";
import { listNotificationsQuery } from "@/lib/domain/notifications/schema";
import { listNotifications } from "@/lib/domain/notifications/service";

/** GET /api/v1/notifications?unread=true&before=<id>&limit=<n> -> { notifications, unread, next }: yours, newest first. */
export const GET = route(async ({ req, actor }) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return listNotifications(actor, parseInput(listNotificationsQuery, params));
});

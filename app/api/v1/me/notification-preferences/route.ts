import { readJson, route } from "@/lib/http/api";
import { notificationPreferencesInput } from "@/lib/domain/notifications/schema";
import { getPreferences, setPreferences } from "@/lib/domain/notifications/service";

/** GET /api/v1/me/notification-preferences -> { reply, mention, reaction, endorsement } (true = wanted) */
export const GET = route(async ({ actor }) => getPreferences(actor));

/** PUT /api/v1/me/notification-preferences { reply, mention, reaction, endorsement } -> the same, as saved */
export const PUT = route(async ({ req, actor }) => setPreferences(actor, await readJson(req, notificationPreferencesInput)));

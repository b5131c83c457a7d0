import { readJson, route } from "@/lib/http/api";
import { markReadInput } from "@/lib/domain/notifications/schema";
import { markRead } from "@/lib/domain/notifications/service";

/** POST /api/v1/notifications/read { ids: [...] } or { all: true } -> { marked, unread } */
export const POST = route(async ({ req, actor }) => markRead(actor, await readJson(req, markReadInput)));

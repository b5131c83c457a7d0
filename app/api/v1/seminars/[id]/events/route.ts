import { parseInput, route } from "@/lib/http/api";
import { eventsQuery } from "@/lib/domain/threads/schema";
import { eventsAfter } from "@/lib/domain/threads/service";

/** GET /api/v1/seminars/:id/events?after=<seq>&limit=<n> -> { seq, events, more }: what a client missed. */
export const GET = route<{ id: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  const q = parseInput(eventsQuery, { after: url.searchParams.get("after") ?? undefined, limit: url.searchParams.get("limit") ?? undefined });
  return eventsAfter(actor, params.id, q.after, q.limit);
});

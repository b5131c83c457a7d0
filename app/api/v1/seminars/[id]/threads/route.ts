import { parseInput, readJson, route } from "@/lib/http/api";
import { createThreadInput, threadsQuery } from "@/lib/domain/threads/schema";
import { createThread } from "@/lib/domain/threads/service";
import { listThreadsPage } from "@/lib/domain/threads/room";

type P = { id: string };

/**
 * GET /api/v1/seminars/:id/threads?paragraph=N&cursor=...&limit=n -> { seq, threads, nextCursor }
 * (members; names as the seminar allows). One page in the room's order; without `paragraph`, every
 * paragraph's threads in turn. At most MAX_THREADS_PAGE (50) per page.
 */
export const GET = route<P>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  const get = (k: string) => url.searchParams.get(k) ?? undefined;
  const q = parseInput(threadsQuery, { paragraph: get("paragraph"), cursor: get("cursor"), limit: get("limit") });
  return listThreadsPage(actor, params.id, q);
});

/** POST /api/v1/seminars/:id/threads { paragraphId, passage?, body, clientId? } -> 201, or 200 for a repeated clientId. */
export const POST = route<P>(async ({ req, actor, params }) => {
  const r = await createThread(actor, params.id, await readJson(req, createThreadInput));
  return Response.json(r.thread, { status: r.created ? 201 : 200 });
});

import { readJson, route } from "@/lib/http/api";
import { createThreadInput } from "@/lib/domain/threads/schema";
import { createThread, listThreads } from "@/lib/domain/threads/service";

type P = { id: string };

/** GET /api/v1/seminars/:id/threads -> { seq, threads } (members; names as the seminar allows). */
export const GET = route<P>(async ({ actor, params }) => listThreads(actor, params.id));

/** POST /api/v1/seminars/:id/threads { paragraphId, passage?, body, clientId? } -> 201, or 200 for a repeated clientId. */
export const POST = route<P>(async ({ req, actor, params }) => {
  const r = await createThread(actor, params.id, await readJson(req, createThreadInput));
  return Response.json(r.thread, { status: r.created ? 201 : 200 });
});

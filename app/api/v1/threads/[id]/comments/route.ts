import { readJson, route } from "@/lib/http/api";
import { createCommentInput } from "@/lib/domain/threads/schema";
import { addComment } from "@/lib/domain/threads/service";

/** POST /api/v1/threads/:id/comments { body, clientId? } -> 201, or 200 for a repeated clientId. */
export const POST = route<{ id: string }>(async ({ req, actor, params }) => {
  const r = await addComment(actor, params.id, await readJson(req, createCommentInput));
  return Response.json(r.comment, { status: r.created ? 201 : 200 });
});

import { readJson, route } from "@/lib/http/api";
import { editCommentInput } from "@/lib/domain/threads/schema";
import { deleteComment, editComment } from "@/lib/domain/threads/service";

type P = { id: string };

/** PATCH /api/v1/comments/:id { body } (its author). */
export const PATCH = route<P>(async ({ req, actor, params }) => editComment(actor, params.id, await readJson(req, editCommentInput)));

/** DELETE /api/v1/comments/:id -> 204 (its author, or an instructor). */
export const DELETE = route<P>(async ({ actor, params }) => {
  await deleteComment(actor, params.id);
});

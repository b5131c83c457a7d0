import { route } from "@/lib/http/api";
import { setReaction } from "@/lib/domain/threads/service";

type P = { id: string; kind: string };

/** PUT /api/v1/comments/:id/reactions/:kind: add your reaction (agree, question, insight, confused). */
export const PUT = route<P>(async ({ actor, params }) => setReaction(actor, params.id, params.kind, true));

/** DELETE /api/v1/comments/:id/reactions/:kind: take it back. */
export const DELETE = route<P>(async ({ actor, params }) => setReaction(actor, params.id, params.kind, false));

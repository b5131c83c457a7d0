import { readOptionalJson, route } from "@/lib/http/api";
import { hideCommentInput } from "@/lib/domain/moderation/schema";
import { setHidden } from "@/lib/domain/moderation/service";

type P = { id: string };

/** POST /api/v1/comments/:id/hidden { reason? } -> the comment, marked hidden (instructors). */
export const POST = route<P>(async ({ req, actor, params }) => setHidden(actor, params.id, true, await readOptionalJson(req, hideCommentInput)));

/** DELETE /api/v1/comments/:id/hidden -> the comment, shown again (instructors). */
export const DELETE = route<P>(async ({ actor, params }) => setHidden(actor, params.id, false));

import { route } from "@/lib/http/api";
import { requestOrigin } from "@/lib/http/origin";
import { regenerateJoinCode } from "@/lib/domain/seminars/service";

/** POST /api/v1/seminars/:id/join-code: a new invite code; the old link stops working (instructors). */
export const POST = route<{ id: string }>(async ({ req, actor, params }) => regenerateJoinCode(actor, params.id, requestOrigin(req)));

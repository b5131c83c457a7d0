import { readJson, route } from "@/lib/http/api";
import { reportInput } from "@/lib/domain/moderation/schema";
import { reportComment } from "@/lib/domain/moderation/service";

/** POST /api/v1/comments/:id/reports { reason } -> 201 your report (members; once per comment). */
export const POST = route<{ id: string }>(async ({ req, actor, params }) => reportComment(actor, params.id, await readJson(req, reportInput)), 201);

import { route } from "@/lib/http/api";
import { listAudit } from "@/lib/domain/moderation/service";

/** GET /api/v1/seminars/:id/audit?limit=&before= -> { entries, more }, newest first (instructors). */
export const GET = route<{ id: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  return listAudit(actor, params.id, { limit: url.searchParams.get("limit") ?? undefined, before: url.searchParams.get("before") ?? undefined });
});

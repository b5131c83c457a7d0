import { route } from "@/lib/http/api";
import { listReports } from "@/lib/domain/moderation/service";

/** GET /api/v1/seminars/:id/reports?state=open|handled -> { open, reports } (instructors). */
export const GET = route<{ id: string }>(async ({ req, actor, params }) => {
  const url = new URL(req.url);
  return listReports(actor, params.id, { state: url.searchParams.get("state") ?? undefined });
});

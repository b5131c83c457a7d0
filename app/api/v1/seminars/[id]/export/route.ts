import { parseInput, route } from "@/lib/http/api";
import { requestOrigin } from "@/lib/http/origin";
import { exportQuery } from "@/lib/domain/exports/schema";
import { downloadResponse, exportSeminar } from "@/lib/domain/exports/service";

type P = { id: string };

/**
 * GET /api/v1/seminars/:id/export?format=markdown|html|csv|jsonld|participation&order=paragraph|time&anonymize=true|false
 * -> a download, streamed (members; participation for instructors; see docs/api.md).
 */
export const GET = route<P>(async ({ req, actor, params }) => {
  const query = parseInput(exportQuery, Object.fromEntries(new URL(req.url).searchParams));
  return downloadResponse(await exportSeminar(actor, params.id, query, { origin: requestOrigin(req) }));
});

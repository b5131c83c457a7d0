import { parseInput, route } from "@/lib/http/api";
import { requestOrigin } from "@/lib/http/origin";
import { exportQuery } from "@/lib/domain/exports/schema";
import { downloadResponse, exportSeminar } from "@/lib/domain/exports/service";
import { consume } from "@/lib/limits";

type P = { id: string };

/**
 * GET /api/v1/seminars/:id/export?format=markdown|html|csv|jsonld|participation&order=paragraph|time&anonymize=true|false
 * -> a download, streamed (members; participation for instructors; see docs/api.md).
 * Limited per user: an export is the heaviest read there is.
 */
export const GET = route<P>(async ({ req, actor, params }) => {
  await consume("exports", actor.id);
  const query = parseInput(exportQuery, Object.fromEntries(new URL(req.url).searchParams));
  return downloadResponse(await exportSeminar(actor, params.id, query, { origin: requestOrigin(req) }));
});

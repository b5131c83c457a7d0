import { route } from "@/lib/http/api";
import { seminarStats } from "@/lib/domain/stats/service";

type P = { id: string };

/** GET /api/v1/seminars/:id/stats -> the dashboard's figures (instructors; students 403, non-members 404). */
export const GET = route<P>(async ({ actor, params }) => seminarStats(actor, params.id));

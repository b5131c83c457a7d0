import { route } from "@/lib/http/api";
import { listMembers } from "@/lib/domain/seminars/service";

/** GET /api/v1/seminars/:id/members: names as the seminar's name setting allows. */
export const GET = route<{ id: string }>(async ({ actor, params }) => ({ members: await listMembers(actor, params.id) }));

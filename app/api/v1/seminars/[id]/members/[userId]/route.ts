import { readJson, route } from "@/lib/http/api";
import { updateMemberInput } from "@/lib/domain/seminars/schema";
import { removeMember, updateMember } from "@/lib/domain/seminars/service";

type P = { id: string; userId: string };

/** PATCH /api/v1/seminars/:id/members/:userId { role } (instructors). */
export const PATCH = route<P>(async ({ req, actor, params }) => updateMember(actor, params.id, params.userId, await readJson(req, updateMemberInput)));

/** DELETE /api/v1/seminars/:id/members/:userId -> 204 (instructors; or yourself, to leave). */
export const DELETE = route<P>(async ({ actor, params }) => {
  await removeMember(actor, params.id, params.userId);
});

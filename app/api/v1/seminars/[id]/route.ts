import { readJson, route } from "@/lib/http/api";
import { requestOrigin } from "@/lib/http/origin";
import { updateSeminarInput } from "@/lib/domain/seminars/schema";
import { getSeminar, updateSeminar } from "@/lib/domain/seminars/service";

type P = { id: string };

/** GET /api/v1/seminars/:id (members only; others get 404). */
export const GET = route<P>(async ({ req, actor, params }) => getSeminar(actor, params.id, requestOrigin(req)));

/** PATCH /api/v1/seminars/:id { title?, description?, closesAt?, closed?, nameVisibility? } (instructors). */
export const PATCH = route<P>(async ({ req, actor, params }) =>
  updateSeminar(actor, params.id, await readJson(req, updateSeminarInput), requestOrigin(req)),
);

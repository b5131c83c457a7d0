import { readJson, route } from "@/lib/http/api";
import { requestOrigin } from "@/lib/http/origin";
import { createSeminarInput } from "@/lib/domain/seminars/schema";
import { createSeminar, listMySeminars } from "@/lib/domain/seminars/service";

/** GET /api/v1/seminars: the seminars you belong to, with your role in each. */
export const GET = route(async ({ req, actor }) => ({ seminars: await listMySeminars(actor, requestOrigin(req)) }));

/** POST /api/v1/seminars { title, readingId, description?, closesAt? } -> 201; you are its instructor. */
export const POST = route(async ({ req, actor }) => createSeminar(actor, await readJson(req, createSeminarInput), requestOrigin(req)), 201);

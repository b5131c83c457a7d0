import { readJson, route } from "@/lib/http/api";
import { joinInput } from "@/lib/domain/seminars/schema";
import { joinSeminar } from "@/lib/domain/seminars/service";

/** POST /api/v1/join { code } -> { seminarId, role, joined }; joining twice is harmless. */
export const POST = route(async ({ req, actor }) => joinSeminar(actor, await readJson(req, joinInput)));

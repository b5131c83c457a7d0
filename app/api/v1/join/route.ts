import { readJson, route } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { joinInput } from "@/lib/domain/seminars/schema";
import { joinSeminar } from "@/lib/domain/seminars/service";

/** POST /api/v1/join { code } -> { seminarId, role, joined }; joining twice is harmless. Limited per user and per IP. */
export const POST = route(async ({ req, actor }) => joinSeminar(actor, await readJson(req, joinInput), { ip: clientIp(req.headers) }));

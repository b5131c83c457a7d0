import { readJson, route } from "@/lib/http/api";
import { handleReportInput } from "@/lib/domain/moderation/schema";
import { handleReport } from "@/lib/domain/moderation/service";

/** PATCH /api/v1/reports/:id { handled: true } -> the report, handled (instructors). */
export const PATCH = route<{ id: string }>(async ({ req, actor, params }) => handleReport(actor, params.id, await readJson(req, handleReportInput)));

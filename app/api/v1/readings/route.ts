import { readJson, route } from "@/lib/http/api";
import { importReadingInput, MAX_IMPORT_CHARS } from "@/lib/domain/readings/schema";
import { importReading, listReadings } from "@/lib/domain/readings/service";

/** GET /api/v1/readings: the readings you can see (the sample, yours, your seminars'). */
export const GET = route(async ({ actor }) => ({ readings: await listReadings(actor) }));

/** POST /api/v1/readings { content, format?, title?, author?, year?, source? } -> 201 */
export const POST = route(async ({ req, actor }) => importReading(actor, await readJson(req, importReadingInput, MAX_IMPORT_CHARS * 4 + 4096)), 201);

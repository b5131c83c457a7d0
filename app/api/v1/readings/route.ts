import { readJson, route } from "@/lib/http/api";
import { importReadingInput, MAX_IMPORT_CHARS } from "@/lib/domain/readings/schema";
import { importReading, listReadings } from "@/lib/domain/readings/service";
import { consume } from "@/lib/limits";

/** GET /api/v1/readings: the readings you can see (the sample, yours, your seminars'). */
export const GET = route(async ({ actor }) => ({ readings: await listReadings(actor) }));

/**
 * POST /api/v1/readings { content, format?, title?, author?, year?, source? } -> 201. Counted
 * (with previews) before the body is read: parsing it is the expensive part.
 */
export const POST = route(async ({ req, actor }) => {
  await consume("imports", actor.id);
  return importReading(actor, await readJson(req, importReadingInput, MAX_IMPORT_CHARS * 4 + 4096));
}, 201);

import { readJson, route } from "@/lib/http/api";
import { importReadingInput, MAX_IMPORT_CHARS } from "@/lib/domain/readings/schema";
import { previewReading } from "@/lib/domain/readings/service";
import { consume } from "@/lib/limits";

/** POST /api/v1/readings/preview: what an import would store, without storing it. Shares the import limit. */
export const POST = route(async ({ req, actor }) => {
  await consume("imports", actor.id);
  return previewReading(await readJson(req, importReadingInput, MAX_IMPORT_CHARS * 4 + 4096));
});

import { route } from "@/lib/http/api";
import { getReadingById } from "@/lib/domain/readings/service";

/** GET /api/v1/readings/:id: metadata and paragraphs (id, number, heading, text, kind, ordinal, marks). */
export const GET = route<{ id: string }>(async ({ actor, params }) => getReadingById(params.id, actor));

import { readJson, route } from "@/lib/http/api";
import { updateThreadInput } from "@/lib/domain/threads/schema";
import { setResolved } from "@/lib/domain/threads/service";

/** PATCH /api/v1/threads/:id { resolved } (the thread's author or an instructor). */
export const PATCH = route<{ id: string }>(async ({ req, actor, params }) => setResolved(actor, params.id, await readJson(req, updateThreadInput)));

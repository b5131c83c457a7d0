import { readJson, route } from "@/lib/http/api";
import { updateThreadStateInput } from "@/lib/domain/moderation/schema";
import { updateThreadState } from "@/lib/domain/moderation/service";

/** PATCH /api/v1/threads/:id { resolved?, locked?, pinned? } (resolve: its author or an instructor; lock, pin: instructors). */
export const PATCH = route<{ id: string }>(async ({ req, actor, params }) => updateThreadState(actor, params.id, await readJson(req, updateThreadStateInput)));

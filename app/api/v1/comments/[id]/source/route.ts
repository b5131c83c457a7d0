import { route } from "@/lib/http/api";
import { commentSource } from "@/lib/domain/threads/service";

type P = { id: string };

/** GET /api/v1/comments/:id/source -> { id, body }: the Markdown, for editing (members who may see the comment). */
export const GET = route<P>(async ({ actor, params }) => commentSource(actor, params.id));

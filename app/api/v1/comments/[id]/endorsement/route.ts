import { route } from "@/lib/http/api";
import { setEndorsed } from "@/lib/domain/moderation/service";

type P = { id: string };

/** PUT /api/v1/comments/:id/endorsement -> the comment, endorsed (instructors). */
export const PUT = route<P>(async ({ actor, params }) => setEndorsed(actor, params.id, true));

/** DELETE /api/v1/comments/:id/endorsement -> the comment, no longer endorsed (instructors). */
export const DELETE = route<P>(async ({ actor, params }) => setEndorsed(actor, params.id, false));

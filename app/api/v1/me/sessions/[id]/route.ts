import { route } from "@/lib/http/api";
import { revokeSession } from "@/lib/domain/sessions/service";

type P = { id: string };

/** DELETE /api/v1/me/sessions/:id -> 204: that session's cookie stops working and its sockets close. */
export const DELETE = route<P>(async ({ actor, params }) => {
  await revokeSession(actor, params.id);
});

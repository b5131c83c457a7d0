import { route } from "@/lib/http/api";
import { getTokenInfo, revokeToken } from "@/lib/domain/tokens/service";

type P = { id: string };

export const GET = route<P>(async ({ actor, params }) => getTokenInfo(actor, params.id));

/** DELETE /api/v1/tokens/:id -> 204; the token stops working at once. */
export const DELETE = route<P>(async ({ actor, params }) => {
  await revokeToken(actor, params.id);
});

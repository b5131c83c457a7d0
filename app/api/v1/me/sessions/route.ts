import { route } from "@/lib/http/api";
import { listSessions, signOutEverywhere } from "@/lib/domain/sessions/service";

/** GET /api/v1/me/sessions: the signed-in browser sessions of the account (device, last seen). */
export const GET = route(async ({ actor }) => listSessions(actor));

/** DELETE /api/v1/me/sessions -> { revoked }: sign out everywhere, this browser included; their sockets close. */
export const DELETE = route(async ({ actor }) => signOutEverywhere(actor));

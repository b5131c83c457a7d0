import { readJson, route } from "@/lib/http/api";
import { createTokenInput } from "@/lib/domain/tokens/schema";
import { createToken, listTokens } from "@/lib/domain/tokens/service";

/** GET /api/v1/tokens: your tokens (never the secret part). */
export const GET = route(async ({ actor }) => ({ tokens: await listTokens(actor) }));

/** POST /api/v1/tokens { name } -> 201 { id, token, ... }; the token is shown this once. */
export const POST = route(async ({ req, actor }) => createToken(actor, await readJson(req, createTokenInput)), 201);

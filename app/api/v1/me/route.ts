import { readJson, route } from "@/lib/http/api";
import { updateAccountInput } from "@/lib/domain/users/schema";
import { getAccount, updateAccount } from "@/lib/domain/users/service";

/** GET /api/v1/me: the signed-in account. */
export const GET = route(async ({ actor }) => getAccount(actor));

/** PATCH /api/v1/me { name?, currentPassword?, newPassword? } */
export const PATCH = route(async ({ req, actor }) => updateAccount(actor, await readJson(req, updateAccountInput)));

import { readJson, route } from "@/lib/http/api";
import { deleteAccountInput, updateAccountInput } from "@/lib/domain/users/schema";
import { deleteAccount, getAccount, updateAccount } from "@/lib/domain/users/service";

/** GET /api/v1/me: the signed-in account. */
export const GET = route(async ({ actor }) => getAccount(actor));

/** PATCH /api/v1/me { name?, currentPassword?, newPassword? } */
export const PATCH = route(async ({ req, actor }) => updateAccount(actor, await readJson(req, updateAccountInput)));

/** DELETE /api/v1/me { password, comments: "keep" | "delete" } -> 204; browser session only. */
export const DELETE = route(async ({ req, actor }) => {
  await deleteAccount(actor, await readJson(req, deleteAccountInput));
});

import { publicRoute, readJson } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { signUpInput } from "@/lib/domain/users/schema";
import { signUp } from "@/lib/domain/users/service";

/** POST /api/v1/users { email, password, name } -> 201 account (sign-in goes through /api/auth). */
export const POST = publicRoute(async ({ req }) => signUp(await readJson(req, signUpInput), { ip: clientIp(req.headers) }), 201);

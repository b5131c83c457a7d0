// Auth.js at /api/auth/* (sign-in, sign-out, session, csrf). Before a credentials sign-in
// reaches Auth.js, the failed-sign-in limits (per client IP, per account and IP) are checked so
// that the answer can be a real 429 with the wait; lib/auth/config.ts counts the attempt itself.
import { Auth } from "@auth/core";
import { authConfig } from "@/lib/auth/config";
import { errorResponse } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { signInRefusal } from "@/lib/domain/users/service";
import { email as emailSchema } from "@/lib/domain/users/schema";

export const dynamic = "force-dynamic";

const configFor = (req: Request) => authConfig({ userAgent: req.headers.get("user-agent") });

export function GET(req: Request) {
  return Auth(req, configFor(req));
}

// A database outage during the limit check answers 503 DATABASE_UNAVAILABLE (lib/errors.ts), not 500.
export async function POST(req: Request) {
  return signInPost(req).catch(errorResponse);
}

async function signInPost(req: Request) {
  if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
    const form = await req.clone().formData().catch(() => null);
    // Not an email: Auth.js refuses it next (invalid_input) without a password check.
    const email = emailSchema.safeParse(String(form?.get("email") ?? ""));
    const refused = email.success ? await signInRefusal(email.data, clientIp(req.headers)) : null;
    if (refused) return errorResponse(refused);
  }
  return Auth(req, configFor(req));
}

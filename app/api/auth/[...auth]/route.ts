// Auth.js at /api/auth/* (sign-in, sign-out, session, csrf). Before a credentials sign-in
// reaches Auth.js, the failed-sign-in limit is checked so that the answer can be a real 429.
import { Auth } from "@auth/core";
import { authConfig } from "@/lib/auth/config";
import { errorResponse } from "@/lib/errors";
import { signInWaitMinutes } from "@/lib/domain/users/service";
import { email as emailSchema } from "@/lib/domain/users/schema";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return Auth(req, authConfig());
}

// A database outage during the limit check answers 503 DATABASE_UNAVAILABLE (lib/errors.ts), not 500.
export async function POST(req: Request) {
  return signInPost(req).catch(errorResponse);
}

async function signInPost(req: Request) {
  if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
    const form = await req.clone().formData().catch(() => null);
    // An address that is not an email cannot have failures on record; Auth.js refuses it next.
    const email = emailSchema.safeParse(String(form?.get("email") ?? ""));
    const wait = email.success ? await signInWaitMinutes(email.data) : 0;
    if (wait) {
      return Response.json(
        { error: { code: "RATE_LIMITED", message: `Too many failed sign-ins for this email. Try again in ${wait} minute${wait === 1 ? "" : "s"}.` } },
        { status: 429, headers: { "retry-after": String(wait * 60) } },
      );
    }
  }
  return Auth(req, authConfig());
}

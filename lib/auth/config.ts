// Auth.js (@auth/core) configuration: email + password through the Credentials provider, JWT
// session cookie (httpOnly, SameSite=Lax; Secure and __Secure- prefixed when served over HTTPS).
// Mounted at /api/auth by app/api/auth/[...auth]/route.ts.
import type { AuthConfig } from "@auth/core";
import { CredentialsSignin } from "@auth/core/errors";
import Credentials from "@auth/core/providers/credentials";
import { checkCredentials } from "@/lib/domain/users/service";
import { clientIp } from "@/lib/http/client-ip";
import { signInInput } from "@/lib/domain/users/schema";
import { servedOverHttps } from "@/lib/http/security-headers";

/** The `code` reaches the sign-in page in the redirect URL; lib/auth/messages.ts words it. */
class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

export function authConfig(): AuthConfig {
  return {
    basePath: "/api/auth",
    secret: process.env.AUTH_SECRET,
    trustHost: true, // the server is reached through its own host or a proxy that sets AUTH_URL
    // Behind a TLS-terminating proxy the request Auth.js sees is http; AUTH_URL says the truth.
    // Unset AUTH_URL: Auth.js decides from the request's protocol.
    useSecureCookies: servedOverHttps() || undefined,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        // `request` carries the client address server.ts recorded, for the per-IP limits.
        async authorize(raw, request) {
          const parsed = signInInput.safeParse(raw);
          if (!parsed.success) throw new SignInRefused("invalid_input");
          const r = await checkCredentials(parsed.data.email, parsed.data.password, clientIp(request.headers));
          if (!r.ok) throw new SignInRefused(r.reason);
          return { id: r.user.id, email: r.user.email, name: r.user.name };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
    logger: {
      // A refused sign-in is an expected outcome, not a server error worth a stack trace.
      error(error) {
        if (error instanceof CredentialsSignin) return;
        console.error(`[auth] ${error.name}: ${error.message}`);
      },
      warn() {},
      debug() {},
    },
  };
}

// Auth.js (@auth/core) configuration: email + password through the Credentials provider, JWT
// session cookie (httpOnly, SameSite=Lax; Secure and __Secure- prefixed when served over HTTPS).
// Mounted at /api/auth by app/api/auth/[...auth]/route.ts.
import type { AuthConfig } from "@auth/core";
import { CredentialsSignin } from "@auth/core/errors";
import Credentials from "@auth/core/providers/credentials";
import { checkCredentials } from "@/lib/domain/users/service";
import { createSession, endSession } from "@/lib/domain/sessions/service";
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

/** `userAgent`: of the request being handled, to label a session created by a sign-in. */
export function authConfig(request: { userAgent?: string | null } = {}): AuthConfig {
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
      // `user` is present only at sign-in: that is when the session row is made. Its id travels in
      // the (encrypted) JWT and every request checks the row (lib/auth/session.ts).
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sid = await createSession(user.id, request.userAgent);
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      // Sign-out ends the session row, so a copy of the cookie taken before is useless afterwards.
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endSession(sid);
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

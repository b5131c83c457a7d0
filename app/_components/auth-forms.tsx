"use client";

import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { api, ApiError, safeNext, signIn } from "@/lib/client/api";
import { signInMessage } from "@/lib/auth/messages";
import { PASSWORD_MIN } from "@/lib/domain/users/schema";

/** False during server rendering and before hydration: a submit then would be a plain GET. */
function useHydrated() {
  return useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
}

function withNext(path: string, next: string | undefined) {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/**
 * Where to go once signed in. Someone who came from an invite link (next = /join/CODE) has said
 * they want to join by creating an account or signing in there, so they are joined now and land
 * in the seminar, not on the invite page with a second "Join seminar" button. If joining fails
 * (a code replaced meanwhile), the invite page says why.
 */
async function afterSignIn(next: string | undefined): Promise<string> {
  const code = next?.match(/^\/join\/([^/?#]+)$/)?.[1];
  if (!code) return safeNext(next);
  try {
    const r = await api<{ seminarId: string }>("/api/v1/join", { body: { code: decodeURIComponent(code) } });
    return `/seminars/${r.seminarId}`;
  } catch {
    return safeNext(next);
  }
}

export function SignInForm({ next, initialError }: { next?: string; initialError?: string }) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  return (
    <form
      className="form"
      method="post"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        const failed = await signIn(String(form.get("email")), String(form.get("password"))).catch(() => ({ code: "credentials", message: "Could not reach the server." }));
        if (failed) {
          setError(failed.message ?? signInMessage(failed.code));
          setBusy(false);
          return;
        }
        window.location.assign(await afterSignIn(next));
      }}
    >
      <label className="field">
        <span>Email</span>
        <input name="email" type="email" autoComplete="email" required maxLength={254} autoFocus />
      </label>
      <label className="field">
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required maxLength={200} />
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="button" type="submit" disabled={busy || !hydrated}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="form-aside">
        New here? <Link href={withNext("/signup", next)}>Create an account</Link>
      </p>
    </form>
  );
}

export function SignUpForm({ next }: { next?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();
  return (
    <form
      className="form"
      method="post"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const email = String(form.get("email"));
        const password = String(form.get("password"));
        setBusy(true);
        setError(null);
        try {
          await api("/api/v1/users", { body: { name: String(form.get("name")), email, password } });
          const failed = await signIn(email, password);
          if (failed) throw new Error(failed.message ?? signInMessage(failed.code));
          window.location.assign(await afterSignIn(next));
        } catch (err) {
          setError(err instanceof ApiError || err instanceof Error ? err.message : "Something went wrong.");
          setBusy(false);
        }
      }}
    >
      <label className="field">
        <span>Your name</span>
        <input name="name" autoComplete="name" required maxLength={80} autoFocus />
        <small>Shown to your seminars (instructors can hide students&rsquo; names from other students).</small>
      </label>
      <label className="field">
        <span>Email</span>
        <input name="email" type="email" autoComplete="email" required maxLength={254} />
      </label>
      <label className="field">
        <span>Password</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} maxLength={200} />
        <small>At least {PASSWORD_MIN} characters.</small>
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="button" type="submit" disabled={busy || !hydrated}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
      <p className="form-aside">
        Have an account? <Link href={withNext("/signin", next)}>Sign in</Link>
      </p>
    </form>
  );
}

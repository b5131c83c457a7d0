// Browser-side caller for the JSON API: the UI uses the same documented endpoints as scripts.
// Errors come back as ApiError carrying the server's { code, message }, ready to show.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "NETWORK", "Could not reach the server. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = data?.error;
    throw new ApiError(res.status, err?.code ?? "INTERNAL", err?.message ?? `The server answered ${res.status}.`);
  }
  return data as T;
}

/** Auth.js needs a CSRF token (and its cookie) for sign-in and sign-out posts. */
async function csrf(): Promise<string> {
  const res = await fetch("/api/auth/csrf", { credentials: "same-origin" });
  return (await res.json()).csrfToken as string;
}

/** Signs in through Auth.js; resolves to null on success or an error code / message. */
export async function signIn(email: string, password: string): Promise<{ code: string; message?: string } | null> {
  const body = new URLSearchParams({ email, password, csrfToken: await csrf(), callbackUrl: "/" });
  const res = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body,
    credentials: "same-origin",
  });
  const data = await res.json().catch(() => null);
  if (res.status === 429) return { code: "rate_limited", message: data?.error?.message };
  if (!res.ok) return { code: "credentials" };
  const url = new URL(data?.url ?? "/", location.origin);
  const error = url.searchParams.get("error");
  return error ? { code: url.searchParams.get("code") ?? "credentials" } : null;
}

export async function signOut(): Promise<void> {
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ csrfToken: await csrf(), callbackUrl: "/" }),
    credentials: "same-origin",
  });
}

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/seminars";
}

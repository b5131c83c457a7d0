// Where a request came from: the public origin for links we hand out, and the origin rule that
// refuses cross-site requests. Pure functions over headers, shared by the route wrapper
// (lib/http/api.ts) and the socket handshake (lib/realtime/server.ts), so HTTP and the socket
// agree on what "this server" is.

/** The public origin for links we hand out (invite URLs): AUTH_URL behind a proxy, else the request's. */
export function requestOrigin(req: Request): string {
  const configured = process.env.AUTH_URL?.trim();
  if (configured) return new URL(configured).origin;
  const fwdHost = req.headers.get("x-forwarded-host");
  const proto = req.headers.get("x-forwarded-proto");
  const url = new URL(req.url);
  return fwdHost ? `${proto ?? url.protocol.replace(":", "")}://${fwdHost}` : url.origin;
}

// Next and browsers may say "localhost" where the server was reached on 127.0.0.1 or [::1], and back.
const loopback = (h: string) => h.toLowerCase().replace(/^(127\.0\.0\.1|\[::1\])(?=:|$)/, "localhost");

function hostOf(url: string | undefined): string | undefined {
  if (!url?.trim()) return undefined;
  try {
    return new URL(url.trim()).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when `origin` names this server: the host the request was sent to, or AUTH_URL's.
 * Hosts are compared exactly (port included), so a sibling subdomain (evil.localhost:3000 for
 * localhost:3000, or evil.example.org for colloquy.example.org) is foreign. The scheme is not
 * compared: behind a TLS-terminating proxy the server cannot see it, and only the same host could
 * send an http Origin for an https host. `Origin: null` (sandboxed frames, some redirects) is foreign.
 */
export function originMatches(origin: string, hosts: Array<string | undefined>, authUrl = process.env.AUTH_URL): boolean {
  const from = hostOf(origin);
  if (!from) return false;
  const allowed = [...hosts, hostOf(authUrl)].filter((h): h is string => !!h).map(loopback);
  return allowed.includes(loopback(from));
}

/**
 * The socket handshake's rule: no Origin (a script, which must then carry a cookie or token it
 * owns) or an Origin naming this server. Browsers always send Origin on a WebSocket and on a
 * cross-site polling request, so a page on another site cannot open a socket with our cookie.
 */
export function sameOrigin(origin: string | undefined, host: string | undefined, authUrl = process.env.AUTH_URL): boolean {
  if (!origin) return true;
  return originMatches(origin, [host], authUrl);
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const CROSS_SITE_MESSAGE = "This request came from another site and was refused. Use the Colloquy page itself, or an API token.";

export interface OriginFacts {
  method: string;
  /** The Origin header, if any. */
  origin: string | null | undefined;
  /** The Sec-Fetch-Site header, if any. */
  secFetchSite: string | null | undefined;
  /** The Authorization header, if any. */
  authorization: string | null | undefined;
  /** The hosts this server was reached as (Host header, request URL host). */
  hosts: Array<string | undefined>;
  authUrl?: string;
}

/**
 * The origin rule for the HTTP API: an unsafe method (POST, PUT, PATCH, DELETE) is allowed when
 * - it carries an `Authorization: Bearer …` token: a token is never sent by a browser on its own,
 *   so another site cannot ride on it (and scripts need no Origin); or
 * - its Origin names this server or AUTH_URL; or
 * - it has no Origin and Sec-Fetch-Site says `same-origin` or `none` (the user's own action).
 * Everything else is refused, including an unsafe request with neither header: every browser
 * we support sends one of them, so a caller with neither is a script, and a script with a session
 * cookie is asked to use a token (or send Origin) rather than be trusted blindly.
 * Safe methods (GET, HEAD, OPTIONS) change nothing and are always allowed.
 */
export function allowedByOriginRule(f: OriginFacts): boolean {
  if (!UNSAFE_METHODS.has(f.method.toUpperCase())) return true;
  if (/^Bearer\s+\S/i.test(f.authorization ?? "")) return true;
  if (f.origin) return originMatches(f.origin, f.hosts, f.authUrl ?? process.env.AUTH_URL);
  const site = f.secFetchSite?.trim().toLowerCase();
  return site === "same-origin" || site === "none";
}

/** The facts of a Fetch API request (route handlers). */
export function originFactsOf(req: Request): OriginFacts {
  let urlHost: string | undefined;
  try {
    urlHost = new URL(req.url).host;
  } catch {
    urlHost = undefined;
  }
  return {
    method: req.method,
    origin: req.headers.get("origin"),
    secFetchSite: req.headers.get("sec-fetch-site"),
    authorization: req.headers.get("authorization"),
    hosts: [req.headers.get("host") ?? undefined, req.headers.get("x-forwarded-host") ?? undefined, urlHost],
  };
}

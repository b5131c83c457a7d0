// The security headers of every response, and why each is there. One module, used in three places:
// - server.ts puts the static headers and the strict API policy on every response of the HTTP
//   server (pages, /api, /socket.io polling, static files, downloads such as the HTML export);
// - proxy.ts replaces the Content-Security-Policy of pages with the page policy and its per-request
//   nonce (Next reads the nonce from the request's CSP header and puts it on its own scripts);
// - lib/auth (session cookie Secure / __Secure- when AUTH_URL is https).
// Pure functions over their inputs and process.env; no Next imports, so server.ts can load it.

/** True when the public origin (AUTH_URL) is https: HSTS is sent and session cookies are Secure. */
export function servedOverHttps(authUrl = process.env.AUTH_URL): boolean {
  return /^https:\/\//i.test(authUrl?.trim() ?? "");
}

/**
 * Headers for every response. Framing is refused twice (X-Frame-Options for older browsers,
 * frame-ancestors in the CSP) so the room's hide and delete buttons cannot be clickjacked.
 */
export function staticSecurityHeaders(authUrl = process.env.AUTH_URL): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Frame-Options": "DENY",
    // Browsers must not guess a type: an uploaded or exported text is never run as a script.
    "X-Content-Type-Options": "nosniff",
    // Other sites learn our origin, never a seminar's URL (its id) or a join link's code.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // A reading room needs no device or tracking feature; turning them off closes them to injected code.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), display-capture=(), browsing-topics=()",
  };
  // Only over https: over http the browser ignores it, and on a local http install it would be a lie.
  if (servedOverHttps(authUrl)) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** API responses, sockets' polling, static files: JSON and downloads are never documents to run. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** A fresh, unguessable nonce for one page response (Web Crypto: works in Node and in Next's proxy). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export interface PageCspOptions {
  nonce: string;
  /** Development: React and Next's hot reload evaluate code, which needs 'unsafe-eval'. */
  dev: boolean;
  /** Hosts the page may open its socket to (the request's host, AUTH_URL's). */
  socketHosts: Array<string | undefined | null>;
}

/** The Content-Security-Policy of an HTML page. */
export function pageCsp({ nonce, dev, socketHosts }: PageCspOptions): string {
  const hosts = [...new Set(socketHosts.filter((h): h is string => !!h && /^[A-Za-z0-9.:[\]-]+$/.test(h)))];
  const sockets = hosts.flatMap((h) => [`ws://${h}`, `wss://${h}`]);
  return [
    "default-src 'self'",
    // Next's scripts are files from /_next (self) plus inline bootstrap scripts carrying the nonce.
    // No 'unsafe-inline': an injected <script> or onclick= attribute does not run.
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    // 'unsafe-inline' for styles: React renders style={{…}} attributes (the dashboard's shading,
    // the room's layout), which a nonce cannot cover. Styles cannot run code; scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The API is same-origin; the socket is same-origin too, but older browsers do not count
    // ws:/wss: as 'self', so name them for our own hosts only.
    `connect-src 'self' ${sockets.join(" ")}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The host of AUTH_URL, if set and valid. */
export function authUrlHost(authUrl = process.env.AUTH_URL): string | undefined {
  try {
    return authUrl?.trim() ? new URL(authUrl.trim()).host : undefined;
  } catch {
    return undefined;
  }
}

/** Minimal view of Node's ServerResponse, so this module needs no node:http import. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * Sets the static headers and the strict default CSP on a response before anyone writes it.
 * Pages get their own CSP from proxy.ts, which replaces this one.
 */
export function applySecurityHeaders(res: HeaderSink, authUrl = process.env.AUTH_URL): void {
  for (const [name, value] of Object.entries(staticSecurityHeaders(authUrl))) res.setHeader(name, value);
  res.setHeader("Content-Security-Policy", API_CSP);
}

// Calls App Router route handlers directly, without a server: builds the Request Next would
// build and passes the params promise the way Next 16 does.

export type Auth = { cookie: string } | { token: string } | undefined;

export interface CallOptions {
  method?: string;
  /** A path like /api/v1/seminars/abc, or a full URL. */
  url: string;
  params?: Record<string, string | string[]>;
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is (a ReadableStream is streamed, without a Content-Length); set the Content-Type yourself. */
  rawBody?: string | Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  auth?: Auth;
}

export interface CallResult {
  status: number;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  body: unknown;
  text: string;
  headers: Headers;
  response: Response;
}

// Any route handler: (req, { params }) or fewer arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (req: Request, ctx: { params: Promise<any> }) => Response | Promise<Response>;

export const BASE = "http://localhost:3000";

export function buildRequest(o: CallOptions): Request {
  const method = o.method ?? (o.json !== undefined || o.rawBody !== undefined ? "POST" : "GET");
  const headers = new Headers(o.headers);
  let body: BodyInit | undefined;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  } else if (o.rawBody !== undefined) {
    body = o.rawBody as BodyInit;
  }
  if (o.auth && "cookie" in o.auth) headers.set("cookie", [headers.get("cookie"), o.auth.cookie].filter(Boolean).join("; "));
  if (o.auth && "token" in o.auth) headers.set("authorization", `Bearer ${o.auth.token}`);
  // A browser on our own page sends Origin with every unsafe request; stand in for it so that
  // cookie (and anonymous) calls pass the origin rule. The origin matrix sets its own headers.
  if (!(o.auth && "token" in o.auth) && !headers.has("origin") && !headers.has("sec-fetch-site")) headers.set("origin", BASE);
  // `duplex` is required by undici for a streamed body; lib.dom's RequestInit does not know it.
  const init = { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit;
  return new Request(o.url.startsWith("http") ? o.url : BASE + o.url, init);
}

export async function call(handler: Handler, o: CallOptions): Promise<CallResult> {
  const response = await handler(buildRequest(o), { params: Promise.resolve(o.params ?? {}) });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, body, text, headers: response.headers, response };
}

/** The `{ error: { code, message } }` of a failed call (throws if the shape is wrong). */
export function errorOf(r: CallResult): { code: string; message: string } {
  const e = (r.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!e || typeof e.code !== "string" || typeof e.message !== "string") {
    throw new Error(`expected { error: { code, message } } with status ${r.status}, got: ${r.text.slice(0, 500)}`);
  }
  return { code: e.code, message: e.message };
}

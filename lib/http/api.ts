// The shape of every /api/v1 route handler: who is asking, parse the input, one service call,
// present the result or the AppError. Malformed JSON, wrong types, unknown fields and oversized
// bodies are 4xx with a message naming the field, never a 500. Cross-site protection happens here
// too, before anything else: an unsafe request that fails the origin rule (lib/http/origin.ts) is
// refused before its body is read or any service runs.
import "server-only";
import { ZodError, type ZodType } from "zod";
import { AppError, errorResponse } from "@/lib/errors";
import { requireActor } from "@/lib/auth/session";
import { allowedByOriginRule, CROSS_SITE_MESSAGE, originFactsOf } from "./origin";
import { zodMessage } from "./zod";
import type { Actor } from "@/lib/auth/actor";

export { zodMessage };

/** Default request body limit; routes that take whole readings raise it. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Parses `value` with `schema`, turning a failure into a 400 that names the field. */
export function parseInput<T>(schema: ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError("BAD_REQUEST", zodMessage(r.error));
  return r.data;
}

export async function readJson<T>(req: Request, schema: ZodType<T>, limit = DEFAULT_BODY_LIMIT): Promise<T> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", `The request body is over the limit of ${Math.round(limit / 1024)} KB.`);
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new AppError("BAD_REQUEST", "Send a JSON body with Content-Type: application/json.");
  // Read at most `limit` bytes even when Content-Length is absent or lies.
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new AppError("PAYLOAD_TOO_LARGE", `The request body is over the limit of ${Math.round(limit / 1024)} KB.`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", text.trim() ? "The request body is not valid JSON." : "The request body is empty; send JSON.");
  }
  checkStrings(value);
  return parseInput(schema, value);
}

/** Like readJson, for bodies that may be left out entirely: no body (and no Content-Type) reads as {}. */
export async function readOptionalJson<T>(req: Request, schema: ZodType<T>, limit = DEFAULT_BODY_LIMIT): Promise<T> {
  const empty = !req.headers.get("content-type") && (req.body === null || req.headers.get("content-length") === "0");
  return empty ? parseInput(schema, {}) : readJson(req, schema, limit);
}

/** Deeper JSON than this is refused: no input of ours nests beyond a few levels. */
const MAX_JSON_DEPTH = 32;

/**
 * PostgreSQL cannot store U+0000 in text; refuse it at the door rather than fail later. Walks
 * the value with an explicit stack (no recursion to overflow) and refuses absurd nesting.
 */
export function checkStrings(root: unknown): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: "", depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes("\u0000")) throw new AppError("BAD_REQUEST", `${path || "body"}: must not contain a NUL character`);
    } else if (value && typeof value === "object") {
      if (depth >= MAX_JSON_DEPTH) throw new AppError("BAD_REQUEST", `${path || "body"}: is nested too deeply`);
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: path ? `${path}.${k}` : k, depth: depth + 1 });
    }
  }
}

/** Ids in paths are cuids or similar; anything else cannot name a record. */
const PLAUSIBLE_ID = /^[A-Za-z0-9_-]{1,64}$/;

type Params = Record<string, string>;
interface Context<P extends Params> {
  req: Request;
  params: P;
}

function finish(result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return Response.json(result, { status, headers: { "cache-control": "no-store" } });
}

/** A route open to anyone (sign-up). Unsafe methods still obey the origin rule. */
export function publicRoute<P extends Params = Params>(run: (ctx: Context<P>) => Promise<unknown>, status = 200) {
  return async (req: Request, { params }: { params: Promise<P> }) => {
    try {
      if (!allowedByOriginRule(originFactsOf(req))) throw new AppError("FORBIDDEN", CROSS_SITE_MESSAGE);
      const p = await params;
      if (Object.values(p ?? {}).some((v) => typeof v === "string" && !PLAUSIBLE_ID.test(v))) {
        throw new AppError("NOT_FOUND", "There is nothing at this address.");
      }
      return finish(await run({ req, params: p }), status);
    } catch (err) {
      return errorResponse(err instanceof ZodError ? new AppError("BAD_REQUEST", zodMessage(err)) : err);
    }
  };
}

/** A route for a signed-in person (session cookie or Bearer token); 401 otherwise. */
export function route<P extends Params = Params>(run: (ctx: Context<P> & { actor: Actor }) => Promise<unknown>, status = 200) {
  return publicRoute<P>(async (ctx) => run({ ...ctx, actor: await requireActor(ctx.req) }), status);
}

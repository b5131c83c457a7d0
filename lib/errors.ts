// Expected failures are AppErrors with a code; this file is the one map from a code to an HTTP
// status and to a Socket.IO acknowledgement. Anything else is a bug and becomes INTERNAL.
export const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For RATE_LIMITED: sent as Retry-After. */
    readonly details: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The error as the client sees it; unexpected errors are logged here and never leak details. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  console.error(err);
  return { code: "INTERNAL", message: "Something went wrong on our side. Please try again." };
}

export function errorResponse(err: unknown): Response {
  const body = toErrorBody(err);
  const retry = err instanceof AppError ? err.details.retryAfterSeconds : undefined;
  return Response.json({ error: body }, { status: errorStatus[body.code], headers: retry ? { "retry-after": String(retry) } : undefined });
}

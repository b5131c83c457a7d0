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
  DATABASE_UNAVAILABLE: 503,
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

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not answering right now. Nothing was saved; try again in a moment.";

// Connection-level failures: the database is down, restarting or unreachable, not a bug in the
// request. Seen as raw pg errors (socket codes, PostgreSQL's admin-shutdown and connection-class
// SQLSTATEs, pg's own messages) and as what Prisma 7 + @prisma/adapter-pg wrap them in: a
// PrismaClientKnownRequestError (P1001 "can't reach", P2010 for raw queries) whose
// meta.driverAdapterError.cause has a `kind` (DatabaseNotReachable...) or, for kind "postgres",
// the SQLSTATE in `code`. Matched by shape, not class, so this file stays free of Prisma.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up); class 08 is "connection exception". */
const SQLSTATE = /^(57P0[123]|08[0-9A-Z]{3})$/;
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error|Connection closed|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when `err` (or anything it wraps) says the database connection failed, not the query. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 4) return false;
  const e = err as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string" && (SOCKET_CODES.has(e.code) || SQLSTATE.test(e.code) || PRISMA_CODES.has(e.code))) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/** The error as the client sees it; unexpected errors are logged here and never leak details. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  if (isDatabaseUnavailable(err)) {
    // One line, not a stack: during an outage every request lands here.
    console.error(`colloquy: database unavailable: ${(err as Error).message?.split("\n").filter(Boolean).pop() ?? String(err)}`);
    return { code: "DATABASE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE };
  }
  console.error(err);
  return { code: "INTERNAL", message: "Something went wrong on our side. Please try again." };
}

export function errorResponse(err: unknown): Response {
  const body = toErrorBody(err);
  const retry = err instanceof AppError ? err.details.retryAfterSeconds : undefined;
  return Response.json({ error: body }, { status: errorStatus[body.code], headers: retry ? { "retry-after": String(retry) } : undefined });
}

// Which failures become 503 DATABASE_UNAVAILABLE. The Prisma shapes are the ones Prisma 7 +
// @prisma/adapter-pg threw when the database was stopped under a running client (see lib/errors.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Prisma } from "@/lib/db/generated/client";
import { AppError, DATABASE_UNAVAILABLE_MESSAGE, errorResponse, isDatabaseUnavailable, toErrorBody } from "@/lib/errors";

const known = (code: string, message: string, cause: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(message, {
    code,
    clientVersion: "7.10.0",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });

/** A pg socket error as Node raises it. */
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: "connect", errno: -111 });
/** A PostgreSQL error as pg raises it. */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });

describe("errors that mean the database is not answering", () => {
  beforeEach(() => {
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  const unavailable: [string, unknown][] = [
    ["Prisma: can't reach the server (P1001, DatabaseNotReachable)", known("P1001", "Can't reach database server at 127.0.0.1:5432", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 })],
    ["Prisma raw query: server unreachable (P2010)", known("P2010", "Raw query failed. Code: `N/A`. Message: `Can't reach database server`", { kind: "DatabaseNotReachable" })],
    ["Prisma: query cut by an admin shutdown (57P01)", known("P2010", "Raw query failed. Code: `57P01`.", { kind: "postgres", code: "57P01", originalCode: "57P01", severity: "FATAL" })],
    ["Prisma: crash shutdown (57P02)", known("P2010", "Raw query failed.", { kind: "postgres", code: "57P02" })],
    ["Prisma: the database is starting up (57P03)", known("P2010", "Raw query failed.", { kind: "postgres", code: "57P03" })],
    ["Prisma: connection reset (ConnectionClosed)", known("P1017", "Server has closed the connection.", { kind: "ConnectionClosed" })],
    ["Prisma: socket timeout", known("P1008", "Operation timed out", { kind: "SocketTimeout" })],
    ["Prisma: pool timeout (P2024)", new Prisma.PrismaClientKnownRequestError("Timed out fetching a new connection from the connection pool.", { code: "P2024", clientVersion: "7.10.0" })],
    ["pg: ECONNREFUSED", socketError("ECONNREFUSED")],
    ["pg: ECONNRESET", socketError("ECONNRESET")],
    ["pg: ETIMEDOUT", socketError("ETIMEDOUT")],
    ["pg: EPIPE", socketError("EPIPE")],
    ["pg: admin shutdown", pgError("57P01", "terminating connection due to administrator command")],
    ["pg: connection class 08006", pgError("08006", "connection failure")],
    ["pg: Connection terminated unexpectedly", new Error("Connection terminated unexpectedly")],
    ["pg pool: connect timeout", new Error("timeout exceeded when trying to connect")],
    ["pg: Connection terminated due to connection timeout", new Error("Connection terminated due to connection timeout")],
    ["wrapped: an error whose cause is ECONNREFUSED", new Error("query failed", { cause: socketError("ECONNREFUSED") })],
  ];

  it.each(unavailable)("%s becomes 503 DATABASE_UNAVAILABLE with the outage message", async (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(toErrorBody(err)).toEqual({ code: "DATABASE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE });
    const res = errorResponse(err);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: "DATABASE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE } });
  });

  const notUnavailable: [string, unknown][] = [
    ["a unique violation (P2002)", known("P2002", "Unique constraint failed", { kind: "UniqueConstraintViolation" })],
    ["a syntax error in a raw query", known("P2010", "Raw query failed. Code: `42601`.", { kind: "postgres", code: "42601", message: "syntax error" })],
    ["a statement timeout (57014) is slow SQL, not an outage", pgError("57014", "canceling statement due to statement timeout")],
    ["a record not found (P2025)", new Prisma.PrismaClientKnownRequestError("No record", { code: "P2025", clientVersion: "7.10.0" })],
    ["a plain bug", new TypeError("cannot read properties of undefined")],
    ["a string", "ECONNREFUSED"],
    ["null", null],
  ];

  it.each(notUnavailable)("%s is not an outage", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
    expect(toErrorBody(err).code).toBe("INTERNAL");
  });

  it("an AppError keeps its own code even when its message mentions a connection", () => {
    expect(toErrorBody(new AppError("CONFLICT", "Connection closed by the other person"))).toEqual({ code: "CONFLICT", message: "Connection closed by the other person" });
  });
});

// lib/client/room-writes.ts, the room's write functions, over a real socket.io-client connection
// to the app's Socket.IO server: a connected socket carries the write (no HTTP request at all);
// a disconnected one sends it over the HTTP API instead, with the same clientId, so a retry of a
// write that did land is answered with the first comment. The browser's fetch is stood in for
// by the real route handler (with the member's cookie), as a same-origin request would reach it.
import { afterEach, describe, expect, it } from "vitest";
import { roomWrites } from "@/lib/client/room-writes";
import { ApiError } from "@/lib/client/api";
import { db } from "@/lib/db/client";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import * as commentsRoute from "@/app/api/v1/threads/[id]/comments/route";
import { buildClass, buildThread, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { buildRequest } from "../../helpers/http";
import { joined, startRealtimeServer } from "../../helpers/realtime";

const { connectAs } = startRealtimeServer();
const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  return resetWriteLimits();
});

/** Records the browser's HTTP calls; POST /api/v1/threads/:id/comments reaches its route handler as `who`. */
async function browserFetch(who: BuiltUser) {
  const cookie = await sessionCookie(who.user);
  const calls: string[] = [];
  globalThis.fetch = (async (input: string, init: RequestInit) => {
    calls.push(`${init.method} ${input}`);
    const m = /^\/api\/v1\/threads\/([^/]+)\/comments$/.exec(input);
    if (!m || init.method !== "POST") throw new Error(`unexpected ${init.method} ${input}`);
    return commentsRoute.POST(buildRequest({ method: "POST", url: input, json: JSON.parse(String(init.body)), auth: { cookie } }), { params: Promise.resolve({ id: m[1] }) });
  }) as typeof fetch;
  return calls;
}

describe("the room's writes (lib/client/room-writes.ts)", () => {
  it("go over the connected socket: acked with the result, no HTTP request; a refusal is an ApiError with the HTTP status and code", async () => {
    const { instructor, seminar, students } = await buildClass(["Una"]);
    const una = await connectAs(students[0]);
    await joined(una, seminar.id);
    const thread = await buildThread(instructor.actor, seminar.id);
    const calls = await browserFetch(students[0]);
    const writes = roomWrites(una.socket);
    const reply = await writes.reply(thread.id, "Over the socket.", "room-writes-socket-1");
    expect(reply).toMatchObject({ threadId: thread.id, clientId: "room-writes-socket-1" });
    const reacted = await writes.react(thread.comments[0].id, "insight", true);
    expect(reacted.reactions).toMatchObject([{ kind: "insight", count: 1 }]);
    const err = await writes.edit(thread.comments[0].id, "Not mine to edit.").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(calls).toEqual([]);
  });

  it("fall back to the HTTP API when the socket is disconnected, with the same clientId: a write that already landed is not written twice", async () => {
    const { instructor, seminar, students } = await buildClass(["Vic"]);
    const vic = await connectAs(students[0]);
    await joined(vic, seminar.id);
    const thread = await buildThread(instructor.actor, seminar.id);
    const calls = await browserFetch(students[0]);
    // Landed over the socket, but (say) the ack was lost.
    const first = await roomWrites(vic.socket).reply(thread.id, "Sent once.", "room-writes-retry-1");
    vic.socket.disconnect();
    const retried = await roomWrites(vic.socket).reply(thread.id, "Sent once.", "room-writes-retry-1");
    expect(calls).toEqual([`POST /api/v1/threads/${thread.id}/comments`]);
    expect(retried.id).toBe(first.id);
    // No socket at all (the room before it connects): HTTP too.
    const offline = await roomWrites(null).reply(thread.id, "Written while offline.", "room-writes-offline-1");
    expect(calls).toHaveLength(2);
    expect(await db().comment.count({ where: { threadId: thread.id, clientId: { in: ["room-writes-retry-1", "room-writes-offline-1"] } } })).toBe(2);
    expect(offline.clientId).toBe("room-writes-offline-1");
  });
});

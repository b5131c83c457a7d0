// The room's writes over Socket.IO (thread:create, comment:create, comment:edit, comment:delete,
// reaction:set, thread:update): each acknowledged with { ok, data } or { ok: false, error } and
// behaving exactly like its HTTP route (same service, clientId idempotency, limits and error
// codes), with the change reaching the other members as the usual discussion event.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { Ack, CommentCreateInput } from "@/lib/realtime/events";
import type { CommentView } from "@/lib/domain/threads/present";
import { limitWrites, resetWriteLimits, WRITE_LIMIT } from "@/lib/domain/ratelimit";
import { updateSeminar } from "@/lib/domain/seminars/service";
import { db } from "@/lib/db/client";
import * as commentsRoute from "@/app/api/v1/threads/[id]/comments/route";
import { buildClass, buildComment, buildThread, buildUser, ORIGIN, paragraphsOf, sessionCookie } from "../../helpers/factories";
import { call } from "../../helpers/http";
import { discussion, joined, startRealtimeServer, waitFor, type Conn } from "../../helpers/realtime";

const { connectAs } = startRealtimeServer();

beforeEach(() => resetWriteLimits());

/** Emits a write and waits for its ack. */
async function write<T>(c: Conn, event: string, input: unknown): Promise<Ack<T>> {
  const ack = (await (c.socket.timeout(5000) as unknown as { emitWithAck: (e: string, i: unknown) => Promise<Ack<T>> }).emitWithAck(event, input)) as Ack<T>;
  c.acks.push(ack);
  return ack;
}

function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${JSON.stringify(ack.error)}`);
  return ack.data;
}

async function room() {
  const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
  const [t, a, b] = [await connectAs(instructor), await connectAs(students[0]), await connectAs(students[1])];
  for (const c of [t, a, b]) await joined(c, seminar.id);
  const paragraph = (await paragraphsOf())[3];
  return { instructor, seminar, students, t, a, b, paragraph };
}

describe("writes over the socket", () => {
  it("each of the six write events is acknowledged with the result and reaches the other members as its event", async () => {
    const { seminar, t, a, b, paragraph } = await room();

    const thread = ok(await write<{ id: string; comments: CommentView[] }>(a, "thread:create", { seminarId: seminar.id, paragraphId: paragraph.id, body: "Why *this*?", clientId: randomUUID() }));
    expect(thread.comments).toHaveLength(1);
    await waitFor(b, "thread:created", (e: { thread: { id: string } }) => e.thread.id === thread.id);

    const reply = ok(await write<CommentView>(b, "comment:create", { threadId: thread.id, body: "Because.", clientId: randomUUID() }));
    expect(reply).toMatchObject({ threadId: thread.id, body: "Because." });
    await waitFor(a, "comment:created", (e: { comment: { id: string } }) => e.comment.id === reply.id);

    const edited = ok(await write<CommentView>(b, "comment:edit", { commentId: reply.id, body: "Because of the war." }));
    expect(edited.body).toBe("Because of the war.");
    await waitFor(a, "comment:updated", (e: { comment: { id: string } }) => e.comment.id === reply.id);

    const reacted = ok(await write<CommentView>(a, "reaction:set", { commentId: reply.id, kind: "agree", on: true }));
    expect(reacted.reactions).toMatchObject([{ kind: "agree", count: 1 }]);
    await waitFor(b, "reaction:changed", (e: { comment: { id: string } }) => e.comment.id === reply.id);

    const meta = ok(await write<Record<string, unknown>>(t, "thread:update", { threadId: thread.id, resolved: true, pinned: true }));
    expect(meta).toMatchObject({ id: thread.id, resolved: true, pinned: true });
    expect(meta).not.toHaveProperty("comments");
    await waitFor(a, "thread:updated", (e: { thread: { id: string; pinned: boolean } }) => e.thread.id === thread.id && e.thread.pinned);

    expect(ok(await write(b, "comment:delete", { commentId: reply.id }))).toEqual({ commentId: reply.id });
    await waitFor(a, "comment:deleted", (e: { comment: { id: string } }) => e.comment.id === reply.id);

    // One event per change, numbered without gaps, as over HTTP.
    const seqs = discussion(a).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
    expect(seqs.length).toBeGreaterThanOrEqual(6);
  });

  it("bad input is a BAD_REQUEST ack naming the field, and nothing is written", async () => {
    const { seminar, a, paragraph } = await room();
    const thread = await buildThread(a.who.actor, seminar.id, { paragraphId: paragraph.id });
    const before = await db().comment.count({ where: { threadId: thread.id } });
    const empty = await write(a, "comment:create", { threadId: thread.id, body: "   " });
    expect(empty).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(!empty.ok && empty.error.message).toMatch(/^body: /);
    expect(await write(a, "comment:create", { threadId: thread.id, body: "x", extra: 1 })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await write(a, "reaction:set", { commentId: thread.comments[0].id, kind: "love", on: true })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await write(a, "thread:update", { threadId: thread.id })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringMatching(/at least one/) } });
    expect(await write(a, "comment:create", { threadId: thread.id, body: "nul \u0000 here" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await db().comment.count({ where: { threadId: thread.id } })).toBe(before);
  });

  it("a student writing in a closed seminar gets a FORBIDDEN ack; the instructor still writes", async () => {
    const { instructor, seminar, t, a, paragraph } = await room();
    const thread = await buildThread(instructor.actor, seminar.id, { paragraphId: paragraph.id });
    await updateSeminar(instructor.actor, seminar.id, { closed: true }, ORIGIN);
    expect(await write(a, "comment:create", { threadId: thread.id, body: "Too late?" })).toEqual({
      ok: false,
      error: { code: "FORBIDDEN", message: "This seminar is closed: it is read-only for students." },
    });
    expect(await write(a, "thread:create", { seminarId: seminar.id, paragraphId: paragraph.id, body: "New?" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await write(a, "reaction:set", { commentId: thread.comments[0].id, kind: "agree", on: true })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect((await write(t, "comment:create", { threadId: thread.id, body: "Closing remarks." })).ok).toBe(true);
  });

  it("a missing thread or comment, or one in another seminar, is NOT_FOUND as over HTTP (not the join's FORBIDDEN)", async () => {
    const { seminar, a, paragraph } = await room();
    const thread = await buildThread(a.who.actor, seminar.id, { paragraphId: paragraph.id });
    const outsider = await connectAs(await buildUser({ name: `Olive ${randomUUID().slice(0, 6)}` }));
    const http = await call(commentsRoute.POST, { method: "POST", url: `/api/v1/threads/${thread.id}/comments`, params: { id: thread.id }, json: { body: "hi" }, auth: { cookie: await sessionCookie(outsider.who.user) } });
    const overSocket = await write(outsider, "comment:create", { threadId: thread.id, body: "hi" });
    expect(http.status).toBe(404);
    expect(overSocket).toEqual({ ok: false, error: (http.body as { error: unknown }).error });
    expect(await write(a, "comment:edit", { commentId: "c_missing_comment", body: "x" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("past the per-user write limit a write gets a RATE_LIMITED ack and is not written", async () => {
    const { seminar, a, paragraph } = await room();
    const thread = await buildThread(a.who.actor, seminar.id, { paragraphId: paragraph.id });
    // Use up the rest of the user's writes (the thread above was one of them).
    let used = 1;
    while (used <= WRITE_LIMIT.count && (await limitWrites(a.who.user.id).then(() => true, () => false))) used++;
    expect(used).toBe(WRITE_LIMIT.count);
    const refused = await write(a, "comment:create", { threadId: thread.id, body: "One too many." });
    expect(refused).toMatchObject({ ok: false, error: { code: "RATE_LIMITED", message: expect.stringMatching(/faster than 30 changes a minute/) } });
    expect(await db().comment.count({ where: { threadId: thread.id, body: "One too many." } })).toBe(0);
  });

  it("a repeated clientId answers with the first comment: one row, one event, whether the retry came over the socket or HTTP", async () => {
    const { seminar, a, b, paragraph } = await room();
    const thread = await buildThread(a.who.actor, seminar.id, { paragraphId: paragraph.id });
    const input: CommentCreateInput = { threadId: thread.id, body: "Sent twice.", clientId: randomUUID() };
    const from = b.events.length;
    const first = ok(await write<CommentView>(a, "comment:create", input));
    const again = ok(await write<CommentView>(a, "comment:create", input));
    expect(again.id).toBe(first.id);
    // The socket write lost its ack and the client fell back to HTTP with the same clientId.
    const http = await call(commentsRoute.POST, { method: "POST", url: `/api/v1/threads/${thread.id}/comments`, params: { id: thread.id }, json: { body: input.body, clientId: input.clientId }, auth: { cookie: await sessionCookie(a.who.user) } });
    expect(http.status).toBe(200);
    expect((http.body as CommentView).id).toBe(first.id);
    expect(await db().comment.count({ where: { threadId: thread.id, clientId: input.clientId } })).toBe(1);
    // A later write's event arrives after any duplicate would have: exactly one comment:created for the first.
    const later = await buildComment(a.who.actor, thread.id, "Later.");
    await waitFor(b, "comment:created", (e: { comment: { id: string } }) => e.comment.id === later.id, from);
    expect(discussion(b, from).filter((e) => e.type === "comment:created" && e.comment.id === first.id)).toHaveLength(1);
  });

  it("a flood of write events on one socket is refused with RATE_LIMITED past the per-socket limit, even invalid ones", async () => {
    const { a } = await room();
    const acks = await Promise.all(Array.from({ length: 125 }, () => write(a, "comment:delete", { commentId: "" })));
    expect(acks.filter((x) => !x.ok && x.error.code === "BAD_REQUEST").length).toBeGreaterThan(0);
    expect(acks.filter((x) => !x.ok && x.error.code === "RATE_LIMITED").length).toBeGreaterThan(0);
  });
});

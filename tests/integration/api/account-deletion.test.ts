// Account deletion (DELETE /api/v1/me): confirmed with the password from a browser session. The
// person's reactions, tokens, sessions, notifications and memberships go; their comments stay as
// "Former member" or are deleted for everyone, as they choose; nobody else's words are lost, and
// a seminar whose only instructor left still serves its discussion to its students.
import { describe, expect, it } from "vitest";
import * as me from "@/app/api/v1/me/route";
import * as threadsRoute from "@/app/api/v1/seminars/[id]/threads/route";
import * as exportRoute from "@/app/api/v1/seminars/[id]/export/route";
import * as seminarRoute from "@/app/api/v1/seminars/[id]/route";
import * as notificationsRoute from "@/app/api/v1/notifications/route";
import { db } from "@/lib/db/client";
import type { ThreadView } from "@/lib/domain/threads/present";
import { setReaction } from "@/lib/domain/threads/service";
import { buildClass, buildComment, buildThread, buildToken, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call, errorOf } from "../../helpers/http";
import { textOf } from "../../helpers/comments";
import { discussion, joined, startRealtimeServer, waitUntil, type Client } from "../../helpers/realtime";

const { connectAs } = startRealtimeServer();

const deleteMe = async (who: BuiltUser, body: unknown) => call(me.DELETE, { method: "DELETE", url: "/api/v1/me", json: body, auth: { cookie: await sessionCookie(who.user) } });

async function threadsAs(who: BuiltUser, seminarId: string) {
  const r = await call(threadsRoute.GET, { url: `/api/v1/seminars/${seminarId}/threads`, params: { id: seminarId }, auth: { cookie: await sessionCookie(who.user) } });
  expect(r.status, r.text).toBe(200);
  return (r.body as { threads: ThreadView[] }).threads;
}

const rowsOf = async (userId: string) => ({
  reactions: await db().reaction.count({ where: { userId } }),
  tokens: await db().apiToken.count({ where: { userId } }),
  sessions: await db().session.count({ where: { userId } }),
  notifications: await db().notification.count({ where: { userId } }),
  memberships: await db().membership.count({ where: { userId } }),
  users: await db().user.count({ where: { id: userId } }),
});

/** Leaver opens a thread, Other replies, Leaver replies, Other replies again; reactions both ways. */
async function discussionWithLeaver() {
  const { instructor, seminar, students } = await buildClass(["Leaver", "Other"]);
  const [leaver, other] = students;
  const thread = await buildThread(leaver.actor, seminar.id, { body: "Leaver opens the thread" });
  const r1 = await buildComment(other.actor, thread.id, "Other answers the leaver");
  const mine = await buildComment(leaver.actor, thread.id, "Leaver writes back");
  const r2 = await buildComment(other.actor, thread.id, "Other has the last word");
  await setReaction(leaver.actor, r1.id, "agree", true);
  await setReaction(other.actor, mine.id, "insight", true);
  await buildToken(leaver.actor, "leaver's script");
  return { instructor, seminar, leaver, other, thread, mine, replies: [r1, r2] };
}

describe("deleting an account, keeping the comments", () => {
  it("shows their comments as Former member over HTTP, in the socket replay and in exports; everyone else's replies stay; their own rows are gone", async () => {
    const { instructor, seminar, leaver, other, thread, mine, replies } = await discussionWithLeaver();
    const before = await rowsOf(leaver.user.id);
    expect(before).toMatchObject({ reactions: 1, tokens: 1, memberships: 1, users: 1 });
    expect(before.notifications).toBeGreaterThan(0);

    const r = await deleteMe(leaver, { password: leaver.password, comments: "keep" });
    expect(r.status, r.text).toBe(204);
    expect(await rowsOf(leaver.user.id)).toEqual({ reactions: 0, tokens: 0, sessions: 0, notifications: 0, memberships: 0, users: 0 });

    // over HTTP, to a classmate
    const [t] = (await threadsAs(other, seminar.id)).filter((x) => x.id === thread.id);
    expect(t.createdBy.name).toBe("Former member");
    expect(t.comments.map((c) => [c.author.name, textOf(c)])).toEqual([
      ["Former member", "Leaver opens the thread"],
      [other.user.name, "Other answers the leaver"],
      ["Former member", "Leaver writes back"],
      [other.user.name, "Other has the last word"],
    ]);
    expect(t.comments.find((c) => c.id === replies[0].id)!.reactions).toEqual([]); // the leaver's agree went with them
    expect(t.comments.find((c) => c.id === mine.id)!.reactions.map((x) => x.count)).toEqual([1]);
    expect(JSON.stringify(t)).not.toContain(leaver.user.name);

    // in the classmate's notifications (the leaver's reply to them, and their reaction)
    const n = await call(notificationsRoute.GET, { url: "/api/v1/notifications", auth: { cookie: await sessionCookie(other.user) } });
    expect(n.status, n.text).toBe(200);
    const fromLeaver = (n.body as { notifications: { actor: { name: string }; excerpt: string | null }[] }).notifications.filter((x) => x.excerpt?.includes("Leaver writes back"));
    expect(fromLeaver.length).toBeGreaterThan(0);
    expect(fromLeaver.every((x) => x.actor.name === "Former member")).toBe(true);
    expect(n.text).not.toContain(leaver.user.name);

    // in the socket replay
    const conn = await connectAs(other);
    const join = await joined(conn, seminar.id, 0);
    const created = join.events.filter((e) => e.type === "comment:created" || e.type === "thread:created");
    expect(created.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(join.events)).toContain("Former member");
    expect(JSON.stringify(join)).not.toContain(leaver.user.name);

    // in exports, to the instructor (who sees names and emails)
    for (const format of ["markdown", "csv", "jsonld", "html"]) {
      const e = await call(exportRoute.GET, { url: `/api/v1/seminars/${seminar.id}/export?format=${format}`, params: { id: seminar.id }, auth: { cookie: await sessionCookie(instructor.user) } });
      expect(e.status, format).toBe(200);
      expect(e.text, format).toContain("Former member");
      expect(e.text, format).toContain("Other has the last word");
      expect(e.text, format).toContain("Leaver writes back");
      expect(e.text, format).not.toContain(leaver.user.email);
      expect(e.text, format).not.toContain(leaver.user.name);
    }
  });

  it("the deleted person's open sockets are closed and their cookie is refused", async () => {
    const { leaver } = await discussionWithLeaver();
    const cookie = await sessionCookie(leaver.user);
    const conn = await connectAs(leaver);
    const closed = new Promise<string>((res) => (conn.socket as Client).once("disconnect", (reason) => res(reason)));
    const r = await call(me.DELETE, { method: "DELETE", url: "/api/v1/me", json: { password: leaver.password, comments: "keep" }, auth: { cookie } });
    expect(r.status).toBe(204);
    expect(await closed).toBe("io server disconnect");
    expect((await call(me.GET, { url: "/api/v1/me", auth: { cookie } })).status).toBe(401);
  });
});

describe("deleting an account with its comments", () => {
  it("turns their comments into deleted placeholders for everyone, live and over HTTP, and keeps everyone else's", async () => {
    const { seminar, leaver, other, thread, mine } = await discussionWithLeaver();
    const listener = await connectAs(other);
    const { seq } = await joined(listener, seminar.id);

    const r = await deleteMe(leaver, { password: leaver.password, comments: "delete" });
    expect(r.status, r.text).toBe(204);

    const deletedLive = await waitUntil(listener, () => {
      const ids = discussion(listener).filter((e) => e.type === "comment:deleted" && e.seq > seq).map((e) => (e as { comment: { id: string } }).comment.id);
      return ids.length >= 2 ? ids : undefined;
    }, "two comment:deleted events");
    expect(deletedLive).toContain(mine.id);

    const [t] = (await threadsAs(other, seminar.id)).filter((x) => x.id === thread.id);
    expect(t.comments.map(textOf)).toEqual([null, "Other answers the leaver", null, "Other has the last word"]);
    expect(t.comments.filter((c) => c.html === null).every((c) => c.author.name === "Former member")).toBe(true);
    expect(JSON.stringify(t)).not.toMatch(/Leaver opens|Leaver writes/);
    expect((await rowsOf(leaver.user.id)).users).toBe(0);
  });
});

describe("a seminar whose only instructor deleted their account", () => {
  it("keeps its members, threads and comments, readable by its students", async () => {
    const { instructor, seminar, students } = await buildClass(["Stayer"]);
    const [stayer] = students;
    const prompt = await buildThread(instructor.actor, seminar.id, { body: "The instructor's question", kind: "prompt" });
    await buildComment(stayer.actor, prompt.id, "The student's answer");

    expect((await deleteMe(instructor, { password: instructor.password, comments: "keep" })).status).toBe(204);

    const s = await call(seminarRoute.GET, { url: `/api/v1/seminars/${seminar.id}`, params: { id: seminar.id }, auth: { cookie: await sessionCookie(stayer.user) } });
    expect(s.status, s.text).toBe(200);
    const [t] = await threadsAs(stayer, seminar.id);
    expect(t.comments.map((c) => [c.author.name, textOf(c)])).toEqual([
      ["Former member", "The instructor's question"],
      [stayer.user.name, "The student's answer"],
    ]);
    expect(await db().membership.count({ where: { seminarId: seminar.id } })).toBe(1);
  });
});

describe("refused deletions", () => {
  it("a wrong password is a 400 with a message, and nothing is deleted", async () => {
    const { leaver } = await discussionWithLeaver();
    const before = await rowsOf(leaver.user.id);
    const r = await deleteMe(leaver, { password: "not my password at all", comments: "delete" });
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(/password/);
    const after = await rowsOf(leaver.user.id);
    expect({ ...after, sessions: 0 }).toEqual({ ...before, sessions: 0 }); // deleteMe itself signed in once more
    expect(await db().comment.count({ where: { authorId: leaver.user.id, deletedAt: null } })).toBe(2);
  });

  it("an unknown choice for the comments is a 400 naming the field", async () => {
    const { leaver } = await discussionWithLeaver();
    const r = await deleteMe(leaver, { password: leaver.password, comments: "maybe" });
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toContain("comments");
    expect((await rowsOf(leaver.user.id)).users).toBe(1);
  });
});

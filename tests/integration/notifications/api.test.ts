// The notifications API through its route handlers: your list (newest first, unread filter,
// pages), your unread count, marking read, preferences; and that nobody can read or mark another
// person's notifications.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as list from "@/app/api/v1/notifications/route";
import * as read from "@/app/api/v1/notifications/read/route";
import * as prefs from "@/app/api/v1/me/notification-preferences/route";
import { db } from "@/lib/db/client";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import type { NotificationView } from "@/lib/domain/notifications/present";
import { buildClass, buildComment, buildThread, buildToken, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type Auth } from "../../helpers/http";

interface Page {
  notifications: NotificationView[];
  unread: number;
  next: string | null;
}

let ann: BuiltUser;
let bob: BuiltUser;
let annAuth: Auth;
let bobAuth: Auth;
/** Ann's five notifications (replies by Bob), oldest first. */
let replies: string[];

beforeEach(() => resetWriteLimits());

beforeAll(async () => {
  await resetWriteLimits();
  const { seminar, students } = await buildClass(["Ann", "Bob"]);
  [ann, bob] = students;
  annAuth = { token: (await buildToken(ann.actor)).token };
  bobAuth = { token: (await buildToken(bob.actor)).token };
  const thread = await buildThread(ann.actor, seminar.id, { body: "Ann's question" });
  replies = [];
  for (let i = 1; i <= 5; i++) replies.push((await buildComment(bob.actor, thread.id, `Bob's reply number ${i}`)).id);
  // Bob gets one too, from Ann's reply.
  await buildComment(ann.actor, thread.id, "Ann answers Bob");
});

async function page(auth: Auth, query = ""): Promise<Page> {
  const r = await call(list.GET, { url: `/api/v1/notifications${query}`, auth });
  expect(r.status, r.text).toBe(200);
  return r.body as Page;
}

async function markRead(auth: Auth, body: unknown) {
  return call(read.POST, { url: "/api/v1/notifications/read", json: body, auth });
}

describe("GET /api/v1/notifications", () => {
  it("lists only your own, newest first, with your unread count", async () => {
    const p = await page(annAuth);
    expect(p.notifications.map((n) => n.commentId)).toEqual([...replies].reverse());
    expect(p.notifications.every((n) => n.kind === "reply" && n.readAt === null && n.actor.name === bob.user.name)).toBe(true);
    expect(p.unread).toBe(5);
    expect(p.next).toBeNull();
    const b = await page(bobAuth);
    expect(b.notifications).toHaveLength(1);
    expect(b.notifications[0].actor.name).toBe(ann.user.name);
    expect(b.notifications.some((n) => replies.includes(n.commentId))).toBe(false);
  });

  it("pages with limit and before, and refuses a cursor that is not yours", async () => {
    const first = await page(annAuth, "?limit=2");
    expect(first.notifications.map((n) => n.commentId)).toEqual([replies[4], replies[3]]);
    expect(first.next).toBe(first.notifications[1].id);
    const second = await page(annAuth, `?limit=2&before=${first.next}`);
    expect(second.notifications.map((n) => n.commentId)).toEqual([replies[2], replies[1]]);
    const third = await page(annAuth, `?limit=2&before=${second.next}`);
    expect(third.notifications.map((n) => n.commentId)).toEqual([replies[0]]);
    expect(third.next).toBeNull();

    const bobs = (await page(bobAuth)).notifications[0].id;
    const r = await call(list.GET, { url: `/api/v1/notifications?before=${bobs}`, auth: annAuth });
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toContain("before");
  });

  it("refuses bad query parameters with a 400 naming them", async () => {
    for (const [q, field] of [
      ["?limit=0", "limit"],
      ["?limit=abc", "limit"],
      ["?unread=yes", "unread"],
      ["?before=%20", "before"],
      ["?colour=red", "colour"],
    ]) {
      const r = await call(list.GET, { url: `/api/v1/notifications${q}`, auth: annAuth });
      expect(r.status, q).toBe(400);
      expect(errorOf(r).message, q).toContain(field);
    }
  });
});

describe("POST /api/v1/notifications/read", () => {
  it("marks the ids given, ignores another person's ids, and then all", async () => {
    const before = await page(annAuth);
    const bobsId = (await page(bobAuth)).notifications[0].id;
    const r = await markRead(annAuth, { ids: [before.notifications[0].id, before.notifications[1].id, bobsId] });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ marked: 2, unread: 3 });

    // Bob's notification is untouched by Ann's call.
    const bobRow = await db().notification.findUniqueOrThrow({ where: { id: bobsId } });
    expect(bobRow.readAt).toBeNull();
    expect((await page(bobAuth)).unread).toBe(1);

    const unreadOnly = await page(annAuth, "?unread=true");
    expect(unreadOnly.notifications.map((n) => n.commentId)).toEqual([replies[2], replies[1], replies[0]]);
    const readOnly = await page(annAuth, "?unread=false");
    expect(readOnly.notifications.map((n) => n.commentId)).toEqual([replies[4], replies[3]]);
    expect(readOnly.notifications.every((n) => n.readAt !== null)).toBe(true);

    const all = await markRead(annAuth, { all: true });
    expect(all.body).toEqual({ marked: 3, unread: 0 });
    expect((await page(annAuth)).unread).toBe(0);
    expect((await page(annAuth, "?unread=true")).notifications).toEqual([]);
    // Marking again changes nothing.
    expect((await markRead(annAuth, { all: true })).body).toEqual({ marked: 0, unread: 0 });
    // Bob's is still unread.
    expect((await page(bobAuth)).unread).toBe(1);
  });

  it("refuses bodies that are neither { ids } nor { all: true }", async () => {
    for (const body of [{}, { ids: [] }, { all: false }, { ids: ["x"], all: true }, { ids: "abc" }, { ids: ["ok"], extra: 1 }]) {
      const r = await markRead(annAuth, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(r).message.length).toBeGreaterThan(0);
    }
  });
});

describe("notification preferences", () => {
  it("start with every kind on, are saved whole, and are your own", async () => {
    const get = await call(prefs.GET, { url: "/api/v1/me/notification-preferences", auth: bobAuth });
    expect(get.status).toBe(200);
    expect(get.body).toEqual({ reply: true, mention: true, reaction: true, endorsement: true });

    const put = await call(prefs.PUT, {
      method: "PUT",
      url: "/api/v1/me/notification-preferences",
      json: { reply: false, mention: true, reaction: false, endorsement: true },
      auth: bobAuth,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual({ reply: false, mention: true, reaction: false, endorsement: true });
    expect((await db().user.findUniqueOrThrow({ where: { id: bob.user.id } })).mutedNotifications.sort()).toEqual(["REACTION", "REPLY"]);
    // Ann's are untouched.
    expect((await call(prefs.GET, { url: "/api/v1/me/notification-preferences", auth: annAuth })).body).toEqual({ reply: true, mention: true, reaction: true, endorsement: true });

    for (const body of [{ reply: false }, { reply: "no", mention: true, reaction: true, endorsement: true }, { reply: true, mention: true, reaction: true, endorsement: true, email: true }]) {
      const r = await call(prefs.PUT, { method: "PUT", url: "/api/v1/me/notification-preferences", json: body, auth: bobAuth });
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("answer 401 without credentials", async () => {
    expect((await call(prefs.GET, { url: "/api/v1/me/notification-preferences" })).status).toBe(401);
    expect((await call(list.GET, { url: "/api/v1/notifications" })).status).toBe(401);
    expect((await markRead(undefined, { all: true })).status).toBe(401);
  });
});

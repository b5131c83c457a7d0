// Moderation over the JSON API (route handlers, real PostgreSQL): every instructor action is
// refused to students (403, with a message) and to non-members (404); when it changes something it
// writes exactly one seminar event with the next seq and one audit entry, in one transaction;
// asking for the state something is already in records nothing. Reports: any member, once per
// comment, with a reason; the queue and "handled" are the instructors'. Locked threads take no
// replies; prompts are the instructors' and come first for their paragraph.
import pg from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import * as hiddenRoute from "@/app/api/v1/comments/[id]/hidden/route";
import * as endorsementRoute from "@/app/api/v1/comments/[id]/endorsement/route";
import * as commentReportsRoute from "@/app/api/v1/comments/[id]/reports/route";
import * as commentRoute from "@/app/api/v1/comments/[id]/route";
import * as seminarReportsRoute from "@/app/api/v1/seminars/[id]/reports/route";
import * as reportRoute from "@/app/api/v1/reports/[id]/route";
import * as auditRoute from "@/app/api/v1/seminars/[id]/audit/route";
import * as threadRoute from "@/app/api/v1/threads/[id]/route";
import * as threadsRoute from "@/app/api/v1/seminars/[id]/threads/route";
import * as threadCommentsRoute from "@/app/api/v1/threads/[id]/comments/route";
import { db } from "@/lib/db/client";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import type { AuditEntryView, ReportReceipt, ReportView } from "@/lib/domain/moderation/present";
import type { CommentView, ThreadView } from "@/lib/domain/threads/present";
import { buildClass, buildComment, buildThread, buildUser, seminarParagraphs, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type Handler } from "../../helpers/http";

beforeEach(() => resetWriteLimits());

const auth = async (who: BuiltUser) => ({ cookie: await sessionCookie(who.user) });

async function ask(handler: Handler, who: BuiltUser, method: string, url: string, params: Record<string, string>, json?: unknown) {
  return call(handler, { method, url, params, json, auth: await auth(who) });
}

/** The seminar's event rows and audit entries now, to compare before and after an action. */
async function ledger(seminarId: string) {
  const [seminar, events, audit] = await Promise.all([
    db().seminar.findUniqueOrThrow({ where: { id: seminarId }, select: { lastSeq: true } }),
    db().seminarEvent.findMany({ where: { seminarId }, orderBy: { seq: "asc" } }),
    db().auditEntry.findMany({ where: { seminarId }, orderBy: { createdAt: "asc" } }),
  ]);
  return { lastSeq: seminar.lastSeq, events, audit };
}

/** A seminar with an instructor, two students, an outsider, and a thread by Ana with Ben's reply. */
async function world() {
  const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
  const [ana, ben] = students;
  const outsider = await buildUser({ name: "Olive Outsider" });
  const thread = await buildThread(ana.actor, seminar.id, { body: "Ana opens the thread." });
  const reply = await buildComment(ben.actor, thread.id, "Ben replies, off topic.");
  return { instructor, seminar, ana, ben, outsider, thread, reply };
}

type World = Awaited<ReturnType<typeof world>>;

interface Case {
  name: string;
  /** The stored event type and audit action the change must produce. */
  event: string;
  audit: string;
  reason?: string;
  run: (w: World, who: BuiltUser) => Promise<Awaited<ReturnType<typeof call>>>;
  /** Puts things in the state the action needs (e.g. hidden, before "show"). */
  before?: (w: World) => Promise<void>;
  check: (w: World, body: unknown) => void;
  /** Ben wrote the reply: deleting it is his own right, so only Ana is a refused student here. */
  benMay?: boolean;
}

const CASES: Case[] = [
  {
    name: "hide a comment (with a reason)",
    event: "comment:hidden",
    audit: "comment.hide",
    reason: "Off topic",
    run: (w, who) => ask(hiddenRoute.POST, who, "POST", `/api/v1/comments/${w.reply.id}/hidden`, { id: w.reply.id }, { reason: "  Off topic " }),
    check: (w, body) => expect(body).toMatchObject({ id: w.reply.id, hidden: true, body: null, html: "<p>Ben replies, off topic.</p>\n" }),
  },
  {
    name: "show a hidden comment again",
    event: "comment:shown",
    audit: "comment.show",
    before: async (w) => {
      const r = await ask(hiddenRoute.POST, w.instructor, "POST", `/api/v1/comments/${w.reply.id}/hidden`, { id: w.reply.id });
      expect(r.status, r.text).toBe(200);
    },
    run: (w, who) => ask(hiddenRoute.DELETE, who, "DELETE", `/api/v1/comments/${w.reply.id}/hidden`, { id: w.reply.id }),
    check: (w, body) => expect(body).toMatchObject({ id: w.reply.id, hidden: false }),
  },
  {
    name: "endorse a comment",
    event: "comment:endorsed",
    audit: "comment.endorse",
    run: (w, who) => ask(endorsementRoute.PUT, who, "PUT", `/api/v1/comments/${w.reply.id}/endorsement`, { id: w.reply.id }),
    check: (w, body) => expect((body as CommentView).endorsedBy).toMatchObject({ name: w.instructor.user.name, role: "instructor" }),
  },
  {
    name: "withdraw an endorsement",
    event: "comment:unendorsed",
    audit: "comment.unendorse",
    before: async (w) => {
      expect((await ask(endorsementRoute.PUT, w.instructor, "PUT", `/api/v1/comments/${w.reply.id}/endorsement`, { id: w.reply.id })).status).toBe(200);
    },
    run: (w, who) => ask(endorsementRoute.DELETE, who, "DELETE", `/api/v1/comments/${w.reply.id}/endorsement`, { id: w.reply.id }),
    check: (_w, body) => expect((body as CommentView).endorsedBy).toBeNull(),
  },
  {
    name: "lock a thread",
    event: "thread:updated",
    audit: "thread.lock",
    run: (w, who) => ask(threadRoute.PATCH, who, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { locked: true }),
    check: (_w, body) => expect(body).toMatchObject({ locked: true, pinned: false }),
  },
  {
    name: "unlock a thread",
    event: "thread:updated",
    audit: "thread.unlock",
    before: async (w) => {
      expect((await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { locked: true })).status).toBe(200);
    },
    run: (w, who) => ask(threadRoute.PATCH, who, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { locked: false }),
    check: (_w, body) => expect(body).toMatchObject({ locked: false }),
  },
  {
    name: "pin a thread",
    event: "thread:updated",
    audit: "thread.pin",
    run: (w, who) => ask(threadRoute.PATCH, who, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { pinned: true }),
    check: (_w, body) => expect(body).toMatchObject({ pinned: true, locked: false }),
  },
  {
    name: "unpin a thread",
    event: "thread:updated",
    audit: "thread.unpin",
    before: async (w) => {
      expect((await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { pinned: true })).status).toBe(200);
    },
    run: (w, who) => ask(threadRoute.PATCH, who, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { pinned: false }),
    check: (_w, body) => expect(body).toMatchObject({ pinned: false }),
  },
  {
    name: "delete someone else's comment",
    event: "comment:deleted",
    benMay: true,
    audit: "comment.delete",
    run: (w, who) => ask(commentRoute.DELETE, who, "DELETE", `/api/v1/comments/${w.reply.id}`, { id: w.reply.id }),
    check: () => {},
  },
  {
    name: "mark a report handled",
    event: "report:handled",
    audit: "report.handle",
    before: async (w) => {
      const r = await ask(commentReportsRoute.POST, w.ana, "POST", `/api/v1/comments/${w.reply.id}/reports`, { id: w.reply.id }, { reason: "Rude to me" });
      expect(r.status, r.text).toBe(201);
    },
    run: async (w, who) => {
      const report = await db().report.findFirstOrThrow({ where: { commentId: w.reply.id } });
      return ask(reportRoute.PATCH, who, "PATCH", `/api/v1/reports/${report.id}`, { id: report.id }, { handled: true });
    },
    check: (w, body) => expect(body).toMatchObject({ handled: true, handledBy: { name: w.instructor.user.name }, reason: "Rude to me", comment: { id: w.reply.id } }),
  },
];

describe("each moderation action", () => {
  describe.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    it("is refused to students (403, with a message) and non-members (404), and refusals record nothing", async () => {
      const w = await world();
      await c.before?.(w);
      const before = await ledger(w.seminar.id);
      const refused: [BuiltUser, number][] = [[w.ana, 403], ...(c.benMay ? [] : [[w.ben, 403] as [BuiltUser, number]]), [w.outsider, 404]];
      for (const [who, status] of refused) {
        const r = await c.run(w, who);
        expect(r.status, `${who.user.name}: ${r.text}`).toBe(status);
        expect(errorOf(r).message.length).toBeGreaterThan(10);
      }
      const after = await ledger(w.seminar.id);
      expect(after.lastSeq).toBe(before.lastSeq);
      expect(after.events.length).toBe(before.events.length);
      expect(after.audit.length).toBe(before.audit.length);
    });

    it("by an instructor: one event with the next seq and one audit entry (who, what, why); asking again records nothing", async () => {
      const w = await world();
      await c.before?.(w);
      const before = await ledger(w.seminar.id);
      const r = await c.run(w, w.instructor);
      expect(r.status, r.text).toBe(c.event === "comment:deleted" ? 204 : 200);
      c.check(w, r.body);
      const after = await ledger(w.seminar.id);
      expect(after.lastSeq).toBe(before.lastSeq + 1);
      const fresh = after.events.slice(before.events.length);
      expect(fresh).toHaveLength(1);
      expect(fresh[0]).toMatchObject({ seq: before.lastSeq + 1, type: c.event, actorId: w.instructor.user.id });
      const entries = after.audit.slice(before.audit.length);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: c.audit, actorId: w.instructor.user.id, threadId: w.thread.id, reason: c.reason ?? null });

      // The same request again changes nothing, so it records nothing.
      const again = await c.run(w, w.instructor);
      expect(again.status, again.text).toBeLessThan(300);
      const last = await ledger(w.seminar.id);
      expect(last.lastSeq).toBe(after.lastSeq);
      expect(last.audit.length).toBe(after.audit.length);
    });
  });

  it("deleting your own comment is not moderation: an event, but no audit entry", async () => {
    const w = await world();
    const mine = await buildComment(w.instructor.actor, w.thread.id, "The instructor's own remark.");
    const before = await ledger(w.seminar.id);
    const r = await ask(commentRoute.DELETE, w.instructor, "DELETE", `/api/v1/comments/${mine.id}`, { id: mine.id });
    expect(r.status, r.text).toBe(204);
    const after = await ledger(w.seminar.id);
    expect(after.lastSeq).toBe(before.lastSeq + 1);
    expect(after.audit.length).toBe(before.audit.length);
  });

  it("a PATCH that mixes resolve with lock is refused whole to a student: not even the resolve happens", async () => {
    const w = await world();
    const before = await ledger(w.seminar.id);
    const r = await ask(threadRoute.PATCH, w.ana, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { resolved: true, locked: true });
    expect(r.status, r.text).toBe(403);
    expect((await ledger(w.seminar.id)).lastSeq).toBe(before.lastSeq);
    const empty = await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, {});
    expect(empty.status).toBe(400);
    expect(errorOf(empty).message).toContain("resolved, locked, pinned");
  });

  it("a hide reason over 500 characters is a 400 naming the field", async () => {
    const w = await world();
    const r = await ask(hiddenRoute.POST, w.instructor, "POST", `/api/v1/comments/${w.reply.id}/hidden`, { id: w.reply.id }, { reason: "x".repeat(501) });
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toContain("reason");
  });
});

describe("reports", () => {
  it("any member reports a comment once, with a reason; instructors see the queue and handle it; students cannot", async () => {
    const w = await world();
    const before = await ledger(w.seminar.id);
    const url = `/api/v1/comments/${w.reply.id}/reports`;
    for (const [json, field] of [
      [{}, "reason"],
      [{ reason: "   " }, "reason: is empty"],
      [{ reason: "y".repeat(501) }, "reason: must be at most 500 characters"],
      [{ reason: "ok", extra: 1 }, "extra"],
    ] as const) {
      const bad = await ask(commentReportsRoute.POST, w.ana, "POST", url, { id: w.reply.id }, json);
      expect(bad.status, bad.text).toBe(400);
      expect(errorOf(bad).message).toContain(field);
    }
    const filed = await ask(commentReportsRoute.POST, w.ana, "POST", url, { id: w.reply.id }, { reason: "Not about the reading" });
    expect(filed.status, filed.text).toBe(201);
    expect(filed.body).toMatchObject({ commentId: w.reply.id, reason: "Not about the reading", handled: false } satisfies Partial<ReportReceipt>);
    // one event (report:created, the next seq), no audit entry: reporting is not moderation
    const after = await ledger(w.seminar.id);
    expect(after.lastSeq).toBe(before.lastSeq + 1);
    expect(after.events.at(-1)).toMatchObject({ seq: before.lastSeq + 1, type: "report:created", actorId: w.ana.user.id });
    expect(after.audit.length).toBe(before.audit.length);

    const twice = await ask(commentReportsRoute.POST, w.ana, "POST", url, { id: w.reply.id }, { reason: "Again" });
    expect(twice.status).toBe(409);
    expect(errorOf(twice).message).toMatch(/already reported/);
    const own = await ask(commentReportsRoute.POST, w.ben, "POST", url, { id: w.reply.id }, { reason: "Myself" });
    expect(own.status).toBe(400);
    expect(errorOf(own).message).toMatch(/your own comment/);
    const outsider = await ask(commentReportsRoute.POST, w.outsider, "POST", url, { id: w.reply.id }, { reason: "Nosy" });
    expect(outsider.status).toBe(404);
    // the instructor reports too (a member like any other)
    const byInstructor = await ask(commentReportsRoute.POST, w.instructor, "POST", `/api/v1/comments/${w.thread.comments[0].id}/reports`, { id: w.thread.comments[0].id }, { reason: "Check later" });
    expect(byInstructor.status, byInstructor.text).toBe(201);

    const list = (who: BuiltUser, state?: string) =>
      ask(seminarReportsRoute.GET, who, "GET", `/api/v1/seminars/${w.seminar.id}/reports${state ? `?state=${state}` : ""}`, { id: w.seminar.id });
    expect((await list(w.ana)).status).toBe(403);
    expect((await list(w.outsider)).status).toBe(404);
    expect((await list(w.instructor, "bogus")).status).toBe(400);
    const open = await list(w.instructor);
    expect(open.status, open.text).toBe(200);
    const q = open.body as { open: number; reports: ReportView[] };
    expect(q.open).toBe(2);
    expect(q.reports.map((r) => r.comment.id)).toEqual([w.reply.id, w.thread.comments[0].id]);
    expect(q.reports[0]).toMatchObject({ reason: "Not about the reading", reporter: { name: w.ana.user.name }, paragraphNumber: 1, handled: false, handledBy: null });

    const handled = await ask(reportRoute.PATCH, w.instructor, "PATCH", `/api/v1/reports/${q.reports[0].id}`, { id: q.reports[0].id }, { handled: true });
    expect(handled.status, handled.text).toBe(200);
    const nowOpen = (await list(w.instructor)).body as { open: number; reports: ReportView[] };
    expect(nowOpen.open).toBe(1);
    expect(nowOpen.reports.map((r) => r.id)).toEqual([q.reports[1].id]);
    const done = (await list(w.instructor, "handled")).body as { open: number; reports: ReportView[] };
    expect(done.reports.map((r) => r.id)).toEqual([q.reports[0].id]);
    expect(done.reports[0]).toMatchObject({ handled: true, handledBy: { name: w.instructor.user.name } });
    const notTrue = await ask(reportRoute.PATCH, w.instructor, "PATCH", `/api/v1/reports/${q.reports[1].id}`, { id: q.reports[1].id }, { handled: false });
    expect(notTrue.status).toBe(400);
    const missing = await ask(reportRoute.PATCH, w.instructor, "PATCH", `/api/v1/reports/nosuchreport`, { id: "nosuchreport" }, { handled: true });
    expect(missing.status).toBe(404);
  });

  it("a deleted comment cannot be reported (409)", async () => {
    const w = await world();
    await ask(commentRoute.DELETE, w.ben, "DELETE", `/api/v1/comments/${w.reply.id}`, { id: w.reply.id });
    const r = await ask(commentReportsRoute.POST, w.ana, "POST", `/api/v1/comments/${w.reply.id}/reports`, { id: w.reply.id }, { reason: "Too late" });
    expect(r.status).toBe(409);
    expect(errorOf(r).message).toMatch(/deleted/);
  });
});

describe("the audit log", () => {
  it("tells instructors who did what, when and why, newest first, page by page; students 403, non-members 404", async () => {
    const w = await world();
    await ask(hiddenRoute.POST, w.instructor, "POST", `/api/v1/comments/${w.reply.id}/hidden`, { id: w.reply.id }, { reason: "Personal attack" });
    await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { locked: true });
    await ask(endorsementRoute.PUT, w.instructor, "PUT", `/api/v1/comments/${w.thread.comments[0].id}/endorsement`, { id: w.thread.comments[0].id });
    const get = (who: BuiltUser, query = "") => ask(auditRoute.GET, who, "GET", `/api/v1/seminars/${w.seminar.id}/audit${query}`, { id: w.seminar.id });
    expect((await get(w.ana)).status).toBe(403);
    expect((await get(w.outsider)).status).toBe(404);
    const r = await get(w.instructor);
    expect(r.status, r.text).toBe(200);
    const { entries, more } = r.body as { entries: AuditEntryView[]; more: boolean };
    expect(more).toBe(false);
    expect(entries.map((e) => e.action)).toEqual(["comment.endorse", "thread.lock", "comment.hide"]);
    expect(entries[2]).toMatchObject({
      label: "Hid a comment",
      actor: { name: w.instructor.user.name, role: "instructor" },
      commentId: w.reply.id,
      threadId: w.thread.id,
      paragraphNumber: 1,
      excerpt: "Ben replies, off topic.",
      commentAuthor: { name: w.ben.user.name },
      reason: "Personal attack",
    });
    expect(Date.parse(entries[2].createdAt)).not.toBeNaN();
    const page1 = (await get(w.instructor, "?limit=2")).body as { entries: AuditEntryView[]; more: boolean };
    expect(page1.more).toBe(true);
    const page2 = (await get(w.instructor, `?limit=2&before=${page1.entries[1].id}`)).body as { entries: AuditEntryView[]; more: boolean };
    expect([...page1.entries, ...page2.entries].map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(page2.more).toBe(false);
    expect((await get(w.instructor, "?limit=0")).status).toBe(400);
  });
});

describe("locked threads", () => {
  it("take no replies from anyone (409 with a message) until unlocked; the thread shows locked to all", async () => {
    const w = await world();
    await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { locked: true });
    const before = await ledger(w.seminar.id);
    for (const who of [w.ana, w.instructor]) {
      const r = await ask(threadCommentsRoute.POST, who, "POST", `/api/v1/threads/${w.thread.id}/comments`, { id: w.thread.id }, { body: "Let me in", clientId: `locked-${who.user.id}` });
      expect(r.status, r.text).toBe(409);
      expect(errorOf(r).message).toBe("This thread is locked: it takes no new replies.");
    }
    expect((await ledger(w.seminar.id)).lastSeq).toBe(before.lastSeq);
    const list = await ask(threadsRoute.GET, w.ben, "GET", `/api/v1/seminars/${w.seminar.id}/threads`, { id: w.seminar.id });
    expect((list.body as { threads: ThreadView[] }).threads.find((t) => t.id === w.thread.id)).toMatchObject({ locked: true });
    await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { locked: false });
    const r = await ask(threadCommentsRoute.POST, w.ana, "POST", `/api/v1/threads/${w.thread.id}/comments`, { id: w.thread.id }, { body: "Now I can" });
    expect(r.status, r.text).toBe(201);
  });

  it("a reply sent before the lock and retried with its clientId after it answers with the first comment", async () => {
    const w = await world();
    const first = await ask(threadCommentsRoute.POST, w.ana, "POST", `/api/v1/threads/${w.thread.id}/comments`, { id: w.thread.id }, { body: "Before the lock", clientId: "before-the-lock-1" });
    expect(first.status).toBe(201);
    await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${w.thread.id}`, { id: w.thread.id }, { locked: true });
    const retry = await ask(threadCommentsRoute.POST, w.ana, "POST", `/api/v1/threads/${w.thread.id}/comments`, { id: w.thread.id }, { body: "Before the lock", clientId: "before-the-lock-1" });
    expect(retry.status, retry.text).toBe(200);
    expect((retry.body as CommentView).id).toBe((first.body as CommentView).id);
  });

  it("a reply racing a lock that commits while the reply is being written is refused and writes nothing", async () => {
    const w = await world();
    const before = await ledger(w.seminar.id);
    const notificationsBefore = await db().notification.count({ where: { threadId: w.thread.id } });
    // Another connection starts locking the thread and holds its transaction open.
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("UPDATE threads SET locked_at = now() AT TIME ZONE 'UTC' WHERE id = $1", [w.thread.id]);
      // The reply passes the checks made before writing (the lock is not committed yet) and its
      // statement waits on the thread's row ...
      let settled = false;
      const reply = ask(threadCommentsRoute.POST, w.ana, "POST", `/api/v1/threads/${w.thread.id}/comments`, { id: w.thread.id }, { body: "Just in time?" }).finally(
        () => (settled = true),
      );
      await waitForLockWait(locker, () => settled); // (a reply that does not wait ends this too, and fails below)
      // ... until the lock commits.
      await locker.query("COMMIT");
      const r = await reply;
      expect(r.status, r.text).toBe(409);
      expect(errorOf(r).message).toBe("This thread is locked: it takes no new replies.");
    } finally {
      await locker.end();
    }
    expect((await ledger(w.seminar.id)).lastSeq).toBe(before.lastSeq);
    expect(await db().comment.count({ where: { threadId: w.thread.id, body: "Just in time?" } })).toBe(0);
    expect(await db().notification.count({ where: { threadId: w.thread.id } })).toBe(notificationsBefore);
  });
});

/**
 * Resolves once some backend is blocked by `locker`'s open transaction: here, only the reply
 * statement, waiting for the thread's row. (Watched from a connection of its own: statistics
 * views read inside a transaction are a cached snapshot.)
 */
async function waitForLockWait(locker: pg.Client, stop: () => boolean): Promise<void> {
  const { rows } = await locker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const watcher = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await watcher.connect();
  try {
    while (!stop()) {
      const blocked = await watcher.query("SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))", [rows[0].pid]);
      if (blocked.rowCount) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await watcher.end();
  }
}

describe("prompts", () => {
  it("only instructors post them (students 403); they are marked, pinned, and listed first for their paragraph; students reply", async () => {
    const w = await world();
    const [p1, p2] = await seminarParagraphs(w.instructor.actor, w.seminar.id);
    const url = `/api/v1/seminars/${w.seminar.id}/threads`;
    const refused = await ask(threadsRoute.POST, w.ana, "POST", url, { id: w.seminar.id }, { paragraphId: p1.id, body: "My own prompt", kind: "prompt" });
    expect(refused.status).toBe(403);
    expect(errorOf(refused).message).toMatch(/instructors can post a prompt/);
    const badKind = await ask(threadsRoute.POST, w.instructor, "POST", url, { id: w.seminar.id }, { paragraphId: p1.id, body: "?", kind: "poll" });
    expect(badKind.status).toBe(400);
    expect(errorOf(badKind).message).toContain("kind");

    // Later threads on paragraph 1: Ben's discussion, then the instructor's prompt, then a pinned one.
    const later = await buildThread(w.ben.actor, w.seminar.id, { paragraphId: p1.id, body: "Ben's thread, later" });
    const posted = await ask(threadsRoute.POST, w.instructor, "POST", url, { id: w.seminar.id }, { paragraphId: p1.id, body: "What does the author assume here?", kind: "prompt" });
    expect(posted.status, posted.text).toBe(201);
    const prompt = posted.body as ThreadView;
    expect(prompt).toMatchObject({ kind: "prompt", pinned: true, locked: false, createdBy: { role: "instructor" } });
    const onP2 = await buildThread(w.ana.actor, w.seminar.id, { paragraphId: p2.id, body: "On paragraph 2" });
    await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${later.id}`, { id: later.id }, { pinned: true });
    const unpin = await ask(threadRoute.PATCH, w.instructor, "PATCH", `/api/v1/threads/${prompt.id}`, { id: prompt.id }, { pinned: false });
    expect(unpin.status).toBe(409);

    const reply = await ask(threadCommentsRoute.POST, w.ana, "POST", `/api/v1/threads/${prompt.id}/comments`, { id: prompt.id }, { body: "That trade follows the flag." });
    expect(reply.status, reply.text).toBe(201);

    for (const who of [w.ana, w.instructor]) {
      const list = await ask(threadsRoute.GET, who, "GET", url, { id: w.seminar.id });
      const threads = (list.body as { threads: ThreadView[] }).threads;
      expect(threads.map((t) => t.id)).toEqual([prompt.id, later.id, w.thread.id, onP2.id]);
      expect(threads.map((t) => [t.kind, t.pinned])).toEqual([
        ["prompt", true],
        ["discussion", true],
        ["discussion", false],
        ["discussion", false],
      ]);
    }
  });
});

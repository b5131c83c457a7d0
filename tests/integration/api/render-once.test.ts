// Render once (issue 11, item 1): a comment's HTML is rendered when it is written or edited and
// stored in comments.html; reads send the stored html and never render. Its Markdown travels
// only to its author (lists, GETs, the author's own responses) and on request, through
// GET /api/v1/comments/:id/source. Rows from before the column (html NULL) are rendered by the
// migrate path, or by the first read that meets one, and stored.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as threadsRoute from "@/app/api/v1/seminars/[id]/threads/route";
import * as eventsRoute from "@/app/api/v1/seminars/[id]/events/route";
import * as commentRoute from "@/app/api/v1/comments/[id]/route";
import * as sourceRoute from "@/app/api/v1/comments/[id]/source/route";
import * as hiddenRoute from "@/app/api/v1/comments/[id]/hidden/route";
import { db } from "@/lib/db/client";
import { renderMissingCommentHtml } from "@/lib/db/post-migrate";
import { deployMigrations } from "@/lib/db/migrations";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { COMMENT_DELETED, COMMENT_NOT_FOUND } from "@/lib/domain/threads/service";
import type { CommentView, ThreadView } from "@/lib/domain/threads/present";
import type { DiscussionEvent } from "@/lib/realtime/events";
import { renderMarkdown } from "@/lib/markdown/render";
import { buildClass, buildComment, buildThread, buildUser, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type Handler } from "../../helpers/http";

beforeEach(() => resetWriteLimits());

async function ask(handler: Handler, who: BuiltUser, method: string, path: string, params: Record<string, string>, json?: unknown) {
  return call(handler, { method, url: path, params, json, auth: { cookie: await sessionCookie(who.user) } });
}

const listFor = async (who: BuiltUser, seminarId: string) => {
  const r = await ask(threadsRoute.GET, who, "GET", `/api/v1/seminars/${seminarId}/threads`, { id: seminarId });
  expect(r.status, r.text).toBe(200);
  return { threads: (r.body as { threads: ThreadView[] }).threads, text: r.text };
};
const commentIn = (threads: ThreadView[], id: string): CommentView => {
  const found = threads.flatMap((t) => t.comments).find((c) => c.id === id);
  if (!found) throw new Error(`comment ${id} not listed`);
  return found;
};
const source = (who: BuiltUser, id: string) => ask(sourceRoute.GET, who, "GET", `/api/v1/comments/${id}/source`, { id });
const storedHtml = async (id: string) => (await db().comment.findUniqueOrThrow({ where: { id }, select: { html: true } })).html;

describe("a comment's html is rendered when written and stored", () => {
  it("stores the rendering of the body when a thread is started, a reply written and a comment edited", async () => {
    const { seminar, students } = await buildClass(["Ana"]);
    const [ana] = students;
    const opening = "An **opening** with `code`";
    const thread = await buildThread(ana.actor, seminar.id, { body: opening });
    const reply = await buildComment(ana.actor, thread.id, "A _reply_ <script>x</script>");
    expect(await storedHtml(thread.comments[0].id)).toBe(renderMarkdown(opening));
    expect(await storedHtml(reply.id)).toBe(renderMarkdown("A _reply_ <script>x</script>"));
    expect(reply.html).toBe(await storedHtml(reply.id));

    const r = await ask(commentRoute.PATCH, ana, "PATCH", `/api/v1/comments/${reply.id}`, { id: reply.id }, { body: "Edited to a [link](https://example.org)" });
    expect(r.status, r.text).toBe(200);
    expect(await storedHtml(reply.id)).toBe(renderMarkdown("Edited to a [link](https://example.org)"));
    expect((r.body as CommentView).html).toBe(await storedHtml(reply.id));
  });

  it("reads send the stored html verbatim, without rendering the body again", async () => {
    const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
    const [ana, ben] = students;
    const thread = await buildThread(ana.actor, seminar.id, { body: "Plain *body*" });
    const reply = await buildComment(ben.actor, thread.id, "Reply *body*");
    // A marker no renderer would make from these bodies: whatever is sent must come from the column.
    const marker = (id: string) => `<p data-marker="${id}">stored, not rendered</p>\n`;
    await db().$executeRaw`UPDATE comments SET html = '<p data-marker="' || id || '">stored, not rendered</p>' || chr(10) WHERE id IN (${thread.comments[0].id}, ${reply.id})`;

    for (const who of [ana, ben, instructor]) {
      const { threads } = await listFor(who, seminar.id);
      expect(commentIn(threads, thread.comments[0].id).html).toBe(marker(thread.comments[0].id));
      expect(commentIn(threads, reply.id).html).toBe(marker(reply.id));
    }
    const replay = await ask(eventsRoute.GET, ben, "GET", `/api/v1/seminars/${seminar.id}/events?after=0`, { id: seminar.id });
    const created = (replay.body as { events: DiscussionEvent[] }).events.find((e) => e.type === "comment:created");
    expect(created).toMatchObject({ comment: { id: reply.id, html: marker(reply.id) } });
  });

  it("a row without html (written before the column) is rendered by the first read and stored", async () => {
    const { seminar, students } = await buildClass(["Ana"]);
    const [ana] = students;
    const thread = await buildThread(ana.actor, seminar.id, { body: "Old **row**" });
    const id = thread.comments[0].id;
    await db().$executeRaw`UPDATE comments SET html = NULL WHERE id = ${id}`;
    const { threads } = await listFor(ana, seminar.id);
    expect(commentIn(threads, id).html).toBe(renderMarkdown("Old **row**"));
    expect(await storedHtml(id)).toBe(renderMarkdown("Old **row**"));
  });

  it("the migrate path renders every row still without html, in batches, and leaves rendered rows alone", async () => {
    const { seminar, students } = await buildClass(["Ana"]);
    const [ana] = students;
    const thread = await buildThread(ana.actor, seminar.id, { body: "Backfill 0 *one*" });
    const replies = [];
    for (let i = 1; i <= 4; i++) replies.push(await buildComment(ana.actor, thread.id, `Backfill ${i} **${randomUUID().slice(0, 4)}**`));
    const ids = [thread.comments[0].id, ...replies.map((r) => r.id)];
    const kept = await buildComment(ana.actor, thread.id, "Already rendered");
    await db().$executeRaw`UPDATE comments SET html = NULL WHERE id = ANY(${ids}::text[])`;
    await db().$executeRaw`UPDATE comments SET html = '<p>kept as stored</p>' WHERE id = ${kept.id}`;

    const rendered = await renderMissingCommentHtml(process.env.DATABASE_URL!, 2);
    expect(rendered).toBeGreaterThanOrEqual(ids.length);
    const rows = await db().comment.findMany({ where: { id: { in: ids } }, select: { body: true, html: true } });
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) expect(r.html).toBe(renderMarkdown(r.body));
    expect(await storedHtml(kept.id)).toBe("<p>kept as stored</p>");
    // Nothing left to do: a second run (every later start) finds no row of these.
    expect(await db().comment.count({ where: { id: { in: ids }, html: null } })).toBe(0);
  });

  it("deploying the migrations (every server start, npm run db:deploy) runs that backfill", async () => {
    const { seminar, students } = await buildClass(["Ana"]);
    const thread = await buildThread(students[0].actor, seminar.id, { body: "Rendered at *deploy*" });
    const id = thread.comments[0].id;
    await db().$executeRaw`UPDATE comments SET html = NULL WHERE id = ${id}`;
    expect(await deployMigrations(process.env.DATABASE_URL!)).toEqual([]); // nothing pending: the data step still runs
    expect(await storedHtml(id)).toBe(renderMarkdown("Rendered at *deploy*"));
  });
});

describe("a comment's Markdown goes only to its author, and on request", () => {
  it("the author's own list carries body; other members' lists and replays carry html only", async () => {
    const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
    const [ana, ben] = students;
    const md = `Ana's *markdown* ${randomUUID()}`;
    const thread = await buildThread(ana.actor, seminar.id, { body: md });
    const id = thread.comments[0].id;
    // The author's own response to the write carries it too.
    expect(thread.comments[0]).toMatchObject({ body: md, html: renderMarkdown(md) });

    const mine = await listFor(ana, seminar.id);
    expect(commentIn(mine.threads, id)).toMatchObject({ body: md, html: renderMarkdown(md) });
    for (const other of [ben, instructor]) {
      const theirs = await listFor(other, seminar.id);
      expect(commentIn(theirs.threads, id)).toMatchObject({ body: null, html: renderMarkdown(md) });
      expect(theirs.text).not.toContain(md);
      const replay = await ask(eventsRoute.GET, other, "GET", `/api/v1/seminars/${seminar.id}/events?after=0`, { id: seminar.id });
      expect(replay.text).not.toContain(md);
    }
    const ownReplay = await ask(eventsRoute.GET, ana, "GET", `/api/v1/seminars/${seminar.id}/events?after=0`, { id: seminar.id });
    expect(ownReplay.text).toContain(JSON.stringify(md));
  });

  it("GET /comments/:id/source: any member who may see the comment gets { id, body }; outsiders, students of a hidden one and deleted ones get 404", async () => {
    const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
    const [ana, ben] = students;
    const outsider = await buildUser({ name: `Olive Outsider ${randomUUID().slice(0, 6)}` });
    const md = "Source **of** the comment";
    const thread = await buildThread(ana.actor, seminar.id, { body: "Opening" });
    const reply = await buildComment(ana.actor, thread.id, md);

    for (const who of [ana, ben, instructor]) {
      const r = await source(who, reply.id);
      expect(r.status, r.text).toBe(200);
      expect(r.body).toEqual({ id: reply.id, body: md });
    }
    const out = await source(outsider, reply.id);
    expect(out.status).toBe(404);
    expect(out.text).not.toContain(md);
    expect((await source(ana, "no-such-comment")).status).toBe(404);

    const hide = await ask(hiddenRoute.POST, instructor, "POST", `/api/v1/comments/${reply.id}/hidden`, { id: reply.id }, {});
    expect(hide.status, hide.text).toBe(200);
    for (const student of [ana, ben]) {
      const r = await source(student, reply.id);
      expect(r.status).toBe(404);
      expect(errorOf(r).message).toBe(COMMENT_NOT_FOUND);
    }
    expect((await source(instructor, reply.id)).body).toEqual({ id: reply.id, body: md });

    const opening = thread.comments[0].id;
    const del = await ask(commentRoute.DELETE, ana, "DELETE", `/api/v1/comments/${opening}`, { id: opening });
    expect(del.status).toBe(204);
    for (const who of [ana, instructor]) {
      const r = await source(who, opening);
      expect(r.status).toBe(404);
      expect(errorOf(r).message).toBe(COMMENT_DELETED);
    }
  });
});

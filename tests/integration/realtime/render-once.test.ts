// A comment travels once over the sockets: broadcasts carry its stored html and never its
// Markdown, not even to its author's own sockets (they are presented per role, for nobody in
// particular); the author gets the Markdown in their own response to the write.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { addComment, editComment, setReaction } from "@/lib/domain/threads/service";
import { renderMarkdown } from "@/lib/markdown/render";
import { buildClass, buildThread } from "../../helpers/factories";
import { discussion, drain, joined, startRealtimeServer, waitForSeq } from "../../helpers/realtime";

const { connectAs } = startRealtimeServer();

beforeEach(() => resetWriteLimits());

describe("broadcasts carry html, never the Markdown", () => {
  it("thread:created, comment:created, comment:updated and reaction:changed reach every member, the author included, with body null", async () => {
    const { instructor, seminar, students } = await buildClass(["Ana", "Ben"]);
    const [ana, ben] = students;
    const [t, a, b] = [await connectAs(instructor), await connectAs(ana), await connectAs(ben)];
    const n = (await joined(t, seminar.id)).seq;
    await joined(a, seminar.id);
    await joined(b, seminar.id);

    const opening = `Opening **md** ${randomUUID()}`;
    const replyMd = `Reply _md_ ${randomUUID()}`;
    const editedMd = `Edited ~md~ [x](https://example.org) ${randomUUID()}`;
    const thread = await buildThread(ana.actor, seminar.id, { body: opening });
    const { comment } = await addComment(ana.actor, thread.id, { body: replyMd });
    // The author's own answers carry the Markdown (for the editor).
    expect(comment).toMatchObject({ body: replyMd, html: renderMarkdown(replyMd) });
    const edited = await editComment(ana.actor, comment.id, { body: editedMd });
    expect(edited).toMatchObject({ body: editedMd, html: renderMarkdown(editedMd) });
    await setReaction(ben.actor, comment.id, "agree", true);

    for (const c of [t, a, b]) {
      const last = await waitForSeq(c, n + 4);
      expect(last.type).toBe("reaction:changed");
      await drain(c);
      const events = discussion(c).filter((e) => e.seq > n);
      expect(events.map((e) => e.type)).toEqual(["thread:created", "comment:created", "comment:updated", "reaction:changed"]);
      const [created, replied, updated, reacted] = events;
      if (created.type !== "thread:created" || replied.type !== "comment:created" || updated.type !== "comment:updated" || reacted.type !== "reaction:changed") {
        throw new Error("wrong types");
      }
      expect(created.thread.comments[0]).toMatchObject({ body: null, html: renderMarkdown(opening) });
      expect(replied.comment).toMatchObject({ body: null, html: renderMarkdown(replyMd) });
      expect(updated.comment).toMatchObject({ body: null, html: renderMarkdown(editedMd) });
      expect(reacted.comment).toMatchObject({ body: null, html: renderMarkdown(editedMd) });
      // Searched in the raw text: no Markdown source reached this socket in any form.
      for (const md of [opening, replyMd, editedMd]) expect(c.raw()).not.toContain(md);
    }
  });
});

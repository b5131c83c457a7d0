// Issue 12: "exports leave out endorsements, pins and locks". Every format now carries them:
// the thread's pin and lock with its state, the endorsing instructor with the comment.
import { describe, expect, it } from "vitest";
import { commentCells, COMMENT_COLUMNS } from "@/lib/domain/exports/csv";
import { htmlTranscript } from "@/lib/domain/exports/html";
import { annotation } from "@/lib/domain/exports/jsonld";
import { markdownTranscript } from "@/lib/domain/exports/markdown";
import { comment, header, rows, text } from "./fixtures";

const ines = { key: "m9", name: "Ines Teacher", email: null, role: "instructor" as const };
const first = comment({ threadPinned: true, threadLocked: true, threadResolved: true });
const reply = comment({ id: "c2", replyToId: "c1", threadPinned: true, threadLocked: true, threadResolved: true, endorsedBy: ines, endorsedAt: new Date("2026-01-01T11:00:00.000Z") });

describe("exports carry endorsements, pins and locks", () => {
  it("Markdown: the thread heading says resolved, pinned, locked; the comment says who endorsed it", async () => {
    const md = await text(markdownTranscript(header(), rows([first, reply])));
    expect(md).toContain("### Thread 1 (resolved, pinned, locked)");
    expect(md).toMatch(/- \*\*Sam Student\*\* · 2026-01-01 10:00 UTC · reply · \*\*endorsed by Ines Teacher\*\*/);
    // In time order there is no thread heading: the first comment carries the thread's flags.
    const byTime = await text(markdownTranscript(header({ order: "time" }), rows([first, reply])));
    expect(byTime).toContain("started the thread · pinned · locked");
  });

  it("HTML: the same, escaped, in the thread heading and the comment's head", async () => {
    const html = await text(htmlTranscript(header(), rows([first, comment({ ...reply, endorsedBy: { ...ines, name: "<Ines>" } })])));
    expect(html).toContain("Thread 1 · <span class=\"resolved\">resolved</span> · pinned · locked</h3>");
    expect(html).toContain('<strong class="endorsed">endorsed by &lt;Ines&gt;</strong>');
  });

  it("CSV: four more columns at the end, so existing columns keep their places", () => {
    expect(COMMENT_COLUMNS.slice(-5)).toEqual(["thread_resolved", "thread_pinned", "thread_locked", "endorsed_by", "endorsed_at"]);
    expect(commentCells(reply).slice(-4)).toEqual([true, true, "Ines Teacher", "2026-01-01T11:00:00Z"]);
    expect(commentCells(comment()).slice(-4)).toEqual([false, false, null, null]);
  });

  it("JSON-LD: colloquy:pinned, colloquy:locked and colloquy:endorsedBy only where they hold", () => {
    const a = annotation(header(), reply);
    expect(a).toMatchObject({
      "colloquy:pinned": true,
      "colloquy:locked": true,
      "colloquy:endorsedBy": { id: "http://localhost:3000/seminars/s1#member-m9", type: "Person", name: "Ines Teacher" },
      "colloquy:endorsedAt": "2026-01-01T11:00:00Z",
    });
    const plain = annotation(header(), comment());
    expect(Object.keys(plain).filter((k) => /pinned|locked|endorsed/.test(k))).toEqual([]);
  });
});

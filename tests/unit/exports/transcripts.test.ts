import { describe, expect, it } from "vitest";
import { htmlTranscript } from "@/lib/domain/exports/html";
import { markdownTranscript, mdText } from "@/lib/domain/exports/markdown";
import { exportFilename } from "@/lib/domain/exports/files";
import { exportHref, exportQuery } from "@/lib/domain/exports/schema";
import { comment, header, rows, text } from "./fixtures";

const nasty = comment({ body: '<script>alert(1)</script> <img src="http://evil.example/x.png"> ![x](http://evil.example/y.png) [ok](https://example.org)' });

describe("the Markdown transcript", () => {
  it("holds no raw HTML: a '<' in any text is escaped", async () => {
    const out = await text(markdownTranscript(header(), rows([nasty])));
    expect(out).not.toMatch(/(^|[^\\])<(script|img|seminar)/i);
    expect(out).toContain("# Unit \\<Seminar>: discussion transcript");
  });

  it("keeps a multi-line body inside its list item", async () => {
    const out = await text(markdownTranscript(header(), rows([comment({ body: "line one\n\n# not a heading of the transcript\nline three" })])));
    expect(out).toContain("  line one\n\n  # not a heading of the transcript\n  line three");
  });

  it("says when a student's export holds only their own comments", async () => {
    const out = await text(markdownTranscript(header({ scope: "own", viewerRole: "student" }), rows([comment()])));
    expect(out).toContain("only your own comments");
  });

  it("in time order, gives each comment its paragraph number", async () => {
    const out = await text(markdownTranscript(header({ order: "time" }), rows([comment({ paragraph: { id: "p7", number: 7, heading: null, text: "x" } })])));
    expect(out).toContain("¶ 7");
    expect(out).not.toContain("## Paragraph 7");
  });

  it("escapes Markdown syntax in plain text", () => {
    expect(mdText("*a* _b_ [c] #d <e>")).toBe("\\*a\\* \\_b\\_ \\[c\\] \\#d \\<e>");
  });
});

describe("the HTML transcript", () => {
  it("is self-contained: no script, no external resource, the body sanitised", async () => {
    const out = await text(htmlTranscript(header(), rows([nasty])));
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<img|<link|<iframe|@import|url\(/i);
    expect(out).not.toMatch(/<[^>]*\ssrc=/i);
    expect(out).toContain("&lt;script&gt;");
    expect(out).toContain('<a href="https://example.org"');
    expect(out).toContain("<title>Unit &lt;Seminar&gt;: discussion transcript</title>");
    expect(out).toContain("break-inside: avoid");
    expect(out).toContain("counter(page)");
    expect(out).toContain('a[href]::after { content: " (" attr(href) ")"');
  });

  it("marks hidden comments for instructors and shows deleted ones as [deleted]", async () => {
    const out = await text(htmlTranscript(header(), rows([comment({ hidden: true }), comment({ id: "c2", replyToId: "c1", deleted: true, body: null })])));
    expect(out).toContain("[hidden by instructor]");
    expect(out).toContain('<p class="deleted">[deleted]</p>');
  });

  it("closes every section it opens, across paragraphs and threads", async () => {
    const out = await text(
      htmlTranscript(
        header(),
        rows([comment(), comment({ id: "c2", threadId: "t2" }), comment({ id: "c3", threadId: "t3", paragraph: { id: "p2", number: 2, heading: "Lead", text: "Two" } })]),
      ),
    );
    const count = (re: RegExp) => (out.match(re) ?? []).length;
    expect(count(/<section/g)).toBe(count(/<\/section>/g));
    expect(count(/<div/g)).toBe(count(/<\/div>/g));
    expect(count(/<article/g)).toBe(3);
  });
});

describe("file names and links", () => {
  it("names the file after the seminar and the date", () => {
    const d = new Date("2026-03-02T23:59:00Z");
    expect(exportFilename("Cold War: Seminar #2", d, "markdown")).toEqual({ ascii: "cold-war-seminar-2-2026-03-02-transcript.md", unicode: "cold-war-seminar-2-2026-03-02-transcript.md" });
    expect(exportFilename("Семинар", d, "participation")).toEqual({ ascii: "seminar-2026-03-02-participation.csv", unicode: "семинар-2026-03-02-participation.csv" });
    expect(exportFilename("Été", d, "jsonld").ascii).toBe("ete-2026-03-02-annotations.jsonld");
  });

  it("builds download links the query schema accepts", () => {
    const href = exportHref("s1", { format: "csv", order: "time", anonymize: true });
    expect(href).toBe("/api/v1/seminars/s1/export?format=csv&order=time&anonymize=true");
    const q = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(exportQuery.parse(q)).toEqual({ format: "csv", order: "time", anonymize: true });
    expect(exportQuery.parse({ format: "html" })).toEqual({ format: "html", order: "paragraph", anonymize: false });
    expect(exportQuery.safeParse({ format: "html", anonymize: "yes" }).success).toBe(false);
  });
});

describe("the golden Markdown transcripts on a common renderer", () => {
  it("render to headings, quotes, lists and emphasis only, even with raw HTML enabled", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const markdownit = (await import("markdown-it")).default;
    const dir = path.resolve(import.meta.dirname, "../../fixtures/exports");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".md"));
    expect(files.length).toBeGreaterThan(2);
    const allowed = new Set(["h1", "h2", "h3", "h4", "ul", "ol", "li", "p", "strong", "em", "blockquote", "code", "pre", "a", "br", "hr"]);
    for (const f of files) {
      const html = markdownit({ html: true }).render(fs.readFileSync(path.join(dir, f), "utf8"));
      const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
      expect([...tags].filter((t) => !allowed.has(t)), f).toEqual([]);
      expect(html, f).toMatch(/<h1>/);
    }
  });
});

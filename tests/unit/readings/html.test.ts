import { describe, expect, it } from "vitest";
import { htmlToText } from "@/lib/domain/readings/html";
import { parseReading } from "@/lib/domain/readings/import";

describe("HTML uploads", () => {
  it("keep only text: paragraphs from block elements, h1 as the title, h2 as the next paragraph's heading", () => {
    const html = `<!doctype html><html><head><title>x</title><style>p{}</style></head><body>
      <h1>On Reading</h1><p>First <em>para</em>graph.</p><h2>Second Part</h2><p>Second &amp; last.</p></body></html>`;
    const parsed = parseReading(htmlToText(html), { format: "markdown" });
    expect(parsed.title).toBe("On Reading");
    expect(parsed.paragraphs.map((p) => [p.heading, p.text])).toEqual([
      [null, "First paragraph."],
      ["Second Part", "Second & last."],
    ]);
  });

  it("drop scripts, styles, event handlers and javascript: links entirely", () => {
    const text = htmlToText(
      `<p onclick="steal()">Safe <a href="javascript:alert(1)">link</a></p><script>alert(1)</script><style>body{}</style><iframe src="x"></iframe><img src=x onerror=alert(1)>`,
    );
    expect(text).toBe("Safe link");
    expect(text).not.toMatch(/alert|steal|javascript|onerror|<|>/);
  });

  it("decode entities once and never let markup through as text", () => {
    expect(htmlToText("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")).toBe("<script>alert(1)</script>");
  });
});

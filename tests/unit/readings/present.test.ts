// Paragraph rows as the API and pages receive them: rows from before kinds and marks existed
// (kind "paragraph", marks NULL) stay valid, and stored marks are checked, never trusted.
import { describe, expect, it } from "vitest";
import { marksOf, presentReading } from "@/lib/domain/readings/present";

const reading = { id: "r", slug: "s", title: "T", author: null, year: null, dateText: null, source: null, sourceNote: null, createdAt: new Date(0), createdById: null };
const row = (over: Record<string, unknown>) => ({ id: "p", readingId: "r", position: 1, heading: null, text: "Hello world", contentHash: "h", kind: "paragraph", ordinal: null, marks: null, ...over });

describe("presentReading paragraphs", () => {
  it("presents an old row (kind default, no marks) as a plain paragraph with marks []", () => {
    const [p] = presentReading({ ...reading, paragraphs: [row({})] } as never).paragraphs;
    expect(p).toMatchObject({ number: 1, anchor: "p-1", text: "Hello world", kind: "paragraph", ordinal: null, marks: [] });
  });

  it("keeps a list item's number and a quote's kind, and an unknown kind reads as a paragraph", () => {
    const ps = presentReading({ ...reading, paragraphs: [row({ kind: "list-item", ordinal: 3 }), row({ id: "q", position: 2, kind: "quote" }), row({ id: "x", position: 3, kind: "table" })] } as never).paragraphs;
    expect(ps.map((p) => [p.kind, p.ordinal])).toEqual([["list-item", 3], ["quote", null], ["paragraph", null]]);
  });
});

describe("marksOf", () => {
  it("keeps well-formed marks and drops malformed ones, links without an href and marks past the text", () => {
    const json = [
      { start: 0, end: 5, type: "strong" },
      { start: 6, end: 11, type: "link", href: "https://example.org" },
      { start: 6, end: 11, type: "link" },
      { start: 3, end: 2, type: "em" },
      { start: 0, end: 99, type: "em" },
      { start: 0, end: 1, type: "script" },
      "nonsense",
      null,
    ];
    expect(marksOf(json, 11)).toEqual([
      { start: 0, end: 5, type: "strong" },
      { start: 6, end: 11, type: "link", href: "https://example.org" },
    ]);
    expect(marksOf(null, 11)).toEqual([]);
    expect(marksOf({ not: "an array" }, 11)).toEqual([]);
  });
});

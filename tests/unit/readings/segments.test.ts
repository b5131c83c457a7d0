// The one function that cuts a paragraph's plain text at formatting marks and discussed passages,
// used by the reading page and the seminar room: joining the pieces always gives the text back.
import { describe, expect, it } from "vitest";
import { segments, type Mark } from "@/lib/domain/readings/segments";

const text = "Reading is never a solitary act.";
const strong: Mark = { type: "strong", start: 11, end: 16 };
const link: Mark = { type: "link", start: 0, end: 16, href: "https://example.org" };

describe("segments", () => {
  it("gives the whole text as one piece when there are no marks and no passages", () => {
    expect(segments(text, null)).toEqual([{ start: 0, end: text.length, text, threadIds: [], marks: [] }]);
    expect(segments("", [])).toEqual([{ start: 0, end: 0, text: "", threadIds: [], marks: [] }]);
  });

  it("cuts at mark boundaries and lists the marks covering each piece, link outermost", () => {
    const pieces = segments(text, [strong, link]);
    expect(pieces.map((s) => [s.text, s.marks.map((m) => m.type)])).toEqual([
      ["Reading is ", ["link"]],
      ["never", ["link", "strong"]],
      [" a solitary act.", []],
    ]);
  });

  it("cuts at passage boundaries too, so a passage can start inside bold text", () => {
    const pieces = segments(text, [strong], [["t1", 13, 27]]);
    expect(pieces.map((s) => [s.text, s.threadIds, s.marks.map((m) => m.type)])).toEqual([
      ["Reading is ", [], []],
      ["ne", [], ["strong"]],
      ["ver", ["t1"], ["strong"]],
      [" a solitary", ["t1"], []],
      [" act.", [], []],
    ]);
  });

  it("always joins back to the text (the DOM's textContent equals the stored text)", () => {
    const pieces = segments(text, [strong, link, { type: "em", start: 2, end: 30 }], [["a", 0, 5], ["b", 3, 20]]);
    expect(pieces.map((s) => s.text).join("")).toBe(text);
    expect(pieces.every((s, i) => i === 0 || s.start === pieces[i - 1].end)).toBe(true);
  });

  it("ignores marks and passages that do not fit the text rather than trusting them", () => {
    const bad = [{ type: "em", start: 5, end: 500 }, { type: "strong", start: 4, end: 4 }, { type: "blink", start: 0, end: 3 }] as unknown as Mark[];
    expect(segments(text, bad, [["x", -1, 3], ["y", 10, 5]])).toEqual([{ start: 0, end: text.length, text, threadIds: [], marks: [] }]);
  });
});

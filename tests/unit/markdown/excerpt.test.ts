// The one excerpt helper (notifications, moderation queue, dashboard): markdown-it's tokens to
// one line of plain text, cut at a word.
import { describe, expect, it } from "vitest";
import { excerpt } from "@/lib/markdown/excerpt";

describe("excerpt", () => {
  it("keeps the words of emphasis, links, code, quotes, lists and headings and drops their markup", () => {
    expect(excerpt("# Heading\n\n> quoted *text* and [a link](https://example.org)\n\n- item `code`\n- **two**", 200)).toBe("Heading quoted text and a link item code two");
  });

  it("keeps @mentions and literal characters that are not markup (a lone *, 2*3, snake_case)", () => {
    expect(excerpt("Ask @ann.lee: is 2*3 = 6 in snake_case?", 200)).toBe("Ask @ann.lee: is 2*3 = 6 in snake_case?");
  });

  it("leaves out fenced code and keeps escaped markup as the characters it stands for", () => {
    expect(excerpt("Before\n\n```\nconst x = 1;\n```\n\nafter \\*not italic\\*", 200)).toBe("Before after *not italic*");
  });

  it("is never longer than max, ellipsis included, and cuts at a word without trailing punctuation", () => {
    const out = excerpt("Word, ".repeat(60), 40);
    expect(out.length).toBeLessThanOrEqual(40);
    expect(out).toMatch(/Word…$/);
  });
});

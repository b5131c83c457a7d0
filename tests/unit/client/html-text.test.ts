import { describe, expect, it } from "vitest";
import { htmlText } from "@/lib/client/html-text";
import { renderMarkdown } from "@/lib/markdown/render";

describe("the text of a comment's html", () => {
  it("is what the rendered Markdown shows: tags gone, the renderer's entities decoded", () => {
    expect(htmlText(renderMarkdown("Is **this** <b>bold</b> & \"quoted\"?")).trim()).toBe('Is this <b>bold</b> & "quoted"?');
    expect(htmlText(renderMarkdown("A [link](https://example.org) and @ada")).trim()).toBe("A link and @ada");
  });

  it("tells a question by its last character, as the room does", () => {
    expect(htmlText(renderMarkdown("Why *here*?")).trim().endsWith("?")).toBe(true);
    expect(htmlText(renderMarkdown("Because.")).trim().endsWith("?")).toBe(false);
  });

  it("is empty for a deleted comment, and leaves an unknown or out-of-range entity as written", () => {
    expect(htmlText(null)).toBe("");
    expect(htmlText("<p>&bogus; &#99999999;</p>")).toBe("&bogus; &#99999999;");
    expect(htmlText("<p>&#x41;&#66;</p>")).toBe("AB");
  });
});

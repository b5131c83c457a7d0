import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { MAX_PARAGRAPH_CHARS, paragraphHash, parseReading } from "@/lib/domain/readings/import";
import type { Mark } from "@/lib/domain/readings/segments";

const SAMPLE_PATH = path.resolve(
  import.meta.dirname,
  "../../../content/readings/deutscher-1952-stalins-stake-in-maos-army.txt",
);
const sample = () => readFileSync(SAMPLE_PATH, "utf8");

const NO_METADATA = { title: null, author: null, year: null, source: null, sourceNote: null };

describe("parseReading: the Deutscher sample", () => {
  const r = parseReading(sample());

  it("reads title, author, year, source and source note from the opening lines", () => {
    expect(r.title).toBe("Stalin’s Stake in Mao’s Army");
    expect(r.author).toBe("Isaac Deutscher");
    expect(r.year).toBe(1952);
    expect(r.source).toBe("The Reporter, 13 May 1952");
    expect(r.sourceNote).toBe("Scanned and prepared for the Marxist Internet Archive by Paul Flewers.");
  });

  it("gives exactly 20 paragraphs numbered 1..20", () => {
    expect(r.paragraphs).toHaveLength(20);
    expect(r.paragraphs.map((p) => p.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("finds exactly the five run-in headings, in order, with their characters kept", () => {
    const headed = r.paragraphs.filter((p) => p.heading !== null);
    expect(headed.map((p) => p.heading)).toEqual([
      "Economic Build-Up",
      "Military Integration",
      "Recon Operation",
      "Where the Jets Come From",
      "After You, My Dear Mao’",
    ]);
    expect(headed.map((p) => p.position)).toEqual([5, 8, 10, 14, 18]);
    expect(headed[0].text.startsWith("There are many aspects of this new dependence.")).toBe(true);
    expect(headed[4].text.startsWith("On the other hand, Stalin")).toBe(true);
  });

  it("starts with the first body paragraph and ends with the last", () => {
    expect(r.paragraphs[0].text.startsWith("The integration of Russian and Chinese power")).toBe(true);
    expect(r.paragraphs[19].text.endsWith("spoil the game?")).toBe(true);
  });

  it("does not take mid-paragraph colons (“To give only one instance:”, “In this connection, …:”) as headings", () => {
    const p7 = r.paragraphs[6];
    expect(p7.heading).toBeNull();
    expect(p7.text).toContain("To give only one instance: we are told");
    expect(r.paragraphs[17].text).toContain("In this connection, the following incident is noteworthy: the");
  });

  it("keeps non-ASCII letters and curly quotes intact", () => {
    expect(r.paragraphs[10].text).toContain("Vasili K Blücher");
    expect(r.paragraphs[13].text).toContain("obsolescent matériel");
    expect(r.paragraphs[8].text).toContain("his ‘volunteers’.");
  });

  it("hashes every paragraph as sha256 hex of heading + newline + text", () => {
    for (const p of r.paragraphs) {
      expect(p.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(p.contentHash).toBe(paragraphHash(p.heading, p.text));
    }
    expect(new Set(r.paragraphs.map((p) => p.contentHash)).size).toBe(20);
  });
});

describe("parseReading: normalisation", () => {
  it("gives the same result for CRLF and CR line endings as for LF", () => {
    const lf = parseReading(sample());
    expect(parseReading(sample().replace(/\n/g, "\r\n"))).toEqual(lf);
    expect(parseReading(sample().replace(/\n/g, "\r"))).toEqual(lf);
  });

  it("ignores trailing spaces and tabs on lines", () => {
    const lf = parseReading(sample());
    expect(parseReading(sample().replace(/\n/g, "  \t\n"))).toEqual(lf);
  });

  it("strips a leading byte-order mark", () => {
    expect(parseReading("\uFEFF" + sample())).toEqual(parseReading(sample()));
  });

  it("NFC-normalises decomposed characters", () => {
    const r = parseReading("First paragraph.\n\nMarshal Blu\u0308cher was there.");
    expect(r.paragraphs[1].text).toBe("Marshal Bl\u00FCcher was there.");
  });

  it("joins soft-wrapped lines with one space and collapses runs of whitespace", () => {
    const r = parseReading("One line\n  wrapped   here,\tand\nthere.\n\nSecond paragraph.");
    expect(r.paragraphs.map((p) => p.text)).toEqual(["One line wrapped here, and there.", "Second paragraph."]);
  });

  it("keeps non-breaking spaces inside text as they are", () => {
    const r = parseReading("First paragraph.\n\nOn 13\u00A0May 1952 it\u00A0\u00A0appeared.");
    expect(r.paragraphs[1].text).toBe("On 13\u00A0May 1952 it\u00A0\u00A0appeared.");
  });

  it("treats lines of only spaces, tabs or non-breaking spaces as paragraph breaks", () => {
    const r = parseReading("First paragraph.\n \t\u00A0\nSecond paragraph.");
    expect(r.paragraphs.map((p) => p.text)).toEqual(["First paragraph.", "Second paragraph."]);
  });
});

describe("parseReading: edge-case inputs", () => {
  it("returns no paragraphs and null metadata for an empty file", () => {
    expect(parseReading("")).toEqual({ ...NO_METADATA, paragraphs: [], warnings: [] });
  });

  it("returns no paragraphs and null metadata for a whitespace-only file", () => {
    expect(parseReading("  \n\t\r\n \u00A0\n\n")).toEqual({ ...NO_METADATA, paragraphs: [], warnings: [] });
    expect(parseReading("\uFEFF")).toEqual({ ...NO_METADATA, paragraphs: [], warnings: [] });
  });

  it("treats each line as a paragraph when the file has no blank line at all", () => {
    const r = parseReading("First line is a sentence.\nSecond line too.\nThird and last.\n");
    expect(r.paragraphs.map((p) => [p.position, p.text])).toEqual([
      [1, "First line is a sentence."],
      [2, "Second line too."],
      [3, "Third and last."],
    ]);
    expect(r.title).toBeNull();
  });

  it("still reads metadata lines at the top of a one-paragraph-per-line file", () => {
    const r = parseReading("Isaac Deutscher 1952\nA Title Line\nThe first paragraph.\nThe second one.");
    expect(r.author).toBe("Isaac Deutscher");
    expect(r.year).toBe(1952);
    expect(r.title).toBe("A Title Line");
    expect(r.paragraphs.map((p) => p.text)).toEqual(["The first paragraph.", "The second one."]);
  });

  it("never consumes the whole document as metadata", () => {
    const r = parseReading("Just A Short Line");
    expect(r.title).toBeNull();
    expect(r.paragraphs.map((p) => p.text)).toEqual(["Just A Short Line"]);

    const two = parseReading("A Title\n\nAnother Short Line");
    expect(two.title).toBe("A Title");
    expect(two.paragraphs.map((p) => p.text)).toEqual(["Another Short Line"]);
  });

  it("reads each metadata field once and starts the body at the first block that would repeat one", () => {
    const r = parseReading(
      ["Title: T", "Author: A", "Year: 1917", "Source: S", "Some Short Title", "Another Short Line", "Body."].join("\n\n"),
    );
    expect(r).toMatchObject({ title: "T", author: "A", year: 1917, source: "S", sourceNote: null });
    // the fifth block is a title candidate but the title is already set, so it starts the body
    expect(r.paragraphs.map((p) => p.text)).toEqual(["Some Short Title", "Another Short Line", "Body."]);
  });

  it("reads labelled Author:, Title:, Date: lines and a Source: line without a note", () => {
    const r = parseReading(
      "Title: What Next?\n\nAuthor: Leon Trotsky\n\nDate: January 1932\n\nSource: Pioneer Publishers\n\nBody text here.",
    );
    expect(r).toMatchObject({
      title: "What Next?",
      author: "Leon Trotsky",
      year: 1932,
      source: "Pioneer Publishers",
      sourceNote: null,
    });
    expect(r.paragraphs).toHaveLength(1);
  });

  it("splits a source at the first sentence end after its date, not at an abbreviation before it", () => {
    const r = parseReading("Source: Fourth International, Vol. 12 No. 3, May 1951. Transcribed by X.\n\nBody.");
    expect(r.source).toBe("Fourth International, Vol. 12 No. 3, May 1951");
    expect(r.sourceNote).toBe("Transcribed by X.");
  });

  it("stops reading metadata at the first sentence-like block", () => {
    const r = parseReading("This opening line ends with a period.\n\nA Short Line\n\nMore.");
    expect(r.title).toBeNull();
    expect(r.paragraphs).toHaveLength(3);
  });
});

describe("parseReading: over-long paragraphs", () => {
  it("splits a 100k-character paragraph at sentence ends into pieces within MAX_PARAGRAPH_CHARS, losing no text", () => {
    const sentences: string[] = [];
    for (let i = 0; sentences.join(" ").length < 100_000; i++) {
      sentences.push(`Sentence number ${i} of a very long paragraph keeps going for a while.`);
    }
    const long = sentences.join(" ");
    const r = parseReading(`Opening paragraph.\n\n${long}\n\nClosing paragraph.`);

    const pieces = r.paragraphs.slice(1, -1);
    expect(pieces.length).toBeGreaterThanOrEqual(Math.ceil(long.length / MAX_PARAGRAPH_CHARS));
    for (const p of pieces) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
      expect(p.text.endsWith(".")).toBe(true);
      expect(p.heading).toBeNull();
    }
    expect(pieces.map((p) => p.text).join(" ")).toBe(long);
    expect(r.paragraphs.map((p) => p.position)).toEqual(r.paragraphs.map((_, i) => i + 1));
    expect(r.paragraphs.at(-1)?.text).toBe("Closing paragraph.");
  });

  it("keeps a run-in heading on the first piece only", () => {
    const long = "Word ".repeat(30_000).trim() + ".";
    const r = parseReading(`Opening paragraph.\n\nLong Section: ${long}`);
    expect(r.paragraphs[1].heading).toBe("Long Section");
    expect(r.paragraphs.slice(2).every((p) => p.heading === null)).toBe(true);
    expect(r.paragraphs.slice(1).map((p) => p.text).join(" ")).toBe(long);
  });

  it("splits unspaced Chinese text after 。 without losing characters", () => {
    const long = "这是一个很长的句子，用来测试分段。".repeat(7_000);
    const r = parseReading(`开头。\n\n${long}`);
    const pieces = r.paragraphs.slice(1);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
      expect(p.text.endsWith("。")).toBe(true);
    }
    expect(pieces.map((p) => p.text).join("")).toBe(long);
  });
});

describe("parseReading: non-Latin text", () => {
  it("keeps Chinese, Russian and Arabic paragraphs intact", () => {
    const zh = "斯大林在毛的军队中的利害关系。俄国和中国力量的整合仍处于初始阶段。";
    const ru = "Интеграция русской и китайской мощи всё ещё находится на начальной стадии.";
    const ar = "لا يزال تكامل القوة الروسية والصينية في مراحله الأولى.";
    const r = parseReading([zh, ru, ar].join("\n\n"));
    expect(r.paragraphs.map((p) => p.text)).toEqual([zh, ru, ar]);
    expect(r.paragraphs.every((p) => p.heading === null)).toBe(true);
  });

  it("never turns a Chinese paragraph with a full-width or ASCII colon into a heading", () => {
    const fullWidth = "经济建设：这种新的依赖有许多方面。";
    const ascii = "经济建设: 这种新的依赖有许多方面。";
    const mixed = "Mao Zedong说: 这种新的依赖有许多方面。";
    const r = parseReading(["开头。", fullWidth, ascii, mixed].join("\n\n"));
    expect(r.paragraphs.slice(1).map((p) => [p.heading, p.text])).toEqual([
      [null, fullWidth],
      [null, ascii],
      [null, mixed],
    ]);
  });
});

describe("parseReading: run-in headings", () => {
  const body = (paragraph: string) => parseReading(`Opening paragraph.\n\n${paragraph}`).paragraphs[1];

  it("does not split “He said: …” into a heading", () => {
    expect(body("He said: the war would be long.")).toMatchObject({
      heading: null,
      text: "He said: the war would be long.",
    });
  });

  it("does not split a clause that is too long or not in title case", () => {
    const p = "In this connection, the following incident is noteworthy: the party refused.";
    expect(body(p)).toMatchObject({ heading: null, text: p });
    expect(body("Note that: lowercase words disqualify.").heading).toBeNull();
  });

  it("does not split a paragraph that is only “Heading:”", () => {
    expect(body("Heading:")).toMatchObject({ heading: null, text: "Heading:" });
  });

  it("does not split at a colon without a following space, such as a time", () => {
    expect(body("At 10:30 the meeting began.").heading).toBeNull();
  });

  it("does not split when the part before the colon contains sentence punctuation", () => {
    expect(body("It ended. Then Came This: more text.").heading).toBeNull();
  });

  it("splits a title-case lead-in and keeps short function words lowercase", () => {
    expect(body("Where the Jets Come From: The lesson is clear.")).toMatchObject({
      heading: "Where the Jets Come From",
      text: "The lesson is clear.",
    });
  });
});

describe("parseReading: Markdown", () => {
  const md = [
    "---",
    'title: "Stalin’s Stake in Mao’s Army"',
    "author: Isaac Deutscher",
    "date: 1952-05-13",
    "source: The Reporter",
    "source_note: Scanned by Paul Flewers.",
    "---",
    "",
    "The integration of *Russian* and Chinese power",
    "is still in its [initial phases](https://example.org).",
    "",
    "## Economic Build-Up",
    "",
    "There are many aspects of this new dependence.",
    "",
    "### Military Integration",
    "It is not in the economic field.",
    "",
    "A paragraph without a heading.",
  ].join("\n");

  it("reads metadata from YAML-like front matter", () => {
    const r = parseReading(md);
    expect(r).toMatchObject({
      title: "Stalin’s Stake in Mao’s Army",
      author: "Isaac Deutscher",
      year: 1952,
      source: "The Reporter",
      sourceNote: "Scanned by Paul Flewers.",
    });
  });

  it("attaches ## and ### headings to the following paragraph and keeps inline Markdown as marks over plain text", () => {
    const r = parseReading(md);
    const first = r.paragraphs[0];
    expect(first.marks!.map((m) => [m.type, first.text.slice(m.start, m.end), m.href])).toEqual([
      ["em", "Russian", undefined],
      ["link", "initial phases", "https://example.org"],
    ]);
    expect(r.paragraphs.map((p) => [p.position, p.heading, p.text])).toEqual([
      [1, null, "The integration of Russian and Chinese power is still in its initial phases."],
      [2, "Economic Build-Up", "There are many aspects of this new dependence."],
      [3, "Military Integration", "It is not in the economic field."],
      [4, null, "A paragraph without a heading."],
    ]);
  });

  it("takes a leading # line as the title and applies the plain-text metadata rules after it", () => {
    const r = parseReading("# The Title\n\nIsaac Deutscher 1952\n\nBody paragraph.\n\n## Part\n\nMore text.");
    expect(r).toMatchObject({ title: "The Title", author: "Isaac Deutscher", year: 1952 });
    expect(r.paragraphs.map((p) => [p.heading, p.text])).toEqual([
      [null, "Body paragraph."],
      ["Part", "More text."],
    ]);
  });

  it("treats # lines as plain text when the format is forced to text", () => {
    const r = parseReading("# Not A Heading\n\nBody paragraph.", { format: "text" });
    expect(r.title).toBe("# Not A Heading");
    const md2 = parseReading("Intro sentence.\n\n## Section\n\nBody.", { format: "markdown" });
    expect(md2.paragraphs.map((p) => [p.heading, p.text])).toEqual([
      [null, "Intro sentence."],
      ["Section", "Body."],
    ]);
  });

  it("keeps a trailing heading with no paragraph after it as text", () => {
    const r = parseReading("# T\n\nBody.\n\n## Dangling");
    expect(r.paragraphs.map((p) => [p.heading, p.text])).toEqual([
      [null, "Body."],
      [null, "Dangling"],
    ]);
  });
});

describe("parseReading: Markdown through markdown-it (issue 12: imports showed raw markup)", () => {
  const defect = [
    "# The Commons of Reading",
    "",
    "*by Marta Quill, 1968*",
    "",
    "Source: Quarterly Review of Letters, 1968. Transcribed by the editors.",
    "",
    "Reading is **never** a solitary act. As [Hall](https://example.org/hall) argued, `close reading` is *social*.",
    "",
    "> A quoted passage",
    "> over two lines.",
    "",
    "- first item",
    "- second *item*",
    "",
    "3. third",
    "4. fourth",
    "",
    "Plain closing paragraph.",
  ].join("\n");
  const r = () => parseReading(defect, { format: "markdown" });
  const at = (text: string, m: Mark) => text.slice(m.start, m.end);

  it("reads the byline “*by Marta Quill, 1968*” and a Source: line as metadata, not as paragraphs or headings", () => {
    expect(r()).toMatchObject({
      title: "The Commons of Reading",
      author: "Marta Quill",
      year: 1968,
      source: "Quarterly Review of Letters, 1968",
      sourceNote: "Transcribed by the editors.",
    });
    expect(r().paragraphs.map((p) => p.heading)).toEqual(Array(7).fill(null));
    expect(r().paragraphs[0].text).toMatch(/^Reading is never/);
  });

  it("reads “By X” and Author:/Year: lines sharing one block", () => {
    expect(parseReading("# T\n\nBy Isaac Deutscher\nYear: 1952\n\nBody one.\n\nBody two.", { format: "markdown" })).toMatchObject({ author: "Isaac Deutscher", year: 1952 });
    expect(parseReading("# T\n\nAuthor: Ann Lee\nYear: 1990\n\nBody.", { format: "markdown" })).toMatchObject({ author: "Ann Lee", year: 1990 });
    // A sentence starting with "By" is text.
    const s = parseReading("# T\n\nBy the end of the war, the army had grown.\n\nMore.", { format: "markdown" });
    expect(s.author).toBeNull();
    expect(s.paragraphs[0].text).toBe("By the end of the war, the army had grown.");
  });

  it("keeps **bold**, *italic*, `code` and [links](url) as marks over plain text", () => {
    const p = r().paragraphs[0];
    expect(p.text).toBe("Reading is never a solitary act. As Hall argued, close reading is social.");
    expect(p.marks!.map((m) => [m.type, at(p.text, m), m.href])).toEqual([
      ["strong", "never", undefined],
      ["link", "Hall", "https://example.org/hall"],
      ["code", "close reading", undefined],
      ["em", "social", undefined],
    ]);
    expect(p.contentHash).toBe(paragraphHash(null, p.text));
  });

  it("makes a block quote its own block and each list item its own, numbered ones with their number", () => {
    expect(r().paragraphs.slice(1).map((p) => [p.kind, p.ordinal, p.text])).toEqual([
      ["quote", null, "A quoted passage over two lines."],
      ["list-item", null, "first item"],
      ["list-item", null, "second item"],
      ["list-item", 3, "third"],
      ["list-item", 4, "fourth"],
      ["paragraph", null, "Plain closing paragraph."],
    ]);
    expect(r().warnings).toEqual([]);
  });

  it("never keeps a link whose target fails the comment allow-list, and warns about what is left as markup", () => {
    const bad = parseReading("# T\n\nBad [x](javascript:alert(1)) and **unclosed, <b>tag</b>, note[^1].\n\nFine.", { format: "markdown" });
    expect(bad.paragraphs[0].marks).toBeNull();
    expect(bad.warnings.map((w) => [w.paragraph, w.message.slice(0, 14)])).toEqual([
      [1, "“**” or “__” i"],
      [1, "“[text](link)”"],
      [1, "footnote marke"],
      [1, "HTML tags are "],
    ]);
  });

  it("takes a trailing Source: line as metadata and keeps a bold run-in lead-in as a heading", () => {
    const t = parseReading("# T\n\n**Economic Build-Up:** There are many aspects.\n\nMore text.\n\nSource: The Reporter, 13 May 1952", { format: "markdown" });
    expect(t.source).toBe("The Reporter, 13 May 1952");
    expect(t.paragraphs.map((p) => [p.heading, p.text, p.marks])).toEqual([
      ["Economic Build-Up", "There are many aspects.", null],
      [null, "More text.", null],
    ]);
  });

  it("keeps marks on the right piece when an over-long paragraph is split", () => {
    const long = `${"Word word word. ".repeat(1500)}The **end**.`;
    const ps = parseReading(`# T\n\n${long}`, { format: "markdown" }).paragraphs;
    expect(ps.length).toBeGreaterThan(1);
    const last = ps[ps.length - 1];
    expect(last.marks!.map((m) => at(last.text, m))).toEqual(["end"]);
    expect(ps.slice(0, -1).every((p) => p.marks === null)).toBe(true);
  });
});

describe("paragraphHash / contentHash", () => {
  it("is stable: the same input gives the same hashes", () => {
    const a = parseReading(sample()).paragraphs.map((p) => p.contentHash);
    const b = parseReading(sample()).paragraphs.map((p) => p.contentHash);
    expect(a).toEqual(b);
    expect(paragraphHash("H", "text")).toBe(paragraphHash("H", "text"));
  });

  it("changes when the text or the heading changes", () => {
    const base = paragraphHash("Heading", "Some text.");
    expect(paragraphHash("Heading", "Some text!")).not.toBe(base);
    expect(paragraphHash("Other", "Some text.")).not.toBe(base);
    expect(paragraphHash(null, "Some text.")).not.toBe(base);

    const before = parseReading(sample()).paragraphs;
    const after = parseReading(sample().replace("spoil the game?", "spoil the game!")).paragraphs;
    expect(after[19].contentHash).not.toBe(before[19].contentHash);
    expect(after.slice(0, 19).map((p) => p.contentHash)).toEqual(before.slice(0, 19).map((p) => p.contentHash));
  });

  it("is sha256 of heading + newline + text, normalised", () => {
    const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
    expect(paragraphHash(null, "abc")).toBe(sha256("\nabc"));
    expect(paragraphHash("Heading", "Text.")).toBe(sha256("Heading\nText."));
    expect(paragraphHash(null, "abc")).toBe(paragraphHash(null, "  abc \n"));
    expect(paragraphHash("H", "a  b")).toBe(paragraphHash("H", "a b"));
    expect(paragraphHash(null, "Blu\u0308cher")).toBe(paragraphHash(null, "Bl\u00FCcher"));
  });

  it("ignores re-wrapping of a paragraph in the source", () => {
    const one = parseReading("Intro.\n\nA paragraph on one line.").paragraphs[1];
    const wrapped = parseReading("Intro.\n\nA paragraph\non one\nline.").paragraphs[1];
    expect(wrapped.contentHash).toBe(one.contentHash);
  });
});

// Turns a plain-text or Markdown reading into metadata plus numbered paragraphs.
//
// Plain text (and the text an HTML upload is reduced to) goes through the line-based tokenizer
// below. Markdown goes through markdown-it's tokens (./markdown.ts): inline emphasis, strong,
// code and safe links become marks over the paragraph's plain text, list items and block quotes
// their own blocks, a leading byline and Source:/Author:/Year: lines metadata; what would be left
// over as raw markup is reported as warnings for the import preview.
//
// Pure: no I/O, no database. It does import `node:crypto` for SHA-256, so it is meant to run on
// the server (import scripts, server actions, route handlers); do not import it from client
// components.
import { createHash } from "node:crypto";
import { markdownBlocks, sliceBlock, type MdBlock } from "./markdown";
import type { Mark, ParagraphKind } from "./segments";

export interface ParsedParagraph {
  /** 1-based, in document order. */
  position: number;
  heading: string | null;
  /** Plain text; formatting is in `marks`. */
  text: string;
  /** "paragraph" unless a Markdown import made it a list item or a block quote. */
  kind: ParagraphKind;
  /** A numbered list item's number; else null. */
  ordinal: number | null;
  /** Inline formatting over `text` (Markdown imports), or null. */
  marks: Mark[] | null;
  /** sha256 hex of `(heading ?? "") + "\n" + text`, after normalisation (see `paragraphHash`). */
  contentHash: string;
}

export interface ReadingMetadata {
  title: string | null;
  author: string | null;
  year: number | null;
  source: string | null;
  sourceNote: string | null;
}

/** Markup the importer could not keep: shown in the import preview, never stored. */
export interface ImportWarning {
  /** The paragraph it concerns (1-based), or null for the whole text. */
  paragraph: number | null;
  message: string;
}

export interface ParsedReading extends ReadingMetadata {
  paragraphs: ParsedParagraph[];
  warnings: ImportWarning[];
}

/**
 * "text": plain text. "markdown": Markdown through markdown-it. "html": the Markdown-ish text
 * `htmlToText` makes of an HTML upload (only `#` headings mean anything; read as before).
 */
export type ReadingFormat = "text" | "markdown" | "html";

/**
 * A paragraph longer than this is split (at sentence ends where possible) into several
 * paragraphs, each no longer than this. Keeps rows and rendered blocks a sane size when a
 * source has lost its paragraph breaks.
 */
export const MAX_PARAGRAPH_CHARS: number = 20_000;

/** Leading blocks longer than this are never metadata. */
const MAX_METADATA_LINE = 200;
/** Metadata can only come from the first few blocks. */
const MAX_METADATA_BLOCKS = 5;

// ---------------------------------------------------------------------------------------------
// Normalisation

/**
 * Collapses runs of ASCII whitespace to one space and trims ASCII whitespace at both ends.
 * Deliberately not `\s`: that would also eat non-breaking and other Unicode spaces, which the
 * text may use on purpose (e.g. "13\u00A0May", French spacing before colons).
 */
function collapse(s: string): string {
  return s.replace(/[ \t\n\f\v]+/g, " ").replace(/^ /, "").replace(/ $/, "");
}

/** BOM, line endings, Unicode composition and trailing blanks: differences nobody can see. */
function normaliseInput(input: string): string {
  return input
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .normalize("NFC")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""))
    .join("\n");
}

/** A line that is empty after trimming (including lines of only non-breaking spaces). */
const isBlank = (line: string) => line.trim() === "";

// ---------------------------------------------------------------------------------------------
// Hashing

/**
 * Content hash of one paragraph. Inputs are normalised the same way `parseReading` normalises
 * paragraphs (NFC, whitespace collapsed), so `paragraphHash(p.heading, p.text) === p.contentHash`
 * and cosmetic re-wrapping of a source file does not change the hash.
 */
export function paragraphHash(heading: string | null, text: string): string {
  const h = heading === null ? "" : collapse(heading.normalize("NFC"));
  const t = collapse(text.normalize("NFC"));
  return createHash("sha256").update(`${h}\n${t}`, "utf8").digest("hex");
}

// ---------------------------------------------------------------------------------------------
// Tokens: the document as a sequence of text blocks and (Markdown only) heading lines.

type Token =
  | { kind: "block"; lines: string[] }
  | { kind: "heading"; level: number; text: string };

const MD_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const MD_THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

function tokenize(body: string, format: "text" | "html"): Token[] {
  const lines = body.split("\n");
  // Blank lines at the very start or end separate nothing.
  while (lines.length > 0 && isBlank(lines[0])) lines.shift();
  while (lines.length > 0 && isBlank(lines[lines.length - 1])) lines.pop();

  // Files without a single blank line (but several lines) are one-paragraph-per-line files;
  // joining their lines as soft wraps would turn the whole text into one paragraph.
  const onePerLine = lines.length > 1 && !lines.some(isBlank);

  const tokens: Token[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) tokens.push({ kind: "block", lines: current });
    current = [];
  };

  for (const line of lines) {
    if (format === "html") {
      const h = MD_HEADING.exec(line);
      if (h) {
        flush();
        const text = collapse(h[2]);
        if (text !== "") tokens.push({ kind: "heading", level: h[1].length, text });
        continue;
      }
      // "---" / "***" between sections is layout, not text.
      if (MD_THEMATIC_BREAK.test(line)) {
        flush();
        continue;
      }
    }
    if (isBlank(line)) {
      flush();
      continue;
    }
    current.push(line);
    if (onePerLine) flush();
  }
  flush();
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Markdown front matter

interface FrontMatter {
  meta: ReadingMetadata;
  body: string;
}

const YEAR_IN_TEXT = /\b([12]\d{3})\b/;

function yearFrom(value: string | null | undefined): number | null {
  if (!value) return null;
  const m = YEAR_IN_TEXT.exec(value);
  return m ? Number(m[1]) : null;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    return v.slice(1, -1);
  }
  return v;
}

/**
 * `---` … `---` (or `...`) at the very start: simple `key: value` lines, YAML-like. Only the keys
 * we know are read; nested YAML, lists and the like are ignored. Returns null if there is no
 * closed front-matter block.
 */
function extractFrontMatter(text: string): FrontMatter | null {
  const lines = text.split("\n");
  if (lines[0] !== "---") return null;
  const end = lines.findIndex((l, i) => i > 0 && (l === "---" || l === "..."));
  if (end < 0) return null;

  const values = new Map<string, string>();
  for (const line of lines.slice(1, end)) {
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    // sourceNote, source_note, source-note and SourceNote are all the same key.
    const key = m[1].toLowerCase().replace(/[-_]/g, "");
    const value = collapse(unquote(m[2]));
    if (value !== "" && !values.has(key)) values.set(key, value);
  }

  return {
    meta: {
      title: values.get("title") ?? null,
      author: values.get("author") ?? null,
      year: yearFrom(values.get("year")) ?? yearFrom(values.get("date")),
      source: values.get("source") ?? null,
      sourceNote: values.get("sourcenote") ?? null,
    },
    body: lines.slice(end + 1).join("\n"),
  };
}

// ---------------------------------------------------------------------------------------------
// Metadata from the opening blocks

/** "Isaac Deutscher 1952", "V. I. Lenin, 1917": 1-6 capitalised words, then a year 1000-2999. */
const NAME_AND_YEAR =
  /^(\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){0,5}),?\s+([12]\d{3})$/u;
const LABELLED = /^(author|title|year|date|source)\s*:\s*(.*)$/i;
/**
 * A line that ends a sentence with a full stop (possibly inside closing quotes/brackets). The
 * CJK full stops count too: "开头。" is a sentence, not a title.
 */
const ENDS_WITH_PERIOD = /[.。．｡]["'’”)\]»」』]*$/u;

/**
 * "The Reporter, 13 May 1952. Scanned and prepared … by Paul Flewers." → source "The Reporter,
 * 13 May 1952", note "Scanned and prepared … by Paul Flewers.".
 *
 * The citation ends at the first sentence end after its date (so "Vol. 3, May 1951. Transcribed…"
 * is not cut at "Vol."); without a date, at the first sentence end. No sentence end → all source.
 */
function splitSource(value: string): { source: string | null; note: string | null } {
  const year = YEAR_IN_TEXT.exec(value);
  const from = year ? year.index + year[0].length : 0;
  const end = /\.\s+/g;
  end.lastIndex = from;
  const m = end.exec(value);
  if (!m) {
    const source = value.replace(/\.$/, "").trim();
    return { source: source || null, note: null };
  }
  const source = value.slice(0, m.index).trim();
  const note = value.slice(m.index + m[0].length).trim();
  return { source: source || null, note: note || null };
}

/**
 * Applies one opening line to `meta` if it is metadata whose field is still unset.
 * Returns false if the line is not metadata (the caller then stops looking).
 */
function applyMetadataLine(line: string, meta: ReadingMetadata): boolean {
  const labelled = LABELLED.exec(line);
  if (labelled) {
    const key = labelled[1].toLowerCase();
    const value = labelled[2].trim();
    if (value === "") return false;
    switch (key) {
      case "source": {
        if (meta.source !== null) return false;
        const { source, note } = splitSource(value);
        meta.source = source;
        if (meta.sourceNote === null) meta.sourceNote = note;
        return true;
      }
      case "author":
        if (meta.author !== null) return false;
        meta.author = value;
        return true;
      case "title":
        if (meta.title !== null) return false;
        meta.title = value;
        return true;
      default: {
        // year / date: only a recognisable year makes the line metadata
        const year = yearFrom(value);
        if (year === null || meta.year !== null) return false;
        meta.year = year;
        return true;
      }
    }
  }

  const nameYear = NAME_AND_YEAR.exec(line);
  if (nameYear && meta.author === null) {
    meta.author = nameYear[1];
    if (meta.year === null) meta.year = Number(nameYear[2]);
    return true;
  }

  if (meta.title === null && !ENDS_WITH_PERIOD.test(line)) {
    meta.title = line;
    return true;
  }
  return false;
}

/**
 * Walks the opening tokens while they look like metadata, filling `meta`; returns how many
 * tokens were consumed. Only single short lines among the first few blocks qualify, and at least
 * one block is always left for the paragraphs, so a short note is never eaten whole.
 */
function readLeadingMetadata(tokens: Token[], meta: ReadingMetadata): number {
  const totalBlocks = tokens.filter((t) => t.kind === "block").length;
  let blocksUsed = 0;
  let i = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "heading") {
      // A leading "# Title" is the title (or a repeat of the front matter's title).
      if (t.level === 1 && (meta.title === null || meta.title === t.text)) {
        meta.title = t.text;
        continue;
      }
      break;
    }
    if (blocksUsed >= MAX_METADATA_BLOCKS || blocksUsed + 1 >= totalBlocks) break;
    if (t.lines.length !== 1) break;
    const line = collapse(t.lines[0]);
    if (line.length > MAX_METADATA_LINE) break;
    if (!applyMetadataLine(line, meta)) break;
    blocksUsed++;
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// Run-in headings

/**
 * "Economic Build-Up: There are many aspects…" → heading "Economic Build-Up", text "There are
 * many aspects…". Many paragraphs have a colon early on, so the part before the first colon must
 * look like a title, not a clause:
 *  - the colon is followed by whitespace and more text ("10:30", "http://x" and a lone
 *    "Heading:" are never split);
 *  - 1-8 words, at most 60 characters, no . ! ? or ; (a sentence, not a heading);
 *  - starts with an uppercase letter, and every word of 4+ letters starts with one, i.e. title
 *    case: "Where the Jets Come From", "After You, My Dear Mao’" qualify, "He said" and
 *    "In this connection, the following incident is noteworthy" do not;
 *  - no letters from scripts without case (Chinese, Japanese, Arabic, Hebrew…): title case
 *    means nothing there, so such text never yields a heading.
 * The heading keeps its characters exactly (e.g. a closing ’).
 */
function splitRunInHeading(paragraph: string): { heading: string; text: string } | null {
  const colon = paragraph.indexOf(":");
  if (colon <= 0) return null;
  const after = paragraph.slice(colon + 1);
  if (!/^[ \t\u00A0]/.test(after)) return null;
  const text = collapse(after.replace(/^\u00A0+/, ""));
  if (text === "") return null;

  const heading = paragraph.slice(0, colon).replace(/[ \t]+$/, "");
  if (heading.length === 0 || heading.length > 60) return null;
  if (/[.!?;]/.test(heading)) return null;
  if (!/^\p{Lu}/u.test(heading)) return null;
  if (/\p{Lo}/u.test(heading)) return null;

  const words = heading.split(" ").filter((w) => w !== "");
  if (words.length < 1 || words.length > 8) return null;
  for (const word of words) {
    const letters = word.match(/\p{L}/gu) ?? [];
    const first = letters[0] ?? "";
    if (letters.length >= 4 && !/\p{Lu}/u.test(first)) return null;
  }
  return { heading, text };
}

// ---------------------------------------------------------------------------------------------
// Over-long paragraphs

/** A sentence-ending mark, optionally followed by closing quotes/brackets, ends at `i - 1`. */
function endsSentenceBefore(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /["'’”)\]»]/.test(text[j])) j--;
  return j >= 0 && /[.!?]/.test(text[j]);
}

/**
 * Splits `text` into pieces of at most `max` characters, never losing a character: pieces cut at
 * a space drop just that one space (text is whitespace-collapsed, so it is exactly one), pieces
 * cut elsewhere drop nothing. Preference: after a sentence end (". "), after a CJK full stop
 * (。！？, which has no following space), at any space, and — for a single monster "word" —
 * anywhere that does not break a surrogate pair.
 */
function splitLongText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let end = -1;
    let skip = 0;
    // A space at index `max` is still a valid cut: the piece before it is exactly `max` long.
    for (let i = Math.min(max, rest.length - 1); i > 0; i--) {
      if (rest[i] === " " && endsSentenceBefore(rest, i)) {
        end = i;
        skip = 1;
        break;
      }
    }
    if (end < 0) {
      for (let i = max; i > 0; i--) {
        if (/[。！？]/.test(rest[i - 1])) {
          end = i;
          break;
        }
      }
    }
    if (end < 0) {
      const space = rest.lastIndexOf(" ", max);
      if (space > 0) {
        end = space;
        skip = 1;
      }
    }
    if (end < 0) {
      end = max;
      const code = rest.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end--; // keep a surrogate pair together
    }
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end + skip);
  }
  pieces.push(rest);
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

function buildParagraphs(tokens: Token[]): ParsedParagraph[] {
  const raw: { heading: string | null; text: string }[] = [];
  let pending: string | null = null;

  for (const t of tokens) {
    if (t.kind === "heading") {
      // "## Part One" directly followed by "### Chapter 1": keep both rather than drop one.
      pending = pending === null ? t.text : `${pending} / ${t.text}`;
      continue;
    }
    const text = collapse(t.lines.join(" "));
    if (pending !== null) {
      raw.push({ heading: pending, text });
      pending = null;
    } else {
      raw.push(splitRunInHeading(text) ?? { heading: null, text });
    }
  }
  // A heading with nothing after it is still text the author wrote.
  if (pending !== null) raw.push({ heading: null, text: pending });

  const paragraphs: ParsedParagraph[] = [];
  for (const { heading, text } of raw) {
    splitLongText(text, MAX_PARAGRAPH_CHARS).forEach((piece, k) => {
      // The heading belongs to the start of the section, i.e. the first piece only.
      const h = k === 0 ? heading : null;
      paragraphs.push({
        position: paragraphs.length + 1,
        heading: h,
        text: piece,
        kind: "paragraph",
        ordinal: null,
        marks: null,
        contentHash: paragraphHash(h, piece),
      });
    });
  }
  return paragraphs;
}

// ---------------------------------------------------------------------------------------------
// Entry point

function detectFormat(text: string): ReadingFormat {
  return text.startsWith("# ") || /^---\n/.test(text) ? "markdown" : "text";
}

/**
 * Parses a reading. Never throws on odd input: empty or whitespace-only text gives no paragraphs
 * and all-null metadata. `format` defaults to Markdown when the text starts with "# " or with
 * "---" front matter, plain text otherwise.
 */
export function parseReading(input: string, options?: { format?: ReadingFormat }): ParsedReading {
  const meta: ReadingMetadata = { title: null, author: null, year: null, source: null, sourceNote: null };
  const text = normaliseInput(input);
  if (isBlank(text)) return { ...meta, paragraphs: [], warnings: [] };

  const format = options?.format ?? detectFormat(text);
  let body = text;
  if (format !== "text") {
    const fm = extractFrontMatter(text);
    if (fm) {
      Object.assign(meta, fm.meta);
      body = fm.body;
    }
  }

  if (format === "markdown") return parseMarkdownBody(body, meta);
  const tokens = tokenize(body, format);
  const consumed = readLeadingMetadata(tokens, meta);
  return { ...meta, paragraphs: buildParagraphs(tokens.slice(consumed)), warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * "*by Marta Quill, 1968*", "By Isaac Deutscher": "by" and 1-6 capitalised words (particles such
 * as "de" and "van" allowed), optionally a year. "By the end of the war, …" is not a byline.
 */
const BYLINE =
  /^by\s+(\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.-]*|de|da|del|der|di|du|la|le|van|von|y)){0,5})(?:,?\s+\(?([12]\d{3})\)?)?\.?$/iu;

function applyBylineOrMetadataLine(line: string, meta: ReadingMetadata): boolean {
  const byline = BYLINE.exec(line);
  if (byline && /^\p{Lu}/u.test(byline[1])) {
    if (meta.author !== null) return false;
    meta.author = byline[1];
    if (byline[2] && meta.year === null) meta.year = Number(byline[2]);
    return true;
  }
  return applyMetadataLine(line, meta);
}

/** The lines of a block (split where the source broke lines), each collapsed. */
const linesOf = (b: MdBlock) => {
  const cuts = [0, ...b.breaks, b.text.length];
  return cuts.slice(0, -1).map((from, i) => collapse(b.text.slice(from, cuts[i + 1]))).filter((l) => l !== "");
};

/**
 * The Markdown counterpart of `readLeadingMetadata`: a leading level-1 heading is the title;
 * then short paragraph blocks whose every line is a byline or metadata (a byline and a
 * `Source:` line may share a block). Returns how many blocks were consumed.
 */
function readLeadingMarkdownMetadata(blocks: MdBlock[], meta: ReadingMetadata): number {
  const totalText = blocks.filter((b) => b.kind !== "heading").length;
  let used = 0;
  let i = 0;
  for (; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.kind === "heading") {
      if (b.level === 1 && (meta.title === null || meta.title === b.text)) {
        meta.title = b.text;
        continue;
      }
      break;
    }
    if (b.kind !== "paragraph" || used >= MAX_METADATA_BLOCKS || used + 1 >= totalText) break;
    const lines = linesOf(b);
    if (lines.length === 0 || lines.length > 4 || lines.some((l) => l.length > MAX_METADATA_LINE)) break;
    const trial = { ...meta };
    if (!lines.every((l) => applyBylineOrMetadataLine(l, trial))) break;
    Object.assign(meta, trial);
    used++;
  }
  return i;
}

/** A last block that is only a `Source:` (or Author:/Year:) line is metadata too. */
function readTrailingMarkdownMetadata(blocks: MdBlock[], meta: ReadingMetadata): number {
  const last = blocks[blocks.length - 1];
  if (!last || last.kind !== "paragraph" || blocks.filter((b) => b.kind !== "heading").length < 2) return 0;
  const lines = linesOf(last);
  if (!lines.length || !lines.every((l) => LABELLED.test(l) && !/^title\s*:/i.test(l))) return 0;
  const trial = { ...meta };
  if (!lines.every((l) => applyMetadataLine(l, trial))) return 0;
  Object.assign(meta, trial);
  return 1;
}

/** Raw markup still visible in a paragraph's text after parsing, as preview warnings. */
const LEFTOVERS: [RegExp, string][] = [
  [/\*\*|__/, "“**” or “__” is left as text (unmatched bold or italic markers?)"],
  [/!?\[[^\]\n]*\]\([^)\n]*\)/, "“[text](link)” is left as text (a link whose target is not allowed, or malformed)"],
  [/\[\^[^\]\n]+\]/, "footnote markers such as “[^1]” are not supported and are left as text"],
  [/<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/, "HTML tags are not imported and are left as text"],
  [/(?:^|\s)`|`(?:\s|$)/, "a stray backtick “`” is left as text"],
];

function markdownWarnings(paragraphs: ParsedParagraph[]): ImportWarning[] {
  const out: ImportWarning[] = [];
  for (const p of paragraphs) {
    for (const [re, message] of LEFTOVERS) {
      if (re.test(p.text) || (p.heading !== null && re.test(p.heading))) out.push({ paragraph: p.position, message });
    }
  }
  return out;
}

/** Run-in headings in Markdown, but never a `Source:`-style label. */
function splitMarkdownRunIn(b: MdBlock): { heading: string; block: MdBlock } | null {
  if (b.kind !== "paragraph" || LABELLED.test(b.text)) return null;
  const split = splitRunInHeading(b.text);
  if (!split) return null;
  return { heading: split.heading, block: sliceBlock(b, b.text.length - split.text.length, b.text.length) };
}

function parseMarkdownBody(body: string, meta: ReadingMetadata): ParsedReading {
  const { blocks: parsed, notes } = markdownBlocks(body);
  // A file without a single blank line is one paragraph per line, as in plain text.
  const lines = body.split("\n").filter((l, i, all) => !(isBlank(l) && (i === 0 || i === all.length - 1)));
  const onePerLine = lines.length > 1 && !lines.some(isBlank);
  const blocks = onePerLine
    ? parsed.flatMap((b) => {
        if (b.kind !== "paragraph" || !b.breaks.length) return [b];
        const cuts = [0, ...b.breaks, b.text.length];
        return cuts.slice(0, -1).map((from, i) => {
          const piece = sliceBlock(b, from, cuts[i + 1]);
          const lead = piece.text.length - piece.text.trimStart().length;
          return { ...sliceBlock(piece, lead, piece.text.trimEnd().length), breaks: [] };
        });
      })
    : parsed;

  const start = readLeadingMarkdownMetadata(blocks, meta);
  const end = blocks.length - readTrailingMarkdownMetadata(blocks.slice(start), meta);

  const raw: { heading: string | null; block: MdBlock }[] = [];
  let pending: string | null = null;
  for (const b of blocks.slice(start, end)) {
    if (b.kind === "heading") {
      pending = pending === null ? b.text : `${pending} / ${b.text}`;
      continue;
    }
    if (pending !== null) {
      raw.push({ heading: pending, block: b });
      pending = null;
    } else {
      raw.push(splitMarkdownRunIn(b) ?? { heading: null, block: b });
    }
  }
  if (pending !== null) raw.push({ heading: null, block: { kind: "paragraph", level: 0, ordinal: null, text: pending, marks: [], breaks: [] } });

  const paragraphs: ParsedParagraph[] = [];
  for (const { heading, block } of raw) {
    let from = 0;
    splitLongText(block.text, MAX_PARAGRAPH_CHARS).forEach((piece, k) => {
      // Pieces are consecutive; a cut at a space dropped that one space.
      if (!block.text.startsWith(piece, from)) from++;
      const part = sliceBlock(block, from, from + piece.length);
      from += piece.length;
      const h = k === 0 ? heading : null;
      paragraphs.push({
        position: paragraphs.length + 1,
        heading: h,
        text: part.text,
        kind: block.kind === "heading" ? "paragraph" : block.kind,
        ordinal: block.kind === "list-item" ? block.ordinal : null,
        marks: part.marks.length ? part.marks : null,
        contentHash: paragraphHash(h, part.text),
      });
    });
  }

  const warnings: ImportWarning[] = [...new Set(notes.map((n) => n.message))].map((message) => ({ paragraph: null, message }));
  return { ...meta, paragraphs, warnings: [...warnings, ...markdownWarnings(paragraphs)] };
}

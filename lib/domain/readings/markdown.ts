// Markdown reading -> blocks of plain text with marks, from markdown-it's tokens. Pure.
//
// Every block's `text` is whitespace-collapsed exactly as the plain-text importer collapses a
// paragraph, and its marks are offsets into that collapsed text. Headings become heading blocks
// (the importer attaches them to the next block, as before); paragraphs, each list item and each
// paragraph of a block quote become their own blocks.
import type { Token } from "markdown-it";
import { isSafeHref } from "@/lib/markdown/render";
import { readingTokens } from "@/lib/markdown/reading";
import type { Mark, MarkType, ParagraphKind } from "./segments";

export interface MdBlock {
  kind: ParagraphKind | "heading";
  /** Headings: 1-6. */
  level: number;
  /** Numbered list items: their number. */
  ordinal: number | null;
  text: string;
  marks: Mark[];
  /** Offsets in `text` where the source had a line break inside the block. */
  breaks: number[];
}

/** Something the importer noticed but could not keep (shown in the preview). */
export interface BlockNote {
  /** Index of the block it concerns, or null for the whole document. */
  block: number | null;
  message: string;
}

const WS = /[ \t\n\f\v]/;

/** Collapses whitespace like the plain-text importer and maps raw offsets to collapsed ones. */
function collapseMapped(raw: string): { text: string; map: number[] } {
  let text = "";
  const map: number[] = new Array(raw.length + 1);
  let space = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (WS.test(c)) {
      map[i] = text.length;
      space = text.length > 0;
      continue;
    }
    if (space) {
      text += " ";
      space = false;
    }
    map[i] = text.length;
    text += c;
  }
  map[raw.length] = text.length;
  return { text, map };
}

/** Marks moved into collapsed offsets, shrunk off surrounding spaces, empty ones dropped. */
function remap(marks: Mark[], map: number[], text: string): Mark[] {
  const out: Mark[] = [];
  for (const m of marks) {
    let start = map[m.start];
    let end = map[m.end];
    while (start < end && text[start] === " ") start++;
    while (end > start && text[end - 1] === " ") end--;
    if (end > start) out.push({ ...m, start, end });
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

interface Builder {
  raw: string;
  marks: Mark[];
  breaks: number[];
}

const OPENERS: Record<string, MarkType> = { em_open: "em", strong_open: "strong", link_open: "link" };

/** Appends an inline token's children to `b`, recording marks over the raw text. */
function appendInline(b: Builder, children: Token[], notes: string[]): void {
  const open: { type: MarkType; start: number; href?: string }[] = [];
  for (const t of children) {
    const opener = OPENERS[t.type];
    if (opener) {
      const href = opener === "link" ? String(t.attrGet("href") ?? "") : undefined;
      open.push({ type: opener, start: b.raw.length, ...(href !== undefined ? { href } : {}) });
      continue;
    }
    if (t.type === "em_close" || t.type === "strong_close" || t.type === "link_close") {
      const type = t.type.slice(0, -"_close".length) as MarkType;
      const i = open.map((o) => o.type).lastIndexOf(type);
      if (i < 0) continue;
      const [o] = open.splice(i, 1);
      // A link whose target fails the allow-list keeps its words, without the link.
      if (o.type === "link" && !(o.href && isSafeHref(o.href))) continue;
      if (b.raw.length > o.start) b.marks.push({ type: o.type, start: o.start, end: b.raw.length, ...(o.type === "link" ? { href: o.href } : {}) });
      continue;
    }
    switch (t.type) {
      case "text":
        b.raw += t.content;
        break;
      case "code_inline": {
        const start = b.raw.length;
        b.raw += t.content;
        b.marks.push({ type: "code", start, end: b.raw.length });
        break;
      }
      case "softbreak":
      case "hardbreak":
        b.breaks.push(b.raw.length);
        b.raw += "\n";
        break;
      case "image":
        // Images are not imported; their description is text the author wrote.
        b.raw += t.content;
        notes.push(`an image (“${t.content || "no description"}”) is left out; its description is kept as text`);
        break;
      default:
        // s_open/s_close (~~strike~~) and anything else: the words stay, the formatting goes.
        if (t.content && !t.type.endsWith("_open") && !t.type.endsWith("_close")) b.raw += t.content;
    }
  }
}

function finish(b: Builder, kind: MdBlock["kind"], level: number, ordinal: number | null): MdBlock | null {
  const { text, map } = collapseMapped(b.raw);
  if (text === "") return null;
  const breaks = [...new Set(b.breaks.map((i) => map[i]))].filter((i) => i > 0 && i < text.length);
  return { kind, level, ordinal, text, marks: remap(b.marks, map, text), breaks };
}

/** A Markdown body (front matter already removed) as blocks, plus notes about what was lost. */
export function markdownBlocks(body: string): { blocks: MdBlock[]; notes: BlockNote[] } {
  const tokens = readingTokens(body);
  const blocks: MdBlock[] = [];
  const notes: BlockNote[] = [];
  // Where we are: inside which lists (their ordinal counters) and quotes.
  const lists: { ordered: boolean; next: number; itemOrdinal: number | null }[] = [];
  let quoteDepth = 0;
  let item: Builder | null = null;
  let inTable = false;
  let row: Builder | null = null;
  let headingLevel = 0;
  let tableNoted = false;

  const push = (b: Builder, kind: MdBlock["kind"], level = 0, ordinal: number | null = null, lost: string[] = []) => {
    const block = finish(b, kind, level, ordinal);
    if (block) blocks.push(block);
    for (const message of lost) notes.push({ block: block ? blocks.length - 1 : null, message });
  };

  for (const t of tokens) {
    switch (t.type) {
      case "bullet_list_open":
      case "ordered_list_open": {
        const start = Number(t.attrGet("start") ?? 1);
        lists.push({ ordered: t.type === "ordered_list_open", next: Number.isFinite(start) ? start : 1, itemOrdinal: null });
        break;
      }
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        // A list item's paragraphs make one block; a nested list inside it starts new blocks.
        const list = lists[lists.length - 1];
        if (item) push(item, "list-item", 0, lists[lists.length - 2]?.itemOrdinal ?? null);
        list.itemOrdinal = list.ordered ? list.next++ : null;
        item = { raw: "", marks: [], breaks: [] };
        break;
      }
      case "list_item_close": {
        const list = lists[lists.length - 1];
        if (item) push(item, "list-item", 0, list.itemOrdinal);
        item = null;
        break;
      }
      case "blockquote_open":
        quoteDepth++;
        break;
      case "blockquote_close":
        quoteDepth--;
        break;
      case "heading_open":
        headingLevel = Number(t.tag.slice(1)) || 1;
        break;
      case "heading_close":
        headingLevel = 0;
        break;
      case "table_open":
        inTable = true;
        if (!tableNoted) notes.push({ block: null, message: "a table is imported one row per paragraph, its cells separated by “ | ”" });
        tableNoted = true;
        break;
      case "table_close":
        inTable = false;
        break;
      case "tr_open":
        row = { raw: "", marks: [], breaks: [] };
        break;
      case "tr_close":
        if (row) push(row, "paragraph");
        row = null;
        break;
      case "fence":
      case "code_block": {
        const b: Builder = { raw: t.content, marks: [{ type: "code", start: 0, end: t.content.length }], breaks: [] };
        push(b, quoteDepth ? "quote" : "paragraph", 0, null, ["a code block's line breaks are not kept"]);
        break;
      }
      case "inline": {
        const lost: string[] = [];
        if (inTable && row) {
          if (row.raw !== "") row.raw += " | ";
          appendInline(row, t.children ?? [], lost);
          lost.forEach((message) => notes.push({ block: null, message }));
          break;
        }
        if (item && !headingLevel) {
          if (item.raw !== "") item.raw += " ";
          appendInline(item, t.children ?? [], lost);
          lost.forEach((message) => notes.push({ block: null, message }));
          break;
        }
        const b: Builder = { raw: "", marks: [], breaks: [] };
        appendInline(b, t.children ?? [], lost);
        if (headingLevel) push(b, "heading", headingLevel, null, lost);
        else push(b, quoteDepth ? "quote" : "paragraph", 0, null, lost);
        break;
      }
      default:
        break;
    }
  }
  return { blocks, notes };
}

/** `block` cut at `[from, to)`, marks clipped and shifted. */
export function sliceBlock<T extends { text: string; marks: Mark[] }>(block: T, from: number, to: number): T {
  const marks = block.marks.flatMap((m) => {
    const start = Math.max(m.start, from);
    const end = Math.min(m.end, to);
    return end > start ? [{ ...m, start: start - from, end: end - from }] : [];
  });
  return { ...block, text: block.text.slice(from, to), marks };
}

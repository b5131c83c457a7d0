/**
 * markdown-it configured for importing readings (not comments: lib/markdown/render.ts). Only its
 * token stream is used; lib/domain/readings/markdown.ts turns it into blocks of plain text plus
 * marks. Safety comes from the same rules as comments: raw HTML is never parsed (tags stay
 * literal text, and the import preview warns about them) and a link's target must pass the
 * comment renderer's `isSafeHref`, otherwise the link stays literal text.
 */
import markdownit from "markdown-it";
import type { MarkdownIt, Token } from "markdown-it";
import { isSafeHref } from "./render";

let instance: MarkdownIt | null = null;

function markdown(): MarkdownIt {
  if (instance) return instance;
  const md = markdownit("default", { html: false, linkify: true, typographer: false, breaks: false });
  // Only explicit URLs become links; "Marxists.org" in a citation stays text.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
  md.validateLink = isSafeHref;
  instance = md;
  return md;
}

/** The block-level tokens (with inline children) of a Markdown reading. */
export function readingTokens(source: string): Token[] {
  return markdown().parse(source, {});
}

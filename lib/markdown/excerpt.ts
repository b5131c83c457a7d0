/**
 * The one excerpt helper: a comment's Markdown as a single line of plain text, cut at a word.
 * Used by notifications, the moderation queue and the dashboard. It reads the same markdown-it
 * tokens the comment renderer produces (so what the excerpt drops is exactly the markup the
 * renderer would turn into formatting), never regexes over the source. Browser-safe.
 */
import type { Token } from "markdown-it";
import { parseMarkdown } from "./render";

/** The visible text of a token stream, blocks separated by spaces. */
export function plainTextOf(tokens: Token[]): string {
  const out: string[] = [];
  const visit = (list: Token[]) => {
    for (const t of list) {
      switch (t.type) {
        case "text":
        case "code_inline":
          out.push(t.content);
          break;
        case "mention":
          out.push(`@${t.content}`);
          break;
        case "softbreak":
        case "hardbreak":
          out.push(" ");
          break;
        // Code blocks are noise in a one-line excerpt; a space keeps the words around them apart.
        case "fence":
        case "code_block":
          out.push(" ");
          break;
        case "inline":
          visit(t.children ?? []);
          break;
        default:
          // Block boundaries (paragraph, heading, list item, quote) separate words.
          if (t.nesting !== 0 && t.block) out.push(" ");
          else if (t.children) visit(t.children);
      }
    }
  };
  visit(tokens);
  return out.join("").replace(/\s+/g, " ").trim();
}

/**
 * `markdown` as one line of plain text of at most `max` characters (the "…" included), cut at a
 * word when one ends in the last 40% of the line, with trailing punctuation dropped before "…".
 */
export function excerpt(markdown: string, max: number): string {
  const plain = plainTextOf(parseMarkdown(markdown));
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, "")}…`;
}

/**
 * The one Markdown renderer for comment bodies. Imported by the server (exports, API) and by the
 * browser (live preview, rendering), so it must stay free of Node-only APIs.
 *
 * Comments are safe by construction rather than by filtering:
 * - raw HTML is never parsed (`html: false`); anything that looks like a tag is escaped text;
 * - images are off: `![x](y)` stays literal text;
 * - links may only point at http:, https:, mailto: or a same-site relative path;
 *   every `<a>` gets `rel="nofollow ugc noopener"` and `target="_blank"`;
 * - after parsing, every token's attributes are reset to a whitelist
 *   (`<a href rel target>`, `<ol start>`, `<code class="language-x">` via our own fence renderer);
 * - headings are demoted so that a comment never outranks the page (h1-h3 -> h4);
 * - `@handle` mentions become `<span class="mention">@handle</span>` tokens (a core rule over the
 *   token stream, never a regex over HTML), outside links and code.
 */
import markdownit from "markdown-it";
import type { MarkdownIt, StateCore, StateInline, Token } from "markdown-it";

export const MAX_COMMENT_CHARS = 10_000;

const HANDLE_MAX = 40;
const LINK_REL = "nofollow ugc noopener";
const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);

// ---------------------------------------------------------------------------------------------
// Links

/**
 * True if `url` may become an href. Called by markdown-it (with the normalised URL) for inline
 * links, reference links, autolinks and linkify, and again by our attribute pass.
 */
export function isSafeHref(url: string): boolean {
  // Browsers ignore tabs/newlines anywhere in a URL and strip leading C0 controls and spaces;
  // drop every control and space so that "java\tscript:" cannot sneak past the scheme check.
  const s = url.replace(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g, "");
  // Anything before the first "/", "?" or "#" that ends in ":" is (or could be read as) a scheme.
  const colon = /^([^/?#]*?):/.exec(s);
  if (colon) return ALLOWED_SCHEMES.has(colon[1].toLowerCase());
  // Relative: "/seminars/x", "#p3", "?q", "notes/x" are fine. Protocol-relative ("//evil") and
  // its backslash variants ("/\evil", "\\evil") leave the site, so they are not.
  if (/^[/\\][/\\]/.test(s)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Images: the `image` rule is disabled; this rule keeps the opening `![` as literal text so the
// link rule cannot turn `![x](y)` into "!" followed by a link.

function imageAsText(state: StateInline, silent: boolean): boolean {
  const pos = state.pos;
  if (state.src.charCodeAt(pos) !== 0x21 /* ! */ || state.src.charCodeAt(pos + 1) !== 0x5b /* [ */) return false;
  if (!silent) state.pending += "![";
  state.pos = pos + 2;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Mentions

const HANDLE_RUN_RE = /@([A-Za-z0-9._-]+)/g;
// A mention cannot follow something that makes it part of a word, an email or a path.
const NOT_BEFORE_RE = /[\p{L}\p{N}\p{M}._%+\-@/\\]/u;
// ...nor run straight into something that makes it a different token.
const NOT_AFTER_RE = /[\p{L}\p{N}\p{M}@]/u;

interface MentionPiece {
  text?: string;
  handle?: string;
}

/** Splits one text run into plain text and mentions. Returns null if it holds no mention. */
function splitMentions(text: string): MentionPiece[] | null {
  if (!text.includes("@")) return null;
  const pieces: MentionPiece[] = [];
  let last = 0;
  let found = false;
  HANDLE_RUN_RE.lastIndex = 0;
  for (let m = HANDLE_RUN_RE.exec(text); m !== null; m = HANDLE_RUN_RE.exec(text)) {
    const at = m.index;
    const before = at > 0 ? text[at - 1] : "";
    const after = text.charAt(at + m[0].length);
    if (before && NOT_BEFORE_RE.test(before)) continue;
    if (after && NOT_AFTER_RE.test(after)) continue;
    // Trailing dots are sentence punctuation ("thanks @ada."), not part of the handle.
    const handle = m[1].replace(/\.+$/, "");
    if (handle.length < 1 || handle.length > HANDLE_MAX || !/[A-Za-z0-9]/.test(handle)) continue;
    if (at > last) pieces.push({ text: text.slice(last, at) });
    pieces.push({ handle });
    last = at + 1 + handle.length;
    found = true;
  }
  if (!found) return null;
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

function mentionRule(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const out: Token[] = [];
    let linkDepth = 0;
    for (const child of block.children) {
      if (child.type === "link_open") linkDepth++;
      else if (child.type === "link_close") linkDepth = Math.max(0, linkDepth - 1);
      const pieces = child.type === "text" && linkDepth === 0 ? splitMentions(child.content) : null;
      if (!pieces) {
        out.push(child);
        continue;
      }
      for (const piece of pieces) {
        if (piece.handle !== undefined) {
          const token = new state.Token("mention", "span", 0);
          token.content = piece.handle;
          token.markup = "@";
          token.meta = { handle: piece.handle.toLowerCase() };
          token.level = child.level;
          out.push(token);
        } else {
          const token = new state.Token("text", "", 0);
          token.content = piece.text ?? "";
          token.level = child.level;
          out.push(token);
        }
      }
    }
    block.children = out;
  }
}

// ---------------------------------------------------------------------------------------------
// Attribute whitelist and heading demotion (runs last)

function sanitiseToken(token: Token): void {
  switch (token.type) {
    case "link_open": {
      const href = token.attrGet("href");
      token.attrs = null;
      if (typeof href === "string" && isSafeHref(href)) token.attrs = [["href", href]];
      token.attrPush(["rel", LINK_REL]);
      token.attrPush(["target", "_blank"]);
      break;
    }
    case "ordered_list_open": {
      const start = token.attrGet("start");
      token.attrs = null;
      if (start !== null && /^\d{1,9}$/.test(String(start))) token.attrs = [["start", String(start)]];
      break;
    }
    case "heading_open":
    case "heading_close": {
      const level = Number(token.tag.slice(1));
      token.tag = `h${Number.isInteger(level) ? Math.min(6, Math.max(4, level)) : 4}`;
      token.attrs = null;
      break;
    }
    default:
      // Table cells carry style="text-align:…", links a title, etc.: none of it is kept.
      token.attrs = null;
  }
  if (token.children) token.children.forEach(sanitiseToken);
}

function sanitiseRule(state: StateCore): void {
  state.tokens.forEach(sanitiseToken);
}

// ---------------------------------------------------------------------------------------------
// The instance

let instance: MarkdownIt | null = null;

function markdown(): MarkdownIt {
  if (instance) return instance;
  const md = markdownit("default", {
    html: false,
    linkify: true,
    typographer: false,
    breaks: true,
  });
  const { escapeHtml, unescapeAll } = md.utils;

  md.validateLink = isSafeHref;
  md.disable("image");
  md.inline.ruler.before("link", "image_as_text", imageAsText);
  // Before text_join, so an escaped "\@ada" is not a mention.
  md.core.ruler.after("linkify", "mention", mentionRule);
  md.core.ruler.push("comment_safety", sanitiseRule);

  const rules = md.renderer.rules;
  rules.mention = (tokens, idx) => `<span class="mention">@${escapeHtml(tokens[idx].content)}</span>`;
  rules.fence = (tokens, idx) => {
    const token = tokens[idx];
    const lang = token.info ? unescapeAll(token.info).trim().split(/\s+/)[0] : "";
    const cls = /^[A-Za-z0-9_+#.-]{1,32}$/.test(lang) ? ` class="language-${escapeHtml(lang)}"` : "";
    return `<pre><code${cls}>${escapeHtml(token.content)}</code></pre>\n`;
  };
  // Unreachable with the options above; kept so that a config slip cannot emit markup.
  rules.html_block = (tokens, idx) => `<p>${escapeHtml(tokens[idx].content)}</p>\n`;
  rules.html_inline = (tokens, idx) => escapeHtml(tokens[idx].content);
  rules.image = (tokens, idx) => escapeHtml(`![${tokens[idx].content}]`);

  instance = md;
  return md;
}

// ---------------------------------------------------------------------------------------------
// API

/** Renders a comment body to sanitised HTML. */
export function renderMarkdown(body: string): string {
  return markdown().render(body, {});
}

/** A comment body's sanitised token stream (for plain-text views such as excerpts). */
export function parseMarkdown(body: string): Token[] {
  return markdown().parse(body, {});
}

/** The `@handle` mentions in a body: lower-cased, unique, in order of first appearance. */
export function mentionsIn(body: string): string[] {
  const seen = new Set<string>();
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "mention") seen.add(token.content.toLowerCase());
      if (token.children) visit(token.children);
    }
  };
  visit(markdown().parse(body, {}));
  return [...seen];
}

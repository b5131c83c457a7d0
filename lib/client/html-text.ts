// The text of a comment's html, for code that needs words, not markup (a question's "?", a
// report's excerpt): clients get a comment's Markdown only for their own comments, so they read
// everyone's text from `html`. That html is the server's sanitised output (lib/markdown/render.ts),
// so stripping tags and decoding the few entities it writes is enough; no HTML parser needed, and
// it runs the same on the server (SSR) as in the browser.
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", nbsp: " " };

/** The visible text of sanitised comment html; "" for null. */
export function htmlText(html: string | null | undefined): string {
  if (!html) return "";
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      const lower = name.toLowerCase();
      if (lower in ENTITIES) return ENTITIES[lower];
      const code = lower.startsWith("#x") ? parseInt(lower.slice(2), 16) : lower.startsWith("#") ? parseInt(lower.slice(1), 10) : NaN;
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}

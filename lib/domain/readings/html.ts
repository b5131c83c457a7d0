// HTML upload -> the Markdown-ish text the importer reads. Only text survives: block elements
// become paragraphs, h1 the title line, h2-h6 headings of the next paragraph; scripts, styles,
// forms, media and every attribute are dropped, so nothing executable can come through.
import { Parser } from "htmlparser2";

const BLOCK = new Set(["p", "div", "section", "article", "blockquote", "li", "dd", "dt", "pre", "figcaption", "td", "th", "tr", "br", "hr", "main", "header", "footer", "aside", "address"]);
const DROP = new Set(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "title", "form", "button", "select", "textarea", "nav", "canvas", "audio", "video"]);

export function htmlToText(html: string): string {
  const out: string[] = [];
  let current = "";
  let dropDepth = 0;
  let heading: number | null = null;
  let sawTitle = false;

  const flush = () => {
    const text = current.replace(/\s+/g, " ").trim();
    current = "";
    if (!text) return;
    if (heading === 1 && !sawTitle) {
      out.push(`# ${text}`);
      sawTitle = true;
    } else if (heading) {
      out.push(`## ${text}`);
    } else {
      out.push(text);
    }
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (DROP.has(name)) dropDepth++;
        if (dropDepth) return;
        const h = /^h([1-6])$/.exec(name);
        if (h) {
          flush();
          heading = Number(h[1]);
        } else if (BLOCK.has(name)) {
          flush();
        }
      },
      ontext(text) {
        if (!dropDepth) current += text;
      },
      onclosetag(name) {
        if (DROP.has(name)) {
          dropDepth = Math.max(0, dropDepth - 1);
          return;
        }
        if (dropDepth) return;
        if (/^h[1-6]$/.test(name)) {
          flush();
          heading = null;
        } else if (BLOCK.has(name)) {
          flush();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out.join("\n\n");
}

// The printable HTML transcript: one self-contained file (inline CSS, no scripts, no external
// requests: not even a font or an image), laid out like the reading, with the threads beside
// their paragraph on a wide screen and below it in print. Every text is escaped; comment bodies
// are the sanitised HTML of their Markdown (lib/markdown/render.ts), never raw input.
// Pure; golden-tested, and printed to PDF by the browser test.
import {
  countsLine,
  grouped,
  humanUtc,
  isoUtc,
  paragraphUrl,
  readingLine,
  scopeNote,
  threadState,
  type ExportComment,
  type ExportHeader,
} from "./model";

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const CSS = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --accent: #6b3fa0; --hidden: #a15c00; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 2rem 1.5rem 4rem; color: var(--ink); background: #fff;
  font: 16px/1.55 Georgia, "Iowan Old Style", "Palatino Linotype", "Noto Serif", serif; }
header.doc { border-bottom: 2px solid var(--ink); margin-bottom: 2rem; padding-bottom: 1rem; }
header.doc h1 { font-size: 1.8rem; line-height: 1.2; margin: 0 0 .5rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; font-size: .95rem; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
.note { border-left: 4px solid var(--accent); padding: .4rem .8rem; background: #f6f2fb; }
section.para { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 2rem; padding: 1.25rem 0; border-top: 1px solid var(--line); }
.text { position: relative; padding-left: 2.5rem; }
.num { position: absolute; left: 0; top: .1rem; color: var(--muted); font: 600 .85rem/1.5 system-ui, sans-serif; text-decoration: none; }
.text .lead { font-weight: bold; }
.threads, ol.timeline { font: .92rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
.thread { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin: 0 0 1rem; }
.thread h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 .4rem; }
.thread h3 .resolved { color: #1b7f3b; }
blockquote.passage { margin: 0 0 .6rem; padding: .2rem .6rem; border-left: 3px solid var(--accent); font-style: italic; }
.comment { border-top: 1px dashed var(--line); padding: .5rem 0 .3rem; }
.comment:first-of-type { border-top: 0; }
.comment.reply { margin-left: 1rem; }
.who { font-weight: 600; } .when, .tags { color: var(--muted); font-size: .85em; }
.comment .body > :first-child { margin-top: .2rem; } .comment .body > :last-child { margin-bottom: .2rem; }
.body h4 { font-size: 1em; } .body pre { white-space: pre-wrap; background: #f5f5f7; padding: .4rem; }
.mention { color: var(--accent); font-weight: 600; }
.deleted { color: var(--muted); font-style: italic; }
.hidden-mark { color: var(--hidden); font-weight: 700; }
.comment.hidden { background: #fff7eb; }
.reactions { color: var(--muted); font-size: .85em; }
ol.timeline { list-style: none; padding: 0; }
ol.timeline > li { border-top: 1px solid var(--line); padding: .6rem 0; }
footer.doc { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 50rem) { section.para { grid-template-columns: 1fr; gap: .75rem; } }
@page { margin: 2cm 1.8cm; @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 9pt system-ui, sans-serif; color: #5f6368; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.para { display: block; padding: .8rem 0; }
  .threads { margin: .6rem 0 0 2.5rem; }
  .comment, .thread h3, blockquote.passage, ol.timeline > li { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; }
  .body a[href]::after { content: " (" attr(href) ")"; font-size: .85em; color: #5f6368; word-break: break-all; }
}
`;

export function htmlHeader(h: ExportHeader): string {
  const note = scopeNote(h);
  const title = `${h.seminar.title}: discussion transcript`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="doc">
<h1>${esc(title)}</h1>
<dl class="meta">
<dt>Reading</dt><dd>${esc(readingLine(h))}</dd>
${h.reading.source ? `<dt>Source</dt><dd>${esc(h.reading.source)}</dd>\n` : ""}<dt>Seminar</dt><dd>${esc(h.seminar.title)}${h.seminar.state === "closed" ? " (closed)" : ""}</dd>
<dt>Instructor${h.instructors.length === 1 ? "" : "s"}</dt><dd>${esc(h.instructors.join(", ") || "none")}</dd>
<dt>Exported</dt><dd><time datetime="${isoUtc(h.exportedAt)}">${esc(humanUtc(h.exportedAt))}</time></dd>
<dt>Contents</dt><dd>${esc(countsLine(h))}, ${h.order === "paragraph" ? "grouped by paragraph" : "in the order written"}${h.anonymized ? ", names replaced by pseudonyms" : ""}</dd>
</dl>
${note ? `<p class="note">${esc(note)}</p>\n` : ""}${h.counts.comments === 0 ? `<p class="note">There are no comments to export.</p>\n` : ""}</header>
<main>
`;
}

function commentHtml(c: ExportComment, withParagraph: boolean): string {
  const cls = ["comment", c.replyToId ? "reply" : "first", c.hidden ? "hidden" : ""].filter(Boolean).join(" ");
  const tags = [
    ...(withParagraph ? [`¶ ${c.paragraph.number}`] : []),
    ...(c.author.role === "instructor" ? ["instructor"] : []),
    ...(c.editedAt && !c.deleted ? [`edited ${humanUtc(c.editedAt)}`] : []),
    ...(c.replyToId ? ["reply"] : []),
    // In time order there is no thread heading: the thread's pin and lock go on its first comment.
    ...(withParagraph && !c.replyToId ? threadState(c).slice(1) : []),
  ];
  const body = c.deleted ? `<p class="deleted">[deleted]</p>` : `<div class="body">${c.html ?? ""}</div>`;
  const reactions =
    !c.deleted && c.reactions.length ? `<p class="reactions">Reactions: ${c.reactions.map((r) => `${esc(r.kind)} ${r.count}`).join(", ")}</p>` : "";
  return `<article class="${cls}" id="comment-${esc(c.id)}">
<p class="head"><span class="who">${esc(c.author.name)}</span> <time class="when" datetime="${isoUtc(c.createdAt)}">${esc(humanUtc(c.createdAt))}</time>${tags.length ? ` <span class="tags">· ${esc(tags.join(" · "))}</span>` : ""}${c.hidden ? ` <span class="hidden-mark">[hidden by instructor]</span>` : ""}${c.endorsedBy ? ` <strong class="endorsed">endorsed by ${esc(c.endorsedBy.name)}</strong>` : ""}</p>
${body}
${reactions}</article>
`;
}

function paragraphOpen(h: ExportHeader, c: ExportComment): string {
  const p = c.paragraph;
  const lead = p.heading ? `<span class="lead">${esc(p.heading)}</span> ` : "";
  return `<section class="para" id="p-${p.number}">
<div class="text"><a class="num" href="${esc(paragraphUrl(h, p.number))}">${p.number}</a><p>${lead}${esc(p.text)}</p></div>
<div class="threads">
`;
}

function threadOpen(c: ExportComment, n: number): string {
  const [first, ...flags] = threadState(c);
  const state = (c.threadResolved ? `<span class="resolved">resolved</span>` : first) + flags.map((f) => ` · ${f}`).join("");
  const passage = c.passage ? `<blockquote class="passage">${esc(c.passage.exact)}</blockquote>\n` : "";
  return `<div class="thread" id="thread-${esc(c.threadId)}">
<h3>${c.threadKind === "prompt" ? "Prompt" : "Thread"} ${n} · ${state}</h3>
${passage}`;
}

function htmlFooter(h: ExportHeader): string {
  return `</main>
<footer class="doc"><p>Exported from Colloquy on ${esc(humanUtc(h.exportedAt))}.</p></footer>
</body>
</html>
`;
}

export async function* htmlTranscript(h: ExportHeader, rows: AsyncIterable<ExportComment>): AsyncGenerator<string> {
  yield htmlHeader(h);
  if (h.order === "time") {
    let open = false;
    for await (const c of rows) {
      if (!open) yield `<h2>Comments in the order written</h2>\n<ol class="timeline">\n`;
      open = true;
      const passage = c.passage && !c.replyToId ? `<blockquote class="passage">${esc(c.passage.exact)}</blockquote>\n` : "";
      yield `<li>${passage}${commentHtml(c, true)}</li>\n`;
    }
    if (open) yield `</ol>\n`;
    yield htmlFooter(h);
    return;
  }
  let started = false;
  for await (const { c, opensParagraph, opensThread } of grouped(rows)) {
    if (started && opensThread) yield `</div>\n`; // the previous thread
    if (started && opensParagraph) yield `</div>\n</section>\n`; // the previous paragraph
    started = true;
    if (opensParagraph) yield paragraphOpen(h, c);
    if (opensThread) yield threadOpen(c, opensThread);
    yield commentHtml(c, false);
  }
  if (started) yield `</div>\n</div>\n</section>\n`;
  yield htmlFooter(h);
}

// The Markdown transcript. Written for common renderers (CommonMark, GitHub): headings, block
// quotes and lists only, no raw HTML (a "<" in any text is escaped). Comment bodies are
// Markdown already and go in as written, indented under their list item. Pure; golden-tested.
import {
  countsLine,
  grouped,
  humanUtc,
  readingLine,
  scopeNote,
  threadState,
  type ExportComment,
  type ExportHeader,
} from "./model";

/** Text that must stay text: no HTML, and no line that starts a heading or list by accident. */
export function mdText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/</g, "\\<").replace(/([*_`[\]#|])/g, "\\$1");
}

/** A body in a list item: raw HTML neutralised (escaped "<"), every line indented to stay in the item. */
function mdBody(body: string, indent: string): string {
  const safe = body.replace(/\r\n?/g, "\n").replace(/</g, "\\<");
  return safe
    .split("\n")
    .map((l) => (l.trim() ? indent + l : ""))
    .join("\n");
}

const quote = (s: string) =>
  s
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => (l.trim() ? `> ${mdText(l)}` : ">"))
    .join("\n");

export function markdownHeader(h: ExportHeader): string {
  const lines = [
    `# ${mdText(h.seminar.title)}: discussion transcript`,
    "",
    `- **Reading:** ${mdText(readingLine(h))}`,
    ...(h.reading.source ? [`- **Source:** ${mdText(h.reading.source)}`] : []),
    `- **Seminar:** ${mdText(h.seminar.title)}${h.seminar.state === "closed" ? " (closed)" : ""}`,
    `- **Instructor${h.instructors.length === 1 ? "" : "s"}:** ${mdText(h.instructors.join(", ") || "none")}`,
    `- **Exported:** ${humanUtc(h.exportedAt)}`,
    `- **Contents:** ${countsLine(h)}, ${h.order === "paragraph" ? "grouped by paragraph" : "in the order written"}${h.anonymized ? ", names replaced by pseudonyms" : ""}`,
    "",
  ];
  const note = scopeNote(h);
  if (note) lines.push(`*${note}*`, "");
  if (h.counts.comments === 0) lines.push("*There are no comments to export.*", "");
  return lines.join("\n") + "\n";
}

function reactionsLine(c: ExportComment): string {
  return c.reactions.map((r) => `${r.kind} ${r.count}`).join(", ");
}

/** One comment as a list item; replies are items of the same list, marked as replies. */
function commentItem(c: ExportComment, withParagraph: boolean): string {
  const meta = [
    `**${mdText(c.author.name)}**${c.author.role === "instructor" ? " (instructor)" : ""}`,
    humanUtc(c.createdAt),
    ...(c.editedAt && !c.deleted ? [`edited ${humanUtc(c.editedAt)}`] : []),
    ...(withParagraph ? [`¶ ${c.paragraph.number}`] : []),
    ...(c.replyToId ? ["reply"] : [c.threadKind === "prompt" ? "started a prompt" : "started the thread"]),
    // In time order there is no thread heading: the thread's pin and lock go on its first comment.
    ...(withParagraph && !c.replyToId ? threadState(c).slice(1) : []),
    ...(c.hidden ? ["**[hidden by instructor]**"] : []),
    ...(c.endorsedBy ? [`**endorsed by ${mdText(c.endorsedBy.name)}**`] : []),
  ].join(" · ");
  const out = [`- ${meta}`, ""];
  if (c.deleted) out.push("  *[deleted]*", "");
  else {
    out.push(mdBody(c.body ?? "", "  "), "");
    if (c.reactions.length) out.push(`  *Reactions: ${reactionsLine(c)}*`, "");
  }
  return out.join("\n") + "\n";
}

function threadHeading(c: ExportComment, n: number): string {
  const kind = c.threadKind === "prompt" ? "Prompt" : "Thread";
  const lines = [`### ${kind} ${n} (${threadState(c).join(", ")})`, ""];
  if (c.passage) lines.push("On the passage:", "", quote(c.passage.exact), "");
  return lines.join("\n") + "\n";
}

function paragraphBlock(c: ExportComment): string {
  const p = c.paragraph;
  const lines = [`## Paragraph ${p.number}`, ""];
  if (p.heading) lines.push(`> **${mdText(p.heading)}**`, ">");
  lines.push(quote(p.text), "");
  return lines.join("\n") + "\n";
}

export async function* markdownTranscript(h: ExportHeader, rows: AsyncIterable<ExportComment>): AsyncGenerator<string> {
  yield markdownHeader(h);
  if (h.order === "time") {
    let first = true;
    for await (const c of rows) {
      if (first) yield "## Comments in the order written\n\n";
      first = false;
      yield commentItem(c, true);
    }
    return;
  }
  for await (const { c, opensParagraph, opensThread } of grouped(rows)) {
    if (opensParagraph) yield paragraphBlock(c);
    if (opensThread) yield threadHeading(c, opensThread);
    yield commentItem(c, false);
  }
}

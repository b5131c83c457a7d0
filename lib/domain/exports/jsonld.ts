// W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/): an AnnotationCollection
// whose pages (one per batch read, chained by embedded `next`) hold one Annotation per comment.
// Written as a stream of JSON text, so a large seminar never sits in memory as one object.
// Colloquy's own facts (reactions, resolved, pinned, locked, endorsement, hidden, deleted) travel under the `colloquy:`
// prefix, declared in the file's own context (documented in docs/api.md). Pure; golden-tested
// and checked against the model's required fields by tests/unit/exports/jsonld.test.ts.
import { commentUrl, countsLine, isoUtc, readingLine, type ExportComment, type ExportHeader } from "./model";

export const ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
/** The namespace of Colloquy's extension terms; a URN, so it never pretends to be fetchable. */
export const COLLOQUY_NS = "urn:colloquy:export:v1#";
export const CONTEXT = [
  ANNO_CONTEXT,
  {
    colloquy: COLLOQUY_NS,
    "colloquy:reactions": { "@type": "@json" },
    "colloquy:resolved": { "@type": "http://www.w3.org/2001/XMLSchema#boolean" },
    "colloquy:hidden": { "@type": "http://www.w3.org/2001/XMLSchema#boolean" },
    "colloquy:deleted": { "@type": "http://www.w3.org/2001/XMLSchema#boolean" },
    "colloquy:pinned": { "@type": "http://www.w3.org/2001/XMLSchema#boolean" },
    "colloquy:locked": { "@type": "http://www.w3.org/2001/XMLSchema#boolean" },
    "colloquy:endorsedAt": { "@type": "http://www.w3.org/2001/XMLSchema#dateTime" },
    "colloquy:thread": { "@type": "@id" },
    "colloquy:paragraph": { "@type": "http://www.w3.org/2001/XMLSchema#integer" },
  },
];

export const collectionId = (h: ExportHeader) => `${h.origin}/api/v1/seminars/${h.seminar.id}/export?format=jsonld&order=${h.order}${h.anonymized ? "&anonymize=true" : ""}`;
const memberId = (h: ExportHeader, key: string) => `${h.origin}/seminars/${h.seminar.id}#member-${key}`;
const threadId = (h: ExportHeader, id: string) => `${h.origin}/seminars/${h.seminar.id}#thread-${id}`;

export function annotation(h: ExportHeader, c: ExportComment): Record<string, unknown> {
  const target = c.replyToId
    ? commentUrl(h, c.replyToId)
    : {
        type: "SpecificResource",
        source: h.reading.url,
        selector: {
          type: "FragmentSelector",
          conformsTo: "http://tools.ietf.org/rfc/rfc3986",
          value: `p-${c.paragraph.number}`,
          // Passage offsets count within the paragraph, so the passage refines the paragraph.
          ...(c.passage
            ? {
                refinedBy: [
                  { type: "TextQuoteSelector", exact: c.passage.exact, prefix: c.passage.prefix, suffix: c.passage.suffix },
                  { type: "TextPositionSelector", start: c.passage.start, end: c.passage.end },
                ],
              }
            : {}),
        },
      };
  const a: Record<string, unknown> = {
    id: commentUrl(h, c.id),
    type: "Annotation",
    motivation: c.replyToId ? "replying" : "commenting",
    creator: { id: memberId(h, c.author.key), type: "Person", name: c.author.name, ...(c.author.email ? { email: c.author.email } : {}) },
    created: isoUtc(c.createdAt),
    ...(c.editedAt && !c.deleted ? { modified: isoUtc(c.editedAt) } : {}),
  };
  if (!c.deleted) a.body = { type: "TextualBody", value: c.body ?? "", format: "text/markdown", purpose: c.replyToId ? "replying" : "commenting" };
  a.target = target;
  a["colloquy:thread"] = threadId(h, c.threadId);
  a["colloquy:paragraph"] = c.paragraph.number;
  a["colloquy:resolved"] = c.threadResolved;
  a["colloquy:reactions"] = Object.fromEntries(c.reactions.map((r) => [r.kind, r.count]));
  // Pins, locks and endorsements are exceptions, so they appear only where they hold.
  if (c.threadPinned) a["colloquy:pinned"] = true;
  if (c.threadLocked) a["colloquy:locked"] = true;
  if (c.endorsedBy) {
    a["colloquy:endorsedBy"] = { id: memberId(h, c.endorsedBy.key), type: "Person", name: c.endorsedBy.name };
    if (c.endorsedAt) a["colloquy:endorsedAt"] = isoUtc(c.endorsedAt);
  }
  if (c.deleted) a["colloquy:deleted"] = true;
  if (c.hidden) a["colloquy:hidden"] = true;
  return a;
}

/** Two-space JSON for a value nested `depth` levels in. */
function json(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${"  ".repeat(depth)}`);
}

/** Annotations per AnnotationPage; pages do not follow the database batches, so the file does not either. */
export const PAGE_SIZE = 500;

export async function* jsonldCollection(h: ExportHeader, rows: AsyncIterable<ExportComment>, pageSize = PAGE_SIZE): AsyncGenerator<string> {
  const id = collectionId(h);
  const head = {
    "@context": CONTEXT,
    id,
    type: "AnnotationCollection",
    label: `${h.seminar.title}: discussion of ${readingLine(h)} (${countsLine(h)})`,
    total: h.counts.comments,
    generated: isoUtc(h.exportedAt),
    generator: { id: h.origin, type: "Software", name: "Colloquy" },
  };
  const headText = JSON.stringify(head, null, 2);
  yield headText.slice(0, -2) + ',\n  "first": ';
  let pages = 0;
  let index = 0;
  let inPage = 0;
  // Pages nest (each is the previous one's `next`), but the indentation does not grow with
  // them: at 500 annotations a page, a deep file would otherwise be mostly spaces.
  for await (const c of rows) {
    if (inPage === pageSize) {
      yield "\n  ]";
      inPage = 0;
    }
    if (inPage === 0) {
      const page = { id: `${id}&page=${pages + 1}`, type: "AnnotationPage", partOf: id, startIndex: index };
      yield (pages ? ',\n  "next": ' : "") + JSON.stringify(page, null, 2).slice(0, -2) + ',\n  "items": [\n';
      pages += 1;
    } else {
      yield ",\n";
    }
    yield `    ${json(annotation(h, c), 2)}`;
    inPage += 1;
    index += 1;
  }
  if (pages > 0) yield "\n  ]";
  if (pages === 0) {
    yield JSON.stringify({ id: `${id}&page=1`, type: "AnnotationPage", partOf: id, startIndex: 0, items: [] }, null, 2).replace(/\n/g, "\n  ") + "\n}\n";
    return;
  }
  yield "\n}".repeat(pages) + "\n}\n";
}

// What leaves the server about readings: pages and (later) the JSON API render these shapes,
// never Prisma rows.
import type { Paragraph, Reading } from "@/lib/db/generated/client";
import { MARK_TYPES, PARAGRAPH_KINDS, type Mark, type ParagraphKind } from "./segments";

export interface ReadingSummary {
  id: string;
  slug: string;
  title: string;
  author: string | null;
  year: number | null;
  source: string | null;
  paragraphCount: number;
}

export interface ParagraphView {
  id: string;
  /** 1-based, shown in the margin. */
  number: number;
  /** Stable in-page anchor (`#p-3`) for links to a paragraph. */
  anchor: string;
  heading: string | null;
  /** Plain text: passages and selections are offsets into it. */
  text: string;
  /** "paragraph", "quote" (block quote) or "list-item". */
  kind: ParagraphKind;
  /** A numbered list item's number; null otherwise (bulleted items too). */
  ordinal: number | null;
  /** Inline formatting over `text` (em, strong, code, link with a safe href); [] when none. */
  marks: Mark[];
}

export interface ReadingView extends ReadingSummary {
  sourceNote: string | null;
  paragraphs: ParagraphView[];
}

export const paragraphAnchor = (n: number) => `p-${n}`;

export function presentSummary(r: Reading & { _count: { paragraphs: number } }): ReadingSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    author: r.author,
    year: r.year,
    source: r.source,
    paragraphCount: r._count.paragraphs,
  };
}

export function presentReading(r: Reading & { paragraphs: Paragraph[] }): ReadingView {
  return {
    ...presentSummary({ ...r, _count: { paragraphs: r.paragraphs.length } }),
    sourceNote: r.sourceNote,
    paragraphs: r.paragraphs.map((p) => ({
      id: p.id,
      number: p.position,
      anchor: paragraphAnchor(p.position),
      heading: p.heading,
      text: p.text,
      kind: (PARAGRAPH_KINDS as readonly string[]).includes(p.kind) ? (p.kind as ParagraphKind) : "paragraph",
      ordinal: p.ordinal,
      marks: marksOf(p.marks, p.text.length),
    })),
  };
}

/** The stored marks JSON, checked rather than trusted: anything malformed is left out. */
export function marksOf(json: unknown, length: number): Mark[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((m): Mark[] => {
    if (!m || typeof m !== "object") return [];
    const { start, end, type, href } = m as Record<string, unknown>;
    if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) > length || (end as number) <= (start as number)) return [];
    if (!(MARK_TYPES as readonly unknown[]).includes(type)) return [];
    if (type === "link") return typeof href === "string" ? [{ start: start as number, end: end as number, type, href }] : [];
    return [{ start: start as number, end: end as number, type: type as Mark["type"] }];
  });
}

// What leaves the server about readings: pages and (later) the JSON API render these shapes,
// never Prisma rows.
import type { Paragraph, Reading } from "@/lib/db/generated/client";

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
  text: string;
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
    })),
  };
}

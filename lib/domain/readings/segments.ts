// Inline formatting of a paragraph and the one function that cuts a paragraph's text into the
// pieces the reading page and the seminar room render. Pure and browser-safe.
//
// A paragraph's `text` stays plain: passages (threads' start/end) and content hashes are offsets
// into it. Formatting is a separate list of marks over the same offsets, so rendering the pieces
// in order gives a DOM whose textContent is exactly `text`, and selection offsets keep working.

export const MARK_TYPES = ["em", "strong", "code", "link"] as const;
export type MarkType = (typeof MARK_TYPES)[number];

export interface Mark {
  start: number;
  end: number;
  type: MarkType;
  /** Links only: an href that passed the comment renderer's allow-list (`isSafeHref`). */
  href?: string;
}

export const PARAGRAPH_KINDS = ["paragraph", "quote", "list-item"] as const;
export type ParagraphKind = (typeof PARAGRAPH_KINDS)[number];

/** A passage to highlight: [threadId, start, end]. */
export type PassageRange = [string, number, number];

export interface Segment {
  start: number;
  end: number;
  text: string;
  /** Threads whose passage covers this piece (empty: not part of a discussed passage). */
  threadIds: string[];
  /** The marks covering this piece, outermost first: link, strong, em, code. */
  marks: Mark[];
}

const NESTING: Record<MarkType, number> = { link: 0, strong: 1, em: 2, code: 3 };

/**
 * `text` cut at every mark and passage boundary. Marks or passages that do not fit the text
 * (out of range, empty) are ignored rather than trusted: the text is the source of truth.
 */
export function segments(text: string, marks: readonly Mark[] | null | undefined, ranges: readonly PassageRange[] = []): Segment[] {
  const fits = (start: number, end: number) => Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= text.length && end > start;
  const passages = ranges.filter(([, start, end]) => fits(start, end));
  const formats = (marks ?? []).filter((m) => fits(m.start, m.end) && m.type in NESTING);
  const cuts = new Set([0, text.length]);
  for (const [, start, end] of passages) cuts.add(start).add(end);
  for (const m of formats) cuts.add(m.start).add(m.end);
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    out.push({
      start: a,
      end: b,
      text: text.slice(a, b),
      threadIds: passages.filter(([, start, end]) => start <= a && end >= b).map(([id]) => id),
      marks: formats.filter((m) => m.start <= a && m.end >= b).sort((x, y) => NESTING[x.type] - NESTING[y.type]),
    });
  }
  if (!out.length) out.push({ start: 0, end: 0, text, threadIds: [], marks: [] });
  return out;
}

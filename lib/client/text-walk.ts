// Word and sentence boundaries of a paragraph's text, and the moves of a keyboard passage
// selection over them (app/seminars/[id]/room/use-keyboard-selection.ts). Pure: no DOM, so the
// rules are tested on their own (tests/unit/client/text-walk.test.ts).
//
// A selection is kept as word indices, an anchor word and a focus word: it covers every word
// between them, both included, so it is never empty and always starts and ends on a word.

export interface Span {
  start: number;
  end: number;
}

export interface WordSelection {
  anchor: number;
  focus: number;
}

export interface Move {
  unit: "word" | "sentence" | "edge";
  dir: 1 | -1;
  /** Shift: move the focus word only (extend or shrink); otherwise select a new word or sentence. */
  extend: boolean;
}

/** The words of `text` (Intl.Segmenter: any script; punctuation and spaces are not words). */
export function wordSpans(text: string, locale?: string): Span[] {
  const out: Span[] = [];
  for (const s of new Intl.Segmenter(locale, { granularity: "word" }).segment(text)) {
    if (s.isWordLike) out.push({ start: s.index, end: s.index + s.segment.length });
  }
  return out;
}

// Abbreviations after which a full stop does not end a sentence (ICU's sentence rules split after
// them): titles, Latin shorthands, and single initials ("J. V. Stalin").
const ABBREVIATION = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Capt|Sgt|Gov|Sen|Rep|Jr|Sr|Mt|No|Vol|pp|cf|vs|etc|e\.g|i\.e|[A-Z])\.$/;

/** The sentences of `text`, without their surrounding spaces. */
export function sentenceSpans(text: string, locale?: string): Span[] {
  const out: Span[] = [];
  let joinNext = false;
  for (const s of new Intl.Segmenter(locale, { granularity: "sentence" }).segment(text)) {
    const lead = s.segment.length - s.segment.trimStart().length;
    const body = s.segment.trim();
    if (!body) continue;
    const span = { start: s.index + lead, end: s.index + lead + body.length };
    if (joinNext && out.length) out[out.length - 1].end = span.end;
    else out.push(span);
    joinNext = ABBREVIATION.test(body);
  }
  return out;
}

/** Words and, for each word, the index of its sentence: what the moves work on. */
export interface TextMap {
  words: Span[];
  /** sentenceOf[i]: the sentence of word i (sentences without words are left out). */
  sentenceOf: number[];
  /** The first and last word of each sentence. */
  sentences: { first: number; last: number }[];
}

export function mapText(text: string, locale?: string): TextMap {
  const words = wordSpans(text, locale);
  const spans = sentenceSpans(text, locale);
  const sentences: { first: number; last: number }[] = [];
  const sentenceOf: number[] = [];
  let span = 0;
  let previousSpan = -1;
  words.forEach((w, i) => {
    while (span < spans.length - 1 && w.start >= spans[span].end) span++;
    if (span === previousSpan) sentences[sentences.length - 1].last = i;
    else sentences.push({ first: i, last: i });
    previousSpan = span;
    sentenceOf.push(sentences.length - 1);
  });
  return { words, sentenceOf, sentences };
}

/** The first word selected: where Enter starts a selection. Null when the text has no words. */
export function firstWord(map: TextMap): WordSelection | null {
  return map.words.length ? { anchor: 0, focus: 0 } : null;
}

const clamp = (n: number, max: number) => Math.max(0, Math.min(max, n));

/**
 * One key press. Without Shift, a word move selects the next/previous word alone; a sentence move
 * selects the whole sentence the selection ends (starts) in, or the next (previous) one when the
 * selection already reaches that sentence's end (start); an edge move the first/last word. With Shift only the focus
 * word moves: by a word, to the end (start) of its sentence or else of the next (previous) one,
 * or to the last (first) word; the anchor word stays selected.
 */
export function moveSelection(map: TextMap, sel: WordSelection, move: Move): WordSelection {
  const last = map.words.length - 1;
  if (last < 0) return sel;
  const lo = Math.min(sel.anchor, sel.focus);
  const hi = Math.max(sel.anchor, sel.focus);
  const { sentences, sentenceOf } = map;
  if (move.unit === "edge") {
    const to = move.dir > 0 ? last : 0;
    return move.extend ? { anchor: sel.anchor, focus: to } : { anchor: to, focus: to };
  }
  if (move.unit === "word") {
    if (move.extend) return { anchor: sel.anchor, focus: clamp(sel.focus + move.dir, last) };
    const to = move.dir > 0 ? clamp(hi + 1, last) : clamp(lo - 1, last);
    return { anchor: to, focus: to };
  }
  if (move.extend) {
    const s = sentences[sentenceOf[sel.focus]];
    if (move.dir > 0) {
      const to = sel.focus < s.last ? s.last : (sentences[sentenceOf[sel.focus] + 1]?.last ?? s.last);
      return { anchor: sel.anchor, focus: to };
    }
    const to = sel.focus > s.first ? s.first : (sentences[sentenceOf[sel.focus] - 1]?.first ?? s.first);
    return { anchor: sel.anchor, focus: to };
  }
  // The sentence the selection ends (starts) in; when the selection already reaches its end
  // (start), the next (previous) sentence.
  const edge = move.dir > 0 ? hi : lo;
  const at = sentences[sentenceOf[edge]];
  const reached = move.dir > 0 ? hi === at.last : lo === at.first;
  const s = reached ? (sentences[sentenceOf[edge] + move.dir] ?? at) : at;
  return { anchor: s.first, focus: s.last };
}

/** The characters a selection covers, from its first word's start to its last word's end. */
export function selectionSpan(map: TextMap, sel: WordSelection): Span {
  return { start: map.words[Math.min(sel.anchor, sel.focus)].start, end: map.words[Math.max(sel.anchor, sel.focus)].end };
}

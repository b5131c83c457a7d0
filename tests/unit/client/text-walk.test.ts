import { describe, expect, it } from "vitest";
import { firstWord, mapText, moveSelection, selectionSpan, sentenceSpans, wordSpans, type Move, type TextMap, type WordSelection } from "@/lib/client/text-walk";

const TEXT = "Mr. Stalin waited. The army, however, did not: it moved east! Was it wise?";
const slice = (text: string, spans: { start: number; end: number }[]) => spans.map((s) => text.slice(s.start, s.end));
const selected = (map: TextMap, sel: WordSelection) => {
  const { start, end } = selectionSpan(map, sel);
  return TEXT.slice(start, end);
};

const right: Move = { unit: "word", dir: 1, extend: false };
const left: Move = { unit: "word", dir: -1, extend: false };
const shiftRight: Move = { unit: "word", dir: 1, extend: true };
const shiftLeft: Move = { unit: "word", dir: -1, extend: true };
const down: Move = { unit: "sentence", dir: 1, extend: false };
const up: Move = { unit: "sentence", dir: -1, extend: false };
const shiftDown: Move = { unit: "sentence", dir: 1, extend: true };
const shiftUp: Move = { unit: "sentence", dir: -1, extend: true };

describe("word and sentence boundaries", () => {
  it("words leave out spaces and punctuation, and keep apostrophes and hyphens inside a word", () => {
    expect(slice("The army's build-up, in 1945.", wordSpans("The army's build-up, in 1945."))).toEqual(["The", "army's", "build", "up", "in", "1945"]);
  });

  it("sentences end at . ! ? without their spaces, but not after a title or an initial", () => {
    expect(slice(TEXT, sentenceSpans(TEXT))).toEqual(["Mr. Stalin waited.", "The army, however, did not: it moved east!", "Was it wise?"]);
    const initials = "J. V. Stalin wrote it. Then he left.";
    expect(slice(initials, sentenceSpans(initials))).toEqual(["J. V. Stalin wrote it.", "Then he left."]);
  });

  it("a text without words has nothing to select", () => {
    const map = mapText(" — … ");
    expect(map.words).toEqual([]);
    expect(firstWord(map)).toBeNull();
  });
});

describe("moving a keyboard selection", () => {
  const map = mapText(TEXT);
  const start = firstWord(map)!;

  it("starts on the first word", () => {
    expect(selected(map, start)).toBe("Mr");
  });

  it("arrows select the next or previous word alone, and stop at the ends", () => {
    let sel = moveSelection(map, start, right);
    expect(selected(map, sel)).toBe("Stalin");
    sel = moveSelection(map, sel, right);
    expect(selected(map, sel)).toBe("waited");
    sel = moveSelection(map, sel, left);
    expect(selected(map, sel)).toBe("Stalin");
    expect(moveSelection(map, start, left)).toEqual(start);
    const end = moveSelection(map, start, { unit: "edge", dir: 1, extend: false });
    expect(selected(map, end)).toBe("wise");
    expect(moveSelection(map, end, right)).toEqual(end);
  });

  it("Shift+arrows extend by a word and shrink back, keeping the anchor word", () => {
    let sel = moveSelection(map, start, shiftRight);
    sel = moveSelection(map, sel, shiftRight);
    expect(selected(map, sel)).toBe("Mr. Stalin waited");
    sel = moveSelection(map, sel, shiftLeft);
    expect(selected(map, sel)).toBe("Mr. Stalin");
    // Past the anchor the selection grows the other way.
    const fromArmy = { anchor: 4, focus: 4 };
    expect(selected(map, moveSelection(map, fromArmy, shiftLeft))).toBe("The army");
  });

  it("an arrow after an extended selection selects the word beyond its end (or before its start)", () => {
    const sel = { anchor: 3, focus: 5 }; // The army, however
    expect(selected(map, moveSelection(map, sel, right))).toBe("did");
    expect(selected(map, moveSelection(map, sel, left))).toBe("waited");
  });

  it("Down selects the sentence, then the next one; Up the sentence, then the previous one", () => {
    let sel = moveSelection(map, start, down);
    expect(selected(map, sel)).toBe("Mr. Stalin waited");
    sel = moveSelection(map, sel, down);
    expect(selected(map, sel)).toBe("The army, however, did not: it moved east");
    sel = moveSelection(map, sel, down);
    expect(selected(map, sel)).toBe("Was it wise");
    expect(moveSelection(map, sel, down)).toEqual(sel);
    sel = moveSelection(map, sel, up);
    expect(selected(map, sel)).toBe("The army, however, did not: it moved east");
    // From a word inside a sentence, Up selects that whole sentence first.
    expect(selected(map, moveSelection(map, { anchor: 6, focus: 6 }, up))).toBe("The army, however, did not: it moved east");
  });

  it("Shift+Down extends to the end of the sentence, then of the next; Shift+Up back to a sentence start", () => {
    let sel = moveSelection(map, { anchor: 4, focus: 4 }, shiftDown);
    expect(selected(map, sel)).toBe("army, however, did not: it moved east");
    sel = moveSelection(map, sel, shiftDown);
    expect(selected(map, sel)).toBe("army, however, did not: it moved east! Was it wise");
    sel = moveSelection(map, sel, shiftUp);
    expect(selected(map, sel)).toBe("army, however, did not: it moved east! Was");
    expect(selected(map, moveSelection(map, { anchor: 4, focus: 4 }, shiftUp))).toBe("The army");
  });

  it("Shift+Home and Shift+End extend to the first and last word", () => {
    expect(selected(map, moveSelection(map, { anchor: 4, focus: 4 }, { unit: "edge", dir: 1, extend: true }))).toBe("army, however, did not: it moved east! Was it wise");
    expect(selected(map, moveSelection(map, { anchor: 4, focus: 4 }, { unit: "edge", dir: -1, extend: true }))).toBe("Mr. Stalin waited. The army");
  });
});

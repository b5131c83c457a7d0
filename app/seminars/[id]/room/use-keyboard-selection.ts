"use client";

// The reading's keys: a paragraph is one Tab stop (its text); Enter "enters" it to select a
// passage by word and sentence, and the selection is the real DOM selection over its
// `.paragraph-body`, so the room's passageFromSelection() and "Comment on this passage" work on
// it as on a mouse selection. Right arrow goes to the paragraph's margin button (not a Tab stop of
// its own), Left back. Single-key shortcuts (? and C) act only here, in the reading, never while
// typing in a field, and only while the reader has them on (WCAG 2.1.4). Every selection is
// announced in the room's polite live region. The word and sentence rules are pure
// (lib/client/text-walk.ts); this hook only reads keys and moves the DOM selection.
import { useCallback, useRef, useState } from "react";
import { firstWord, mapText, moveSelection, selectionSpan, type Move, type TextMap, type WordSelection } from "@/lib/client/text-walk";

interface Options {
  /** Single-key shortcuts on (the reader's choice in the keyboard help). */
  singleKeys: boolean;
  canWrite: boolean;
  announce: (text: string) => void;
  /** Opens the composer on the passage selected now; false when no passage is selected. */
  commentOnSelection: () => boolean;
  openHelp: () => void;
}

interface Current {
  paragraphId: string;
  number: number;
  body: HTMLElement;
  map: TextMap;
  sel: WordSelection;
}

/** Keys typed into these are text, never shortcuts. */
function isField(el: HTMLElement): boolean {
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** The DOM point `offset` characters into `root`'s text; at a boundary, the start of the next text node when `forward`. */
function pointAt(root: HTMLElement, offset: number, forward: boolean): [Node, number] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  let last: Text | null = null;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const len = n.data.length;
    if (offset < seen + len || (!forward && offset === seen + len)) return [n, offset - seen];
    seen += len;
    last = n;
  }
  return last ? [last, last.data.length] : [root, 0];
}

function selectText(body: HTMLElement, start: number, end: number) {
  const range = document.createRange();
  range.setStart(...pointAt(body, start, true));
  range.setEnd(...pointAt(body, end, false));
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
}

/** The move a key asks for while selecting, or null for any other key. */
function moveFor(e: React.KeyboardEvent): Move | null {
  const extend = e.shiftKey;
  // Ctrl (Alt on a Mac) with Left/Right moves by sentence, as Up/Down do.
  const bySentence = e.ctrlKey || e.altKey;
  switch (e.key) {
    case "ArrowRight":
      return { unit: bySentence ? "sentence" : "word", dir: 1, extend };
    case "ArrowLeft":
      return { unit: bySentence ? "sentence" : "word", dir: -1, extend };
    case "ArrowDown":
      return { unit: "sentence", dir: 1, extend };
    case "ArrowUp":
      return { unit: "sentence", dir: -1, extend };
    case "End":
      return { unit: "edge", dir: 1, extend };
    case "Home":
      return { unit: "edge", dir: -1, extend };
    default:
      return null;
  }
}

export const SELECTING_HELP = "Arrows move by word, Up and Down by sentence, Shift extends, Enter comments, Escape stops.";

export function useKeyboardSelection({ singleKeys, canWrite, announce, commentOnSelection, openHelp }: Options) {
  const [entered, setEntered] = useState<string | null>(null);
  const current = useRef<Current | null>(null);

  const leave = useCallback((clear: boolean) => {
    current.current = null;
    setEntered(null);
    if (clear) window.getSelection()?.removeAllRanges();
  }, []);

  const show = useCallback((c: Current, prefix = "") => {
    const { start, end } = selectionSpan(c.map, c.sel);
    selectText(c.body, start, end);
    announce(`${prefix}“${c.body.textContent?.slice(start, end) ?? ""}”`);
  }, [announce]);

  const comment = useCallback(() => {
    if (!canWrite) {
      announce("This seminar is closed: it takes no new comments.");
      return true;
    }
    return commentOnSelection();
  }, [canWrite, commentOnSelection, announce]);

  const onKeyDown = useCallback(
    (e: React.KeyboardEvent<HTMLElement>) => {
      const target = e.target as HTMLElement;
      if (isField(target) || target.closest("dialog")) return;
      const row = target.closest<HTMLLIElement>("[data-paragraph-id]");
      const onText = !!row && target.classList.contains("paragraph-text");
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
      const c = current.current;

      if (onText && c && c.paragraphId === row.dataset.paragraphId) {
        const move = moveFor(e);
        if (move && !e.metaKey) {
          e.preventDefault();
          c.sel = moveSelection(c.map, c.sel, move);
          show(c);
          return;
        }
        if (e.key === "Escape") {
          e.preventDefault();
          leave(true);
          announce("Stopped selecting.");
          return;
        }
        if (e.key === "Enter" && plain && !e.shiftKey) {
          e.preventDefault();
          if (comment()) leave(false);
          return;
        }
      } else if (onText && plain && !e.shiftKey && e.key === "Enter") {
        e.preventDefault();
        const body = target.querySelector<HTMLElement>(".paragraph-body");
        if (!body) return;
        const map = mapText(body.textContent ?? "");
        const sel = firstWord(map);
        if (!sel) return announce("This paragraph has no words to select.");
        const next = { paragraphId: row.dataset.paragraphId!, number: row.value, body, map, sel };
        current.current = next;
        setEntered(next.paragraphId);
        show(next, `Selecting in paragraph ${next.number}. ${SELECTING_HELP} `);
        return;
      } else if (onText && plain && !e.shiftKey && e.key === "ArrowRight") {
        e.preventDefault();
        row.querySelector<HTMLElement>(".margin-count")?.focus();
        return;
      } else if (row && plain && !e.shiftKey && e.key === "ArrowLeft" && target.classList.contains("margin-count")) {
        e.preventDefault();
        row.querySelector<HTMLElement>(".paragraph-text")?.focus();
        return;
      }

      if (!singleKeys || !plain) return;
      if (e.key === "?") {
        e.preventDefault();
        openHelp();
      } else if (e.key === "c" || e.key === "C") {
        e.preventDefault();
        if (comment()) leave(false);
        else announce("No passage is selected: press Enter on a paragraph to select one.");
      }
    },
    [singleKeys, show, leave, announce, comment, openHelp],
  );

  // Focus leaving the paragraph ends the selecting, but keeps the selection: Tab reaches
  // "Comment on this passage" with the passage still selected.
  const onBlur = useCallback(
    (e: React.FocusEvent<HTMLElement>) => {
      const c = current.current;
      if (c && e.target.classList.contains("paragraph-text") && e.target.closest<HTMLElement>("[data-paragraph-id]")?.dataset.paragraphId === c.paragraphId) leave(false);
    },
    [leave],
  );

  return { entered, onKeyDown, onBlur };
}

"use client";

// One paragraph of the reading with its margin: memoised, and given only its own slice of the
// store (its loaded threads and its summary), so an event about one paragraph re-renders that
// paragraph alone. Counts come from its threads once they are all loaded, else from its summary.
import { memo, useLayoutEffect, useMemo, useRef } from "react";
import { isQuestion, type ParagraphState } from "@/lib/client/discussion-store";
import type { ParagraphView } from "@/lib/domain/readings/present";
import type { Bucket, PassageView, ThreadView } from "@/lib/domain/threads/present";
import { FormattedPiece, ParagraphNumber, ParagraphText } from "@/app/_components/reading-text";
import { segments } from "@/lib/domain/readings/segments";

export type Filter = "all" | "unresolved" | "mine" | "questions";
export interface Selection {
  paragraphId: string;
  passage: PassageView;
}

type Range = [string, number, number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const NO_THREADS: ThreadView[] = [];

/** The counts the margin shows for a paragraph whose threads are not all loaded, from its summary. */
function fromSummary(p: ParagraphState | undefined, filter: Filter, author: string | null): Bucket & { openQuestions: number } {
  if (!p) return { threads: 0, comments: 0, openQuestions: 0 };
  const s = p.summary;
  // With the author filter (from the dashboard) the author's counts win; the other filters then
  // apply once the paragraph's threads are loaded (it loads as it scrolls into view).
  const b = author ? (s.author ?? s.all) : filter === "unresolved" ? s.unresolved : filter === "questions" ? s.questions : filter === "mine" ? s.mine : s.all;
  return { ...b, openQuestions: author || filter === "mine" ? 0 : s.openQuestions };
}

interface Props {
  p: ParagraphView;
  /** Its loaded threads, in order (the same array while they do not change). */
  threads: ThreadView[] | undefined;
  state: ParagraphState | undefined;
  matches: (t: ThreadView) => boolean;
  filter: Filter;
  author: string | null;
  open: boolean;
  /** 0..1 when the heat shading is on, else null. */
  heat: number | null;
  /** The focused thread, when it is one of this paragraph's. */
  focusedThread: string | null;
  /** The reader's text selection, when it is in this paragraph. */
  selection: Selection | null;
  /** The reader is selecting a passage here by keys (use-keyboard-selection.ts). */
  entered: boolean;
  canWrite: boolean;
  instructor: boolean;
  onOpen: (paragraphId: string, threadId?: string) => void;
  onDraft: (selection: Selection, kind?: "prompt") => void;
}

function ParagraphRowImpl({ p, threads = NO_THREADS, state, matches, filter, author, open, heat, focusedThread, selection, entered, canWrite, instructor, onOpen, onDraft }: Props) {
  const complete = state?.status === "complete";
  const shown = useMemo(() => threads.filter(matches), [threads, matches]);
  const counts = useMemo(() => {
    if (!complete) return fromSummary(state, filter, author);
    return {
      threads: shown.length,
      comments: shown.reduce((n, t) => n + t.comments.filter((c) => !c.deletedAt).length, 0),
      openQuestions: shown.filter((t) => !t.resolved && isQuestion(t)).length,
    };
  }, [complete, shown, state, filter, author]);
  const ranges = useMemo((): Range[] => {
    if (complete) return shown.flatMap((t) => (t.passage && p.text.slice(t.passage.start, t.passage.end) === t.passage.exact ? [[t.id, t.passage.start, t.passage.end] as Range] : []));
    return state?.summary.passages ?? [];
  }, [complete, shown, state, p.text]);
  const pieces = useMemo(() => segments(p.text, p.marks, ranges), [p.text, p.marks, ranges]);
  const unread = state?.summary.unread ?? 0;
  // The words around the margin's visible numbers: "1 · 2" reads "1 thread, 2 comments."
  const threadWord = counts.threads === 1 ? "thread" : "threads";
  const commentWords = `${counts.comments === 1 ? "comment" : "comments"}${counts.openQuestions ? `, ${plural(counts.openQuestions, "open question")}` : ""}.`;

  // Renders, counted where a test (or a curious developer) can read them: data-render-count.
  const row = useRef<HTMLLIElement>(null);
  const renders = useRef(0);
  useLayoutEffect(() => {
    renders.current += 1;
    row.current?.setAttribute("data-render-count", String(renders.current));
  });

  return (
    <li
      ref={row}
      id={p.anchor}
      className={`paragraph${open ? " paragraph-open" : ""}${entered ? " paragraph-entered" : ""}`}
      data-paragraph-id={p.id}
      data-threads={state ? Math.max(state.summary.all.threads, state.ids.length) : 0}
      value={p.number}
      style={heat !== null ? ({ "--heat": heat.toFixed(2) } as React.CSSProperties) : undefined}
    >
      {/* One Tab stop per paragraph: its text (keys in use-keyboard-selection.ts); the number link
          and the margin button are reached by mouse, by screen readers' browse mode, and the margin
          by Right arrow from the text. */}
      <ParagraphNumber paragraph={p} tabIndex={-1} />
      <ParagraphText paragraph={p} tabIndex={0} aria-describedby="paragraph-keys">
        <span className="paragraph-body">
          {pieces.map((s, i) =>
            s.threadIds.length ? (
              <mark
                key={i}
                className={`passage${focusedThread && s.threadIds.includes(focusedThread) ? " passage-active" : ""}`}
                data-thread-ids={s.threadIds.join(" ")}
                // Not a Tab stop: the paragraph is one (its threads, passages' too, are in its
                // discussion, Right arrow from the text); a click or a screen reader's browse mode opens it.
                tabIndex={-1}
                role="button"
                aria-label={`Passage with discussion: ${s.text}`}
                onClick={() => onOpen(p.id, s.threadIds[0])}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    onOpen(p.id, s.threadIds[0]);
                  }
                }}
              >
                <FormattedPiece segment={s} links={false} />
              </mark>
            ) : (
              <span key={i}>
                <FormattedPiece segment={s} />
              </span>
            ),
          )}
        </span>
      </ParagraphText>
      <div className="paragraph-margin">
        {/* Named by its content: the visible "1 · 2" inside words that say what they count, so
            the accessible name contains the visible text (WCAG 2.5.3). */}
        <button type="button" className={`margin-count${counts.threads ? "" : " margin-empty"}`} onClick={() => onOpen(p.id)} aria-expanded={open} tabIndex={-1} data-testid={`margin-${p.number}`}>
          <span className="visually-hidden">Paragraph {p.number}: </span>
          {counts.threads ? (
            <>
              <span className="margin-threads">{counts.threads}</span>
              <span className="visually-hidden"> {threadWord}, </span>
              <span className="margin-sep" aria-hidden="true">
                ·
              </span>
              <span className="margin-comments">{counts.comments}</span>
              <span className="visually-hidden"> {commentWords} </span>
              {counts.openQuestions ? (
                <span className="margin-question" title="Open question" aria-hidden="true">
                  ?
                </span>
              ) : null}
              {unread ? (
                <span className="margin-unread" title={`${unread} new since your last visit`} data-testid={`unread-${p.number}`}>
                  {unread} new<span className="visually-hidden"> since your last visit.</span>
                </span>
              ) : null}
            </>
          ) : (
            <>
              <span className="visually-hidden">
                {plural(counts.threads, "thread")}, {counts.comments} {commentWords}{" "}
              </span>
              <span aria-hidden="true">+</span>
            </>
          )}
          <span className="visually-hidden"> Open the discussion.</span>
        </button>
      </div>
      {selection && canWrite ? (
        <button type="button" className="button button-small passage-button" onMouseDown={(e) => e.preventDefault()} onClick={() => onDraft(selection)}>
          Comment on this passage
        </button>
      ) : null}
      {selection && canWrite && instructor ? (
        <button type="button" className="button button-small passage-button passage-button-prompt" onMouseDown={(e) => e.preventDefault()} onClick={() => onDraft(selection, "prompt")}>
          Post a prompt
        </button>
      ) : null}
    </li>
  );
}

export const ParagraphRow = memo(ParagraphRowImpl);

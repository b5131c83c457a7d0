"use client";

// Markdown composer: Write / Preview (the same renderer the server uses), Ctrl/Cmd+Enter sends,
// "@" opens member suggestions (arrow keys, Enter or Tab to insert, Escape to close).
import { useId, useMemo, useRef, useState } from "react";
import { MAX_COMMENT_CHARS, renderMarkdown } from "@/lib/markdown/render";
import { handleFor } from "@/lib/domain/threads/handles";
import { useTouchScreen } from "./use-touch-screen";

export interface MentionCandidate {
  key: string;
  name: string;
  /** What "@" inserts: the name's handle, or "student.N" where students' names are hidden. */
  handle: string;
}

interface Props {
  label: string;
  submitLabel: string;
  initial?: string;
  members: MentionCandidate[];
  autoFocus?: boolean;
  disabled?: boolean;
  onSubmit: (body: string) => void;
  onCancel?: () => void;
  onTyping?: () => void;
}

export function Composer({ label, submitLabel, initial = "", members, autoFocus, disabled, onSubmit, onCancel, onTyping }: Props) {
  const [body, setBody] = useState(initial);
  const touchScreen = useTouchScreen();
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [query, setQuery] = useState<{ text: string; at: number } | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const tooLong = body.length > MAX_COMMENT_CHARS;

  const suggestions = useMemo(() => {
    if (!query) return [];
    const q = query.text.toLowerCase();
    return members.filter((m) => m.handle.startsWith(q) || handleFor(m.name).startsWith(q) || m.name.toLowerCase().includes(q)).slice(0, 6);
  }, [query, members]);

  function send() {
    if (!body.trim() || tooLong || disabled) return;
    onSubmit(body);
    setBody("");
    setTab("write");
  }

  function updateQuery(value: string, caret: number) {
    const m = /(^|\s)@([\w.-]{0,40})$/.exec(value.slice(0, caret));
    setQuery(m ? { text: m[2], at: caret - m[2].length - 1 } : null);
    setActive(0);
  }

  function insert(candidate: MentionCandidate) {
    if (!query) return;
    const handle = `@${candidate.handle} `;
    const caret = area.current?.selectionStart ?? body.length;
    const next = body.slice(0, query.at) + handle + body.slice(caret);
    setBody(next);
    setQuery(null);
    requestAnimationFrame(() => {
      const pos = query.at + handle.length;
      area.current?.focus();
      area.current?.setSelectionRange(pos, pos);
    });
  }

  return (
    <div className="composer">
      <div className="composer-tabs" role="tablist" aria-label={`${label}: write or preview`}>
        <button type="button" role="tab" aria-selected={tab === "write"} onClick={() => setTab("write")}>
          Write
        </button>
        <button type="button" role="tab" aria-selected={tab === "preview"} onClick={() => setTab("preview")}>
          Preview
        </button>
      </div>
      {tab === "write" ? (
        <div className="composer-write">
          <textarea
            ref={area}
            aria-label={label}
            value={body}
            rows={3}
            autoFocus={autoFocus}
            placeholder={touchScreen ? "Write in Markdown. @ mentions a member." : "Write in Markdown. @ mentions a member. Ctrl+Enter sends."}
            aria-autocomplete="list"
            aria-controls={suggestions.length ? `${id}-mentions` : undefined}
            aria-activedescendant={suggestions.length ? `${id}-mention-${active}` : undefined}
            onChange={(e) => {
              setBody(e.target.value);
              updateQuery(e.target.value, e.target.selectionStart);
              onTyping?.();
            }}
            onKeyDown={(e) => {
              if (suggestions.length) {
                if (e.key === "ArrowDown") {
                  e.preventDefault();
                  setActive((a) => (a + 1) % suggestions.length);
                  return;
                }
                if (e.key === "ArrowUp") {
                  e.preventDefault();
                  setActive((a) => (a - 1 + suggestions.length) % suggestions.length);
                  return;
                }
                if ((e.key === "Enter" && !e.ctrlKey && !e.metaKey) || e.key === "Tab") {
                  e.preventDefault();
                  insert(suggestions[active]);
                  return;
                }
                if (e.key === "Escape") {
                  e.preventDefault();
                  setQuery(null);
                  return;
                }
              }
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                send();
              } else if (e.key === "Escape" && onCancel) {
                e.preventDefault();
                onCancel();
              }
            }}
          />
          {suggestions.length ? (
            <ul className="mention-list" role="listbox" id={`${id}-mentions`} aria-label="Members">
              {suggestions.map((m, i) => (
                <li
                  key={m.key}
                  id={`${id}-mention-${i}`}
                  role="option"
                  aria-selected={i === active}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    insert(m);
                  }}
                >
                  {m.name} <span className="muted">@{m.handle}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <div className="composer-preview comment-body" aria-live="polite" dangerouslySetInnerHTML={{ __html: body.trim() ? renderMarkdown(body) : "<p class=\"muted\">Nothing to preview.</p>" }} />
      )}
      <div className="composer-actions">
        <span className={tooLong ? "form-error" : "muted"}>
          {tooLong ? `${body.length.toLocaleString()} / ${MAX_COMMENT_CHARS.toLocaleString()} characters: too long` : body.length > MAX_COMMENT_CHARS * 0.8 ? `${body.length.toLocaleString()} / ${MAX_COMMENT_CHARS.toLocaleString()}` : null}
        </span>
        {onCancel ? (
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="button" className="button button-small" disabled={!body.trim() || tooLong || disabled} onClick={send}>
          {submitLabel}
        </button>
      </div>
    </div>
  );
}

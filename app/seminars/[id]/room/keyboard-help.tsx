"use client";

// "Keyboard shortcuts": every key of the room in one modal dialog (the native <dialog>: focus
// stays inside, Escape closes, focus returns to where it was), opened with ? in the reading or
// its button, with the switch that turns single-key shortcuts off (WCAG 2.1.4).
import { useEffect, useId, useRef } from "react";

interface Props {
  singleKeys: boolean;
  onSingleKeys: (on: boolean) => void;
  onClose: () => void;
}

const GROUPS: { title: string; keys: [string, string][] }[] = [
  {
    title: "In the reading",
    keys: [
      ["Tab, Shift+Tab", "Next or previous paragraph (one stop each)"],
      ["Enter", "Start selecting a passage in the focused paragraph (its first word)"],
      ["Right arrow", "From a paragraph to its discussion margin (Left arrow: back)"],
      ["Enter on the margin", "Open the paragraph’s discussion"],
    ],
  },
  {
    title: "While selecting a passage",
    keys: [
      ["Left, Right arrow", "Select the previous or next word"],
      ["Shift+Left, Shift+Right", "Extend or shrink the selection by a word"],
      ["Up, Down arrow (or Ctrl+Left, Ctrl+Right)", "Select the whole sentence, then the previous or next one"],
      ["Shift+Up, Shift+Down", "Extend the selection to a sentence’s start or end"],
      ["Home, End (with Shift: extend)", "First or last word of the paragraph"],
      ["Enter", "Comment on this passage"],
      ["Escape", "Stop selecting"],
    ],
  },
  {
    title: "Single keys (in the reading, not while typing)",
    keys: [
      ["?", "This list"],
      ["C", "Comment on the selected passage (selected by keys or with the mouse)"],
    ],
  },
  {
    title: "In the discussion panel",
    keys: [
      ["Ctrl+Enter (⌘+Enter)", "Send a comment or reply"],
      ["@", "Mention a member: Up, Down to choose, Enter or Tab to insert, Escape to close"],
      ["Escape", "Close the panel (focus returns to the paragraph’s margin)"],
    ],
  },
];

export function KeyboardHelp({ singleKeys, onSingleKeys, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const d = ref.current;
    // Back to where the reader was (a paragraph, the button) when it closes: the dialog is removed
    // from the page as it closes, so the browser's own return of focus cannot be relied on.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog keyboard-help"
      aria-labelledby={`${id}-title`}
      data-testid="keyboard-help"
      onCancel={(e) => {
        // Escape: close through React so the room knows.
        e.preventDefault();
        onClose();
      }}
      // Chrome may close it without a cancelable "cancel" (Escape without a fresh user activation).
      onClose={onClose}
    >
      <h2 id={`${id}-title`}>Keyboard shortcuts</h2>
      {GROUPS.map((g, i) => (
        <section key={g.title} aria-labelledby={`${id}-g${i}`}>
          <h3 id={`${id}-g${i}`}>{g.title}</h3>
          <dl className="keys-list">
            {g.keys.map(([key, what]) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <label className="toggle keys-switch">
        <input type="checkbox" role="switch" checked={singleKeys} onChange={(e) => onSingleKeys(e.target.checked)} /> Single-key shortcuts (? and C)
      </label>
      <p className="muted keys-note">Turn them off if you use speech input or they get in your way; this browser remembers the choice. The other keys keep working.</p>
      <div className="dialog-actions">
        <button type="button" className="button button-small" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}

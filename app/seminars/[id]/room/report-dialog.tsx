"use client";

// "Report this comment": a modal dialog (the native <dialog>: focus stays inside, Escape closes)
// asking for a reason, with the server's answer shown in place. Success closes it after saying so.
import { useEffect, useId, useRef, useState } from "react";
import { api, ApiError } from "@/lib/client/api";
import { htmlText } from "@/lib/client/html-text";
import { MAX_REASON_CHARS } from "@/lib/domain/moderation/schema";
import type { CommentView } from "@/lib/domain/threads/present";

interface Props {
  comment: CommentView;
  onClose: (message?: string) => void;
}

export function ReportDialog({ comment, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const id = useId();

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setError("Say briefly why you are reporting this comment.");
    setSending(true);
    setError(null);
    try {
      await api(`/api/v1/comments/${comment.id}/reports`, { body: { reason } });
      onClose("Thank you: your report was sent to the instructors.");
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Something went wrong.");
    } finally {
      setSending(false);
    }
  }

  // Text from html: the Markdown comes only with one's own comments, and one reports others'.
  const text = htmlText(comment.html).replace(/\s+/g, " ").trim();
  const excerpt = text.slice(0, 160);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      data-testid="report-dialog"
      onCancel={(e) => {
        // Escape: close through React so the room knows.
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>Report a comment</h2>
        <p className="muted">
          By {comment.author.name}: “{excerpt}
          {text.length > 160 ? "…" : ""}”
        </p>
        <label htmlFor={`${id}-reason`}>Why should the instructors look at it?</label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          rows={3}
          maxLength={MAX_REASON_CHARS}
          autoFocus
          required
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`${id}-hint`}
        />
        <small id={`${id}-hint`} className="muted">
          Only the instructors see your report and its reason. {reason.length}/{MAX_REASON_CHARS}
        </small>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="link-button" onClick={() => onClose()}>
            Cancel
          </button>
          <button type="submit" className="button button-small" disabled={sending || !reason.trim()}>
            {sending ? "Sending…" : "Send report"}
          </button>
        </div>
      </form>
    </dialog>
  );
}

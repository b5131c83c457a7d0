"use client";

// The instructors' reports queue, in the room: open reports oldest first, each with the comment,
// who reported it and why; "Mark handled", and "Hide" for the comment. It reloads whenever the
// open count changes (the room follows reports:changed over the socket).
import { useEffect, useState } from "react";
import { api, ApiError } from "@/lib/client/api";
import type { ReportView } from "@/lib/domain/moderation/present";
import type { CommentView } from "@/lib/domain/threads/present";

interface Props {
  seminarId: string;
  /** The open count as the room knows it; a change reloads the list. */
  open: number;
  onHide: (comment: CommentView, hidden: boolean) => void;
  onShowParagraph: (threadId: string, paragraphNumber: number) => void;
  onClose: () => void;
}

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function ReportsPanel({ seminarId, open, onHide, onShowParagraph, onClose }: Props) {
  const [reports, setReports] = useState<ReportView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api<{ open: number; reports: ReportView[] }>(`/api/v1/seminars/${seminarId}/reports?state=open`)
      .then((r) => {
        if (!live) return;
        setReports(r.reports);
        setError(null);
      })
      .catch((err) => live && setError(err instanceof ApiError ? err.message : "Could not load the reports."));
    return () => {
      live = false;
    };
  }, [seminarId, open]);

  async function handle(r: ReportView) {
    try {
      await api(`/api/v1/reports/${r.id}`, { method: "PATCH", body: { handled: true } });
      setReports((all) => all?.filter((x) => x.id !== r.id) ?? null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not mark it handled.");
    }
  }

  return (
    <section className="reports-panel" aria-labelledby="reports-title" data-testid="reports-panel" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <div className="thread-panel-head">
        <h2 id="reports-title">Open reports</h2>
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {reports === null ? <p className="muted">Loading…</p> : null}
      {reports?.length === 0 ? <p className="muted">No open reports.</p> : null}
      <ol className="reports">
        {reports?.map((r) => (
          <li key={r.id} className="report" data-report-id={r.id}>
            <p className="report-meta">
              <strong>{r.reporter.name}</strong> reported a comment by <strong>{r.comment.author.name}</strong> on paragraph {r.paragraphNumber}, {time(r.createdAt)}
            </p>
            <blockquote className="report-reason">{r.reason}</blockquote>
            <div className={`comment-body${r.comment.hidden ? " comment-hidden" : ""}`}>
              {r.comment.deletedAt ? <p className="muted">[deleted]</p> : <div dangerouslySetInnerHTML={{ __html: r.comment.html ?? "" }} />}
            </div>
            <div className="comment-actions">
              {r.comment.hidden ? <span className="badge badge-hidden">Hidden</span> : null}
              <button type="button" className="button button-small" onClick={() => void handle(r)}>
                Mark handled
              </button>
              {!r.comment.deletedAt ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    onHide(r.comment, !r.comment.hidden);
                    setReports((all) => all?.map((x) => (x.id === r.id ? { ...x, comment: { ...x.comment, hidden: !x.comment.hidden } } : x)) ?? null);
                  }}
                >
                  {r.comment.hidden ? "Show the comment" : "Hide the comment"}
                </button>
              ) : null}
              <button type="button" className="link-button" onClick={() => onShowParagraph(r.threadId, r.paragraphNumber)}>
                Open in the room
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

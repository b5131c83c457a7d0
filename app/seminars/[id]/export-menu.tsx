"use client";

// The room's Export menu: a disclosure (button + panel) with the order, the anonymize option
// for instructors, and one plain download link per format. The links go to
// GET /api/v1/seminars/:id/export, which decides what this member may receive; the menu only
// leaves out what is never theirs (the participation summary, for students).
import { useEffect, useId, useRef, useState } from "react";
import { exportHref, type ExportFormat, type ExportOrder } from "@/lib/domain/exports/schema";
import type { SeminarView } from "@/lib/domain/seminars/present";

const FORMATS: Array<{ format: ExportFormat; label: string; hint: string; instructorsOnly?: boolean }> = [
  { format: "markdown", label: "Markdown transcript", hint: ".md" },
  { format: "html", label: "Printable transcript", hint: ".html, print to PDF" },
  { format: "csv", label: "Comments spreadsheet", hint: ".csv, one row per comment" },
  { format: "jsonld", label: "Web Annotations", hint: ".jsonld, W3C" },
  { format: "participation", label: "Participation summary", hint: ".csv, one row per member", instructorsOnly: true },
];

export function ExportMenu({ seminar }: { seminar: Pick<SeminarView, "id" | "role" | "studentsMayExport"> }) {
  const [open, setOpen] = useState(false);
  const [order, setOrder] = useState<ExportOrder>("paragraph");
  const [anonymize, setAnonymize] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const instructor = seminar.role === "instructor";

  // Escape closes the panel and gives focus back to its button; a click elsewhere closes it.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  return (
    <div className="export-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="button button-small"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="export-button"
      >
        Export
      </button>
      <div id={panelId} className="export-panel" hidden={!open} role="group" aria-label="Export the discussion" data-testid="export-panel">
        <fieldset className="radio-group">
          <legend>Order</legend>
          <label>
            <input type="radio" name={`${panelId}-order`} checked={order === "paragraph"} onChange={() => setOrder("paragraph")} /> By paragraph
          </label>
          <label>
            <input type="radio" name={`${panelId}-order`} checked={order === "time"} onChange={() => setOrder("time")} /> In the order written
          </label>
        </fieldset>
        {instructor ? (
          <label className="export-anonymize">
            <input type="checkbox" checked={anonymize} onChange={(e) => setAnonymize(e.currentTarget.checked)} data-testid="export-anonymize" /> Anonymize (pseudonyms, no emails)
          </label>
        ) : null}
        <ul className="export-links">
          {FORMATS.filter((f) => instructor || !f.instructorsOnly).map((f) => (
            <li key={f.format}>
              <a href={exportHref(seminar.id, { format: f.format, order, anonymize: instructor && anonymize })} download data-testid={`export-${f.format}`}>
                {f.label}
              </a>{" "}
              <span className="muted">({f.hint})</span>
            </li>
          ))}
        </ul>
        {!instructor ? (
          <p className="hint">You get the discussion as you see it here, or only your own comments unless the instructors allow more.</p>
        ) : seminar.studentsMayExport ? (
          <p className="hint">Students may export the discussion as they see it.</p>
        ) : (
          <p className="hint">Students can export only their own comments (change this in Settings).</p>
        )}
      </div>
    </div>
  );
}

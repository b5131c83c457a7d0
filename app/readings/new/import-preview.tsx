"use client";

// What an import would store, shown before saving: the details read from the text, warnings about
// markup that would be left over as literal text, and the paragraphs with their formatting.
import type { ImportWarning } from "@/lib/domain/readings/import";
import { segments, type Mark, type ParagraphKind } from "@/lib/domain/readings/segments";
import { FormattedPiece } from "@/app/_components/reading-text";
import "./import.css";

export interface Preview {
  title: string;
  author: string | null;
  year: number | null;
  source: string | null;
  sourceNote: string | null;
  paragraphs: { position: number; heading: string | null; text: string; kind: ParagraphKind; ordinal: number | null; marks: Mark[] | null }[];
  warnings: ImportWarning[];
}

const SHOWN = 200;

function Detail({ term, value }: { term: string; value: string | number | null }) {
  return (
    <>
      <dt>{term}</dt>
      <dd className={value === null ? "muted" : undefined}>{value ?? "not found"}</dd>
    </>
  );
}

export function ImportPreview({ preview, children }: { preview: Preview; children: React.ReactNode }) {
  const n = preview.paragraphs.length;
  return (
    <section className="card preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{preview.title}</h2>
      <dl className="preview-details" aria-label="Details found in the text">
        <Detail term="Author" value={preview.author} />
        <Detail term="Year" value={preview.year} />
        <Detail term="Source" value={preview.source} />
        {preview.sourceNote ? <Detail term="Note" value={preview.sourceNote} /> : null}
        <Detail term="Paragraphs" value={n} />
      </dl>
      {preview.warnings.length ? (
        <div className="preview-warnings" role="note" aria-labelledby="preview-warnings-title">
          <h3 id="preview-warnings-title">Markup that would be left over as text</h3>
          <ul>
            {preview.warnings.map((w, i) => (
              <li key={i}>{w.paragraph !== null ? `Paragraph ${w.paragraph}: ${w.message}` : w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ol className="preview-list">
        {preview.paragraphs.slice(0, SHOWN).map((p) => (
          <li key={p.position} value={p.position} data-kind={p.kind}>
            {p.heading ? <strong>{p.heading} </strong> : null}
            {p.kind === "quote" ? <span className="muted">Quote: </span> : null}
            {p.kind === "list-item" ? <span className="muted">{p.ordinal !== null ? `${p.ordinal}. ` : "• "}</span> : null}
            {segments(p.text.length > 400 ? p.text.slice(0, 400) : p.text, p.marks).map((s) => (
              <FormattedPiece key={s.start} segment={s} links={false} />
            ))}
            {p.text.length > 400 ? "…" : null}
          </li>
        ))}
      </ol>
      {n > SHOWN ? <p className="muted">and {n - SHOWN} more paragraphs.</p> : null}
      {children}
    </section>
  );
}

import Link from "next/link";
import type { ParagraphView, ReadingView } from "@/lib/domain/readings/present";

/** The margin number, a link to the paragraph itself (the reading page and the room share it; the room takes it out of the Tab order). */
export function ParagraphNumber({ paragraph, tabIndex }: { paragraph: Pick<ParagraphView, "number" | "anchor">; tabIndex?: number }) {
  return (
    <a className="paragraph-number" href={`#${paragraph.anchor}`} aria-label={`Paragraph ${paragraph.number}: link to this paragraph`} tabIndex={tabIndex}>
      {paragraph.number}
    </a>
  );
}

/** A run-in heading ("Economic Build-Up") as a bold lead-in to its paragraph. */
export function LeadIn({ heading }: { heading: string | null }) {
  return heading ? (
    <>
      <strong className="lead-in">{heading}</strong>{" "}
    </>
  ) : null;
}

/** Title, byline, source and the section links; shared by the reading page and the seminar room. */
export function ReadingHeader({ reading, breadcrumb, aside }: { reading: ReadingView; breadcrumb?: React.ReactNode; aside?: React.ReactNode }) {
  const sections = reading.paragraphs.filter((p) => p.heading);
  return (
      <header className="reading-header">
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          {breadcrumb ?? <Link href="/">Readings</Link>}
        </nav>
        <h1 className="reading-title">{reading.title}</h1>
        <p className="reading-byline">
          {reading.author ? <span className="reading-author">{reading.author}</span> : null}
          {reading.author && reading.year ? ", " : null}
          {reading.year ? <span className="reading-year">{reading.year}</span> : null}
        </p>
        {reading.source || reading.sourceNote ? (
          <p className="reading-source">
            {reading.source ? <span>Source: {reading.source}.</span> : null}{" "}
            {reading.sourceNote ? <span className="reading-source-note">{reading.sourceNote}</span> : null}
          </p>
        ) : null}
        {aside}
        {sections.length > 0 ? (
          <nav className="reading-sections" aria-label="Sections">
            <ul>
              {sections.map((p) => (
                <li key={p.id}>
                  <a href={`#${p.anchor}`}>{p.heading}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
  );
}

/** The reading as a reader meets it: header with metadata, then numbered, linkable paragraphs. */
export function ReadingText({ reading, breadcrumb, aside }: { reading: ReadingView; breadcrumb?: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <article className="reading" data-reading-id={reading.id}>
      <ReadingHeader reading={reading} breadcrumb={breadcrumb} aside={aside} />
      <ol className="paragraphs" aria-label="Paragraphs">
        {reading.paragraphs.map((p) => (
          <li key={p.id} id={p.anchor} className="paragraph" data-paragraph-id={p.id} value={p.number}>
            <ParagraphNumber paragraph={p} />
            <p className="paragraph-text">
              <LeadIn heading={p.heading} />
              {p.text}
            </p>
            {/* Outside a seminar there is no discussion; the margin keeps the same measure. */}
            <div className="paragraph-margin" aria-hidden="true" />
          </li>
        ))}
      </ol>
    </article>
  );
}

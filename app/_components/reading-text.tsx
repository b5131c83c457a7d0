import Link from "next/link";
import type { ParagraphView, ReadingView } from "@/lib/domain/readings/present";
import { segments, type Segment } from "@/lib/domain/readings/segments";
import { isSafeHref } from "@/lib/markdown/render";
import "./reading-text.css";

/** The rel every link in imported text gets, as in comments: it is user content. */
const LINK_REL = "nofollow ugc noopener";

/**
 * One piece of a paragraph with its formatting (em, strong, code, link), nested outermost link
 * first. Only text nodes are rendered, so the paragraph body's textContent stays its plain text.
 * `links: false` renders links as styled text: used inside a passage highlight, which is itself
 * a button and must not contain another interactive element.
 */
export function FormattedPiece({ segment, links = true }: { segment: Pick<Segment, "text" | "marks">; links?: boolean }) {
  let node: React.ReactNode = segment.text;
  for (const m of [...segment.marks].reverse()) {
    if (m.type === "code") node = <code>{node}</code>;
    else if (m.type === "em") node = <em>{node}</em>;
    else if (m.type === "strong") node = <strong>{node}</strong>;
    else if (links && m.href && isSafeHref(m.href))
      node = (
        <a href={m.href} rel={LINK_REL} target="_blank">
          {node}
        </a>
      );
    else node = <span className="link-text">{node}</span>;
  }
  return <>{node}</>;
}

/**
 * The element a paragraph's text lives in, by kind: a `<p>`, a block quote, or a one-item list
 * (numbered from its own number) so that a list item is announced and shown as one. The run-in
 * heading leads it. `children` is the body (the room adds passage highlights to it).
 */
export function ParagraphText({
  paragraph,
  children,
  ...attrs
}: { paragraph: Pick<ParagraphView, "heading" | "kind" | "ordinal">; children: React.ReactNode } & Pick<React.HTMLAttributes<HTMLElement>, "tabIndex" | "aria-describedby">) {
  const body = (
    <>
      <LeadIn heading={paragraph.heading} />
      {children}
    </>
  );
  if (paragraph.kind === "quote") {
    return (
      <blockquote className="paragraph-text paragraph-quote" {...attrs}>
        <p>{body}</p>
      </blockquote>
    );
  }
  if (paragraph.kind === "list-item") {
    return (
      <div className="paragraph-text paragraph-list-item" {...attrs}>
        {paragraph.ordinal !== null ? (
          <ol className="paragraph-list" start={paragraph.ordinal}>
            <li>{body}</li>
          </ol>
        ) : (
          <ul className="paragraph-list">
            <li>{body}</li>
          </ul>
        )}
      </div>
    );
  }
  return (
    <p className="paragraph-text" {...attrs}>
      {body}
    </p>
  );
}

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
            <ParagraphText paragraph={p}>
              <span className="paragraph-body">
                {segments(p.text, p.marks).map((s) => (
                  <FormattedPiece key={s.start} segment={s} />
                ))}
              </span>
            </ParagraphText>
            {/* Outside a seminar there is no discussion; the margin keeps the same measure. */}
            <div className="paragraph-margin" aria-hidden="true" />
          </li>
        ))}
      </ol>
    </article>
  );
}

// The dashboard's charts: plain SVG from the figures, no charting library and no state, so they
// render on the server and again in the browser when live figures arrive. Colours come from the
// CSS variables in app/globals.css (light and dark schemes); every chart has a text alternative.
import type { ActivityStats, ParagraphStats } from "@/lib/domain/stats/schema";
import { heatLevel } from "@/lib/domain/stats/shading";


const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A heatmap cell's accessible name. It must contain the cell's visible text in order (its number,
 * then its comment count: "3 8"), so someone using speech control can say what they see
 * (WCAG 2.5.3, axe's label-content-name-mismatch): hence "8 comments in 3 threads".
 */
export function paragraphLabel(p: ParagraphStats): string {
  return p.silent
    ? `Paragraph ${p.number}: not discussed yet`
    : `Paragraph ${p.number}: ${plural(p.comments, "comment")} in ${plural(p.threads, "thread")}`;
}

const CELL = 46;
const GAP = 6;
const COLUMNS = 10;

/** Every paragraph of the reading as a cell in reading order, shaded by its comments; each opens it in the room. */
export function Heatmap({ seminarId, paragraphs, firstWords }: { seminarId: string; paragraphs: ParagraphStats[]; firstWords: Record<number, string> }) {
  const max = Math.max(0, ...paragraphs.map((p) => p.comments));
  const rows = Math.max(1, Math.ceil(paragraphs.length / COLUMNS));
  const width = COLUMNS * CELL + (COLUMNS - 1) * GAP;
  const height = rows * CELL + (rows - 1) * GAP;
  const silent = paragraphs.filter((p) => p.silent).length;
  return (
    <figure className="heatmap">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        className="heatmap-svg"
        role="group"
        aria-labelledby="heatmap-title heatmap-desc"
        data-testid="heatmap"
      >
        <title id="heatmap-title">Discussion over the reading, paragraph by paragraph</title>
        <desc id="heatmap-desc">
          {`${paragraphs.length} paragraphs in reading order, ${COLUMNS} to a row. The darker a cell, the more comments on that paragraph; ${silent} hatched cells are paragraphs nobody has discussed. Each cell opens its paragraph in the room.`}
        </desc>
        <defs>
          <pattern id="heat-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" className="heat-hatch-line" />
          </pattern>
        </defs>
        {paragraphs.map((p, i) => {
          const x = (i % COLUMNS) * (CELL + GAP);
          const y = Math.floor(i / COLUMNS) * (CELL + GAP);
          const level = heatLevel(p.comments, max);
          const label = paragraphLabel(p);
          return (
            // eslint-disable-next-line jsx-a11y/role-supports-aria-props -- the rule predates ARIA 1.3's aria-description, which Chromium, Firefox and Safari support on links
            <a
              key={p.paragraphId}
              href={`/seminars/${seminarId}#p-${p.number}`}
              aria-label={label}
              // The opening words as a description, not an SVG <title>: a <title> counts as the
              // cell's visible text, which then no longer matches its name.
              aria-description={firstWords[p.number] ? `Begins “${firstWords[p.number]}…”` : undefined}
              className={`heat-cell heat-${level}${p.silent ? " heat-silent" : ""}`}
              data-testid={`heat-${p.number}`}
              data-silent={p.silent ? "true" : "false"}
              data-comments={p.comments}
            >
              <rect x={x} y={y} width={CELL} height={CELL} rx={6} className="heat-rect" />
              {p.silent ? <rect x={x} y={y} width={CELL} height={CELL} rx={6} fill="url(#heat-hatch)" className="heat-hatch" /> : null}
              <text x={x + CELL / 2} y={y + CELL / 2 - (p.silent ? 0 : 5)} className="heat-number" textAnchor="middle" dominantBaseline="central">
                {p.number}
              </text>
              {p.silent ? null : (
                <text x={x + CELL / 2} y={y + CELL - 9} className="heat-count" textAnchor="middle">
                  {p.comments}
                </text>
              )}
            </a>
          );
        })}
      </svg>
      <figcaption className="heat-legend">
        <span className="heat-legend-item">
          <svg width="18" height="18" aria-hidden="true">
            <rect width="18" height="18" rx="4" className="heat-rect heat-0" />
            <rect width="18" height="18" rx="4" fill="url(#heat-hatch)" />
          </svg>
          not discussed ({silent})
        </span>
        <span className="heat-legend-item">
          fewer
          {[1, 2, 3, 4, 5].map((l) => (
            <svg key={l} width="18" height="18" aria-hidden="true" className={`heat-${l}`}>
              <rect width="18" height="18" rx="4" className="heat-rect" />
            </svg>
          ))}
          more comments (busiest: {max})
        </span>
        <span className="muted">The small figure in a cell is its comments. Click a cell to open the paragraph in the room.</span>
      </figcaption>
    </figure>
  );
}

const CHART_W = 640;
const CHART_H = 200;
const PAD = { left: 34, right: 8, top: 12, bottom: 34 };

export type TimeFormat = (iso: string, withDay: boolean) => string;

/** Comments per interval as bars, with a few time labels and the same figures as a table. */
export function ActivityChart({ activity, format }: { activity: ActivityStats; format: TimeFormat }) {
  const { buckets } = activity;
  if (!buckets.length) {
    return (
      <p className="empty-state" data-testid="activity-empty">
        No comments yet: the chart starts with the first one.
      </p>
    );
  }
  const max = Math.max(1, ...buckets.map((b) => b.comments));
  const innerW = CHART_W - PAD.left - PAD.right;
  const innerH = CHART_H - PAD.top - PAD.bottom;
  const step = innerW / buckets.length;
  const barW = Math.max(2, step * 0.78);
  const total = buckets.reduce((n, b) => n + b.comments, 0);
  const busiest = buckets.reduce((a, b) => (b.comments > a.comments ? b : a));
  const multiDay = buckets[0].start.slice(0, 10) !== buckets[buckets.length - 1].start.slice(0, 10) || activity.intervalSeconds >= 86400;
  const labelEvery = Math.max(1, Math.ceil(buckets.length / 6));
  const ticks = max <= 4 ? Array.from({ length: max + 1 }, (_, i) => i) : [0, Math.round(max / 2), max];
  return (
    <figure className="activity">
      <svg viewBox={`0 0 ${CHART_W} ${CHART_H}`} className="activity-svg" role="img" aria-labelledby="activity-title activity-desc" data-testid="activity-chart">
        <title id="activity-title">{`Comments per ${activity.interval}`}</title>
        <desc id="activity-desc">
          {`${total} comments in ${buckets.length} intervals of ${activity.interval}, from ${format(buckets[0].start, true)} to ${format(buckets[buckets.length - 1].start, true)}. The busiest interval, from ${format(busiest.start, true)}, had ${busiest.comments}.`}
        </desc>
        {ticks.map((t) => {
          const y = PAD.top + innerH - (t / max) * innerH;
          return (
            <g key={t}>
              <line x1={PAD.left} x2={CHART_W - PAD.right} y1={y} y2={y} className="chart-grid" />
              <text x={PAD.left - 6} y={y} className="chart-label" textAnchor="end" dominantBaseline="central">
                {t}
              </text>
            </g>
          );
        })}
        {buckets.map((b, i) => {
          const h = (b.comments / max) * innerH;
          const x = PAD.left + i * step + (step - barW) / 2;
          return (
            <g key={b.start}>
              {b.comments > 0 ? <rect x={x} y={PAD.top + innerH - h} width={barW} height={h} rx={Math.min(3, barW / 3)} className="chart-bar" /> : null}
              {i % labelEvery === 0 ? (
                <text x={PAD.left + i * step + step / 2} y={CHART_H - PAD.bottom + 16} className="chart-label" textAnchor="middle">
                  {format(b.start, multiDay)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={PAD.left} x2={CHART_W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} className="chart-axis" />
      </svg>
      <figcaption className="muted">
        Comments per {activity.interval} · {total} in all
      </figcaption>
      <details className="chart-table">
        <summary>Show as a table</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Comments</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.start}>
                <td>
                  <time dateTime={b.start}>{format(b.start, true)}</time>
                </td>
                <td>{b.comments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

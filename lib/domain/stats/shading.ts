// How the dashboard's heatmap shades a paragraph. Pure; unit-tested in tests/unit/stats/.

/** 0 = nobody has discussed it; 1–5 = its comments as a share of the busiest paragraph's. */
export function heatLevel(comments: number, max: number): number {
  if (comments <= 0) return 0;
  return Math.max(1, Math.min(5, Math.ceil((comments / Math.max(1, max)) * 5)));
}

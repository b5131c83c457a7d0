import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

// axe-core's own types, through @axe-core/playwright (axe-core is its dependency, not ours).
type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
type Result = AxeResults["violations"][number];
type NodeResult = Result["nodes"][number];
type ImpactValue = NonNullable<Result["impact"]>;

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what issue 12's gate holds every page to. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Rules axe marks "experimental" (off by default) that issue 12 holds us to anyway: a visible
 * label that is not part of the accessible name breaks speech control ("click 3 threads").
 */
const EXPERIMENTAL_RULES = ["label-content-name-mismatch"];

/** Impacts that fail the gate; "minor" and "moderate" findings are not (yet) part of it. */
const BLOCKING: ImpactValue[] = ["serious", "critical"];

/** One node's finding, in words a developer can act on without re-running axe. */
function describeNode(n: NodeResult): string {
  const summary = (n.failureSummary ?? "").replace(/\s*\n\s*/g, " | ");
  const html = n.html.length > 160 ? `${n.html.slice(0, 157)}...` : n.html;
  return `    - ${n.target.map(String).join(" >>> ")}\n      ${html}\n      ${summary}`;
}

export function describeViolations(where: string, violations: Result[]): string {
  return violations
    .map((v) => `[${where}] ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${v.nodes.map(describeNode).join("\n")}`)
    .join("\n\n");
}

/**
 * Runs axe-core on the page as it is now (or only inside `include`, a CSS selector) and returns
 * the serious and critical violations under the WCAG 2.2 AA tags.
 */
export async function blockingViolations(page: Page, include?: string): Promise<Result[]> {
  const rules = Object.fromEntries(EXPERIMENTAL_RULES.map((id) => [id, { enabled: true }]));
  // options() replaces what withTags() set, so it goes first.
  let axe = new AxeBuilder({ page }).options({ rules }).withTags(WCAG_TAGS);
  if (include) axe = axe.include(include);
  const results = await axe.analyze();
  return results.violations.filter((v) => v.impact && BLOCKING.includes(v.impact));
}

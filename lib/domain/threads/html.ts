// Comments are rendered once, when written or edited (service.ts stores renderMarkdown(body) in
// the same statement as the body); reads send the stored comments.html and never render. The one
// exception is a row from before the column existed that the migrate path has not reached yet
// (lib/db/post-migrate.ts renders those at deploy): a read that meets one renders it here, once,
// and stores it, so nothing ever shows empty and the next read finds it stored.
import "server-only";
import { db } from "@/lib/db/client";
import { renderMarkdown } from "@/lib/markdown/render";

type HtmlRow = { id: string; body: string; html: string | null; deletedAt?: Date | null };

/**
 * Fills `html` in place on rows that have none (live ones only: a deleted comment's html is never
 * sent) and stores what it rendered, in one UPDATE. A no-op, with no query, in the usual case.
 */
export async function fillMissingHtml(rows: Iterable<HtmlRow>): Promise<void> {
  const missing = [...rows].filter((r) => r.html === null && !r.deletedAt);
  if (!missing.length) return;
  for (const r of missing) r.html = renderMarkdown(r.body);
  await db().$executeRaw`
    UPDATE comments AS c SET html = v.html
    FROM unnest(${missing.map((r) => r.id)}::text[], ${missing.map((r) => r.html!)}::text[]) AS v(id, html)
    WHERE c.id = v.id AND c.html IS NULL`;
}

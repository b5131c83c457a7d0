// Data steps that follow the schema migrations, for what SQL alone cannot do. Run by
// deployMigrations (lib/db/migrations.ts) after every apply, so server start-up, `npm run
// db:deploy` and the test/bench set-ups all get them. Each step is idempotent and cheap when
// there is nothing to do, because it runs at every start.
import pg from "pg";
import { renderMarkdown } from "@/lib/markdown/render";

/** Rows rendered per round trip: small enough to keep each UPDATE short next to live writes. */
export const HTML_BACKFILL_BATCH = 500;

/**
 * Renders comments.html for rows that have none (written before the column existed) and stores
 * it, in batches by id. `AND html IS NULL` on the update leaves alone a row that a live edit (or a
 * read, lib/domain/threads/html.ts) rendered meanwhile. Deleted comments are rendered too: their
 * html is never sent, but the column then holds no NULLs once this has run.
 */
export async function renderMissingCommentHtml(url: string, batch = HTML_BACKFILL_BATCH): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rendered = 0;
  try {
    let after = "";
    for (;;) {
      const { rows } = await client.query<{ id: string; body: string }>(
        `SELECT id, body FROM comments WHERE html IS NULL AND id > $1 ORDER BY id LIMIT $2`,
        [after, batch],
      );
      if (!rows.length) break;
      await client.query(
        `UPDATE comments AS c SET html = v.html FROM unnest($1::text[], $2::text[]) AS v(id, html) WHERE c.id = v.id AND c.html IS NULL`,
        [rows.map((r) => r.id), rows.map((r) => renderMarkdown(r.body))],
      );
      rendered += rows.length;
      after = rows[rows.length - 1].id;
      if (rows.length < batch) break;
    }
  } finally {
    await client.end();
  }
  return rendered;
}

/** Every data step after the migrations, in order. */
export async function postMigrate(url: string): Promise<{ commentsRendered: number }> {
  return { commentsRendered: await renderMissingCommentHtml(url) };
}

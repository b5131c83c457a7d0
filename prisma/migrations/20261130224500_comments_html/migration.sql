-- Comments store their rendered HTML, so reads never render Markdown (issue 11, item 1).
-- Added nullable: SQL cannot run markdown-it, so the rows already there are rendered by the
-- migrate path right after the migrations apply (lib/db/post-migrate.ts, called from
-- deployMigrations) and, failing that, by the first read that meets one (lib/domain/threads/html.ts).

-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "html" TEXT;

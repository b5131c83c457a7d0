-- Comments carry their seminar (denormalised from threads.seminar_id), so a seminar's comments
-- can be read in time order along one index instead of walking every comment ever written.

-- DropIndex: the global (created_at, id) order was read only by time-ordered exports.
DROP INDEX "comments_created_at_id_idx";

-- AlterTable: added nullable, filled from each comment's thread, then made NOT NULL, so the
-- migration works on a database that already holds comments.
ALTER TABLE "comments" ADD COLUMN     "seminar_id" TEXT;
UPDATE "comments" AS c SET "seminar_id" = t."seminar_id" FROM "threads" AS t WHERE t."id" = c."thread_id";
ALTER TABLE "comments" ALTER COLUMN "seminar_id" SET NOT NULL;

-- CreateIndex
CREATE INDEX "comments_seminar_id_created_at_id_idx" ON "comments"("seminar_id", "created_at", "id");

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_seminar_id_fkey" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "ThreadKind" AS ENUM ('DISCUSSION', 'PROMPT');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('REPLY', 'MENTION', 'REACTION', 'ENDORSEMENT');

-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "endorsed_at" TIMESTAMP(3),
ADD COLUMN     "endorsed_by_id" TEXT,
ADD COLUMN     "hidden_at" TIMESTAMP(3),
ADD COLUMN     "hidden_by_id" TEXT;

-- AlterTable
ALTER TABLE "seminars" ADD COLUMN     "students_may_export" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "threads" ADD COLUMN     "kind" "ThreadKind" NOT NULL DEFAULT 'DISCUSSION',
ADD COLUMN     "locked_at" TIMESTAMP(3),
ADD COLUMN     "pinned_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "muted_notifications" "NotificationKind"[] DEFAULT ARRAY[]::"NotificationKind"[];

-- CreateTable
CREATE TABLE "reports" (
    "id" TEXT NOT NULL,
    "seminar_id" TEXT NOT NULL,
    "comment_id" TEXT NOT NULL,
    "reporter_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handled_at" TIMESTAMP(3),
    "handled_by_id" TEXT,

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" TEXT NOT NULL,
    "seminar_id" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "thread_id" TEXT,
    "comment_id" TEXT,
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "seminar_id" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "actor_id" TEXT,
    "thread_id" TEXT NOT NULL,
    "comment_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMP(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reports_seminar_id_handled_at_idx" ON "reports"("seminar_id", "handled_at");

-- CreateIndex
CREATE UNIQUE INDEX "reports_comment_id_reporter_id_key" ON "reports"("comment_id", "reporter_id");

-- CreateIndex
CREATE INDEX "audit_entries_seminar_id_created_at_idx" ON "audit_entries"("seminar_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_user_id_read_at_idx" ON "notifications"("user_id", "read_at");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_seminar_id_fkey" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_seminar_id_fkey" FOREIGN KEY ("seminar_id") REFERENCES "seminars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

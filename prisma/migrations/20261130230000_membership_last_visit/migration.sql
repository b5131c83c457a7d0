-- When a member last opened the room: the room's per-paragraph summary counts the comments
-- written since the previous visit as unread. Nullable: existing members have not visited yet.

-- AlterTable
ALTER TABLE "memberships" ADD COLUMN     "last_visit_at" TIMESTAMP(3);

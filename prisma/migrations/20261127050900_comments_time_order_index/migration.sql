-- CreateIndex
CREATE INDEX "comments_created_at_id_idx" ON "comments"("created_at", "id");

-- AlterTable
ALTER TABLE "paragraphs" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'paragraph',
ADD COLUMN     "marks" JSONB,
ADD COLUMN     "ordinal" INTEGER;

-- AlterTable
ALTER TABLE "item_features" ADD COLUMN     "source_sha256" TEXT;

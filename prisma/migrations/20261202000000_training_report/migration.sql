-- AlterTable
ALTER TABLE "training_runs" ADD COLUMN     "report" JSONB,
ADD COLUMN     "stage" TEXT;

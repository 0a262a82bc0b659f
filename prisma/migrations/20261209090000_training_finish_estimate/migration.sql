-- When a running training will likely end (the console and the CLI show the time left).
ALTER TABLE "training_runs" ADD COLUMN "estimated_finish_at" TIMESTAMPTZ(3);

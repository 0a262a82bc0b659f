-- A trial's guardrails: whether it stops by itself once its candidate's lists are clearly followed less often than
-- the active version's, and whether it promotes its candidate by itself once they are clearly followed more often
-- (apps/api/src/services/trial-guard.ts), and why a trial ended when it was not a person's doing. Trials started
-- before this column keep what they were started with: neither (new trials stop if worse unless told not to).
ALTER TABLE "model_trials" ADD COLUMN "stop_if_worse" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "model_trials" ADD COLUMN "promote_if_better" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "model_trials" ADD COLUMN "end_reason" TEXT;
ALTER TABLE "model_trials" ADD CONSTRAINT "model_trials_end_reason_check" CHECK ("end_reason" IS NULL OR ("status" <> 'RUNNING' AND length("end_reason") <= 1000));

-- A trial's planned users: how many users it means to reach. Its always-valid interval is tuned to be tightest there
-- (apps/api/src/services/confidence-sequence.ts), and the console and CLI show how far it has come. Trials started
-- before this column get the default the lifecycle uses (DEFAULT_PLANNED_USERS in model-trials.ts).
ALTER TABLE "model_trials" ADD COLUMN "planned_users" INTEGER NOT NULL DEFAULT 1000;
ALTER TABLE "model_trials" ADD CONSTRAINT "model_trials_planned_users_check" CHECK ("planned_users" >= 20 AND "planned_users" <= 10000000);

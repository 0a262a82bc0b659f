-- Online trials: a READY version serves a share of known users beside the ACTIVE one (model-trials.ts in
-- @fewshot/pipeline/lifecycle). At most one runs; starting, stopping or ending one notifies every api replica as a
-- change of which version serves (channel fewshot_changes, {"table": "model_versions", "all": true}).
CREATE TYPE "model_trial_status" AS ENUM ('RUNNING', 'STOPPED', 'PROMOTED', 'SUPERSEDED');

CREATE TABLE "model_trials" (
    "id" SERIAL NOT NULL,
    "candidate_version_id" INTEGER NOT NULL,
    "control_version_id" INTEGER NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,
    "status" "model_trial_status" NOT NULL DEFAULT 'RUNNING',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "model_trials_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "model_trials_share_check" CHECK ("share" > 0 AND "share" < 1),
    CONSTRAINT "model_trials_two_versions_check" CHECK ("candidate_version_id" <> "control_version_id"),
    CONSTRAINT "model_trials_ended_check" CHECK (("status" = 'RUNNING') = ("ended_at" IS NULL))
);

CREATE INDEX "model_trials_started_at_idx" ON "model_trials"("started_at");
CREATE INDEX "model_trials_candidate_version_id_idx" ON "model_trials"("candidate_version_id");
CREATE INDEX "model_trials_control_version_id_idx" ON "model_trials"("control_version_id");
CREATE UNIQUE INDEX "model_trials_one_running" ON "model_trials" ((true)) WHERE "status" = 'RUNNING';

ALTER TABLE "model_trials" ADD CONSTRAINT "model_trials_candidate_version_id_fkey" FOREIGN KEY ("candidate_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "model_trials" ADD CONSTRAINT "model_trials_control_version_id_fkey" FOREIGN KEY ("control_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Only statements that changed a row notify (ending "the running trial" when none runs, as every promotion tries,
-- says nothing).
CREATE FUNCTION fewshot_notify_model_trials() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  changed BOOLEAN;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT EXISTS (SELECT 1 FROM old_rows) INTO changed;
  ELSE
    SELECT EXISTS (SELECT 1 FROM new_rows) INTO changed;
  END IF;
  IF changed THEN
    PERFORM pg_notify('fewshot_changes', json_build_object('table', 'model_versions', 'all', true)::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER model_trials_notify_insert AFTER INSERT ON "model_trials" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_model_trials();
CREATE TRIGGER model_trials_notify_update AFTER UPDATE ON "model_trials" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_model_trials();
CREATE TRIGGER model_trials_notify_delete AFTER DELETE ON "model_trials" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_model_trials();

-- A change of which model version is ACTIVE (a promotion, a rollback, a version retired or deleted) notifies every api
-- replica on channel fewshot_changes with {"table": "model_versions", "all": true}; each then asks the database which
-- version to serve at once instead of at its next poll (the poll stays, for a replica that missed the notification).

CREATE FUNCTION fewshot_notify_model_versions() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  changed BOOLEAN;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT EXISTS (SELECT 1 FROM new_rows WHERE status = 'ACTIVE') INTO changed;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT EXISTS (SELECT 1 FROM old_rows WHERE status = 'ACTIVE') INTO changed;
  ELSE
    SELECT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o USING (id) WHERE n.status IS DISTINCT FROM o.status AND 'ACTIVE' IN (n.status, o.status)) INTO changed;
  END IF;
  IF changed THEN
    PERFORM pg_notify('fewshot_changes', json_build_object('table', 'model_versions', 'all', true)::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER model_versions_notify_insert AFTER INSERT ON "model_versions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_model_versions();
CREATE TRIGGER model_versions_notify_update AFTER UPDATE ON "model_versions" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_model_versions();
CREATE TRIGGER model_versions_notify_delete AFTER DELETE ON "model_versions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_model_versions();

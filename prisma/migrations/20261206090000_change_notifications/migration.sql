-- Change notifications (issue #9): every committed write to interactions, items or users sends one NOTIFY on
-- channel fewshot_changes naming what changed, whoever wrote it (api replica, worker, CLI import, plain SQL). The api
-- keeps recommendation lists and item rows in memory and forgets exactly what a notification names. Payload:
-- {"table": "interactions" | "items" | "users", "ids": [...]} where ids are user ids for interactions and users and
-- item ids for items; {"table": ..., "all": true} after TRUNCATE or when more than 500 ids changed at once (a
-- notification carries at most 8,000 bytes). Rolled-back transactions send nothing.

CREATE FUNCTION fewshot_notify_ids(changed_table TEXT, ids INTEGER[]) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  IF cardinality(ids) > 500 THEN
    PERFORM pg_notify('fewshot_changes', json_build_object('table', changed_table, 'all', true)::text);
  ELSE
    PERFORM pg_notify('fewshot_changes', json_build_object('table', changed_table, 'ids', ids)::text);
  END IF;
END $$;

-- Statement-level triggers with transition tables: one notification per statement, not per row (a 100,000-event
-- import sends one). Each event has its own trigger because the transition tables differ per event.
CREATE FUNCTION fewshot_notify_interactions() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  ids INTEGER[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('fewshot_changes', json_build_object('table', 'interactions', 'all', true)::text);
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT user_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT user_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT user_id) INTO ids FROM (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows) changed;
  END IF;
  PERFORM fewshot_notify_ids('interactions', ids);
  RETURN NULL;
END $$;

CREATE FUNCTION fewshot_notify_rows() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  ids INTEGER[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('fewshot_changes', json_build_object('table', TG_TABLE_NAME, 'all', true)::text);
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT id) INTO ids FROM (SELECT id FROM new_rows UNION SELECT id FROM old_rows) changed;
  END IF;
  PERFORM fewshot_notify_ids(TG_TABLE_NAME, ids);
  RETURN NULL;
END $$;

CREATE TRIGGER interactions_notify_insert AFTER INSERT ON "interactions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_interactions();
CREATE TRIGGER interactions_notify_update AFTER UPDATE ON "interactions" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_interactions();
CREATE TRIGGER interactions_notify_delete AFTER DELETE ON "interactions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_interactions();
CREATE TRIGGER interactions_notify_truncate AFTER TRUNCATE ON "interactions" FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_interactions();

CREATE TRIGGER items_notify_insert AFTER INSERT ON "items" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_rows();
CREATE TRIGGER items_notify_update AFTER UPDATE ON "items" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_rows();
CREATE TRIGGER items_notify_delete AFTER DELETE ON "items" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_rows();
CREATE TRIGGER items_notify_truncate AFTER TRUNCATE ON "items" FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_rows();

-- A user's insert changes nothing served (a user without events has no list yet).
CREATE TRIGGER users_notify_update AFTER UPDATE ON "users" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_rows();
CREATE TRIGGER users_notify_delete AFTER DELETE ON "users" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_rows();
CREATE TRIGGER users_notify_truncate AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_rows();

-- API key changes that decide who may call (issue #9): a key revoked, deleted, or given another role, name or hash
-- notifies every api replica on channel fewshot_changes with {"table": "api_keys", "ids": [key ids]} (or "all" after
-- TRUNCATE or above 500 keys), so a replica that remembers verified keys forgets exactly those at once, whoever made
-- the change (another replica, `fewshot keys revoke`, plain SQL). The once-a-minute last_used_at hint notifies
-- nothing: it changes nobody's access, and it is written by the very lookups the notification would cause.
-- A new key notifies nothing either: an unknown key is never remembered.

CREATE FUNCTION fewshot_notify_api_keys() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  ids INTEGER[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('fewshot_changes', json_build_object('table', 'api_keys', 'all', true)::text);
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(o.id) INTO ids FROM new_rows n JOIN old_rows o USING (id)
    WHERE (n.revoked_at, n.role, n.name, n.key_hash) IS DISTINCT FROM (o.revoked_at, o.role, o.name, o.key_hash);
  END IF;
  PERFORM fewshot_notify_ids('api_keys', ids);
  RETURN NULL;
END $$;

CREATE TRIGGER api_keys_notify_update AFTER UPDATE ON "api_keys" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_api_keys();
CREATE TRIGGER api_keys_notify_delete AFTER DELETE ON "api_keys" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_api_keys();
CREATE TRIGGER api_keys_notify_truncate AFTER TRUNCATE ON "api_keys" FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_api_keys();

-- A key's own request rate limit (apps/api's protection/rate-limits.ts): requests a minute, counted per client address
-- for a frontend key; null leaves it to its role's limit (FEWSHOT_RATE_LIMIT_<ROLE>), 0 takes the limit off.
ALTER TABLE "api_keys" ADD COLUMN "rate_limit_per_minute" INTEGER;
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_rate_limit_per_minute_check" CHECK ("rate_limit_per_minute" IS NULL OR "rate_limit_per_minute" BETWEEN 0 AND 1000000);

-- A key's limit decides how much it may call, as its role does: a change notifies every replica, which forgets the key
-- and reads its new limit on its next request (otherwise as 20261207090000_api_key_notifications).
CREATE OR REPLACE FUNCTION fewshot_notify_api_keys() RETURNS TRIGGER LANGUAGE plpgsql AS $$
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
    WHERE (n.revoked_at, n.role, n.name, n.key_hash, n.rate_limit_per_minute) IS DISTINCT FROM (o.revoked_at, o.role, o.name, o.key_hash, o.rate_limit_per_minute);
  END IF;
  PERFORM fewshot_notify_ids('api_keys', ids);
  RETURN NULL;
END $$;

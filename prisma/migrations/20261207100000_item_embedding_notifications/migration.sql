-- A warm-up's embeddings written (issue #9): every api replica hears {"table": "item_embeddings", "ids": [item ids]}
-- on channel fewshot_changes (or "all" after TRUNCATE or above 500 items) and places those items in the catalog it
-- serves at once, whoever wrote them (a job worker, the CLI, another replica), without a retrain or a restart and
-- without depending on the job queue's own events. A deleted row notifies nothing: the item's own deletion or a
-- version's retirement is what changes serving, and each notifies already.

CREATE FUNCTION fewshot_notify_item_embeddings() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  ids INTEGER[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('fewshot_changes', json_build_object('table', 'item_embeddings', 'all', true)::text);
    RETURN NULL;
  END IF;
  SELECT array_agg(DISTINCT item_id) INTO ids FROM new_rows;
  PERFORM fewshot_notify_ids('item_embeddings', ids);
  RETURN NULL;
END $$;

CREATE TRIGGER item_embeddings_notify_insert AFTER INSERT ON "item_embeddings" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_item_embeddings();
CREATE TRIGGER item_embeddings_notify_update AFTER UPDATE ON "item_embeddings" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_item_embeddings();
CREATE TRIGGER item_embeddings_notify_truncate AFTER TRUNCATE ON "item_embeddings" FOR EACH STATEMENT EXECUTE FUNCTION fewshot_notify_item_embeddings();

-- Each user's activity at a glance: their first and latest event and how many they have, kept by triggers on
-- interactions (every writer: api, CLI import's COPY, merges, plain SQL). What "recently active users" (the console's
-- users page, itemReach, the overview's cold-start numbers) reads, instead of aggregating every event: 60 ms at
-- 106,000 events and linear in them before. A table of its own, not columns on users: a users UPDATE notifies every
-- replica (fewshot_notify_rows), which an event must not do a second time.
CREATE TABLE "user_activity" (
    "user_id" INTEGER NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "user_activity_pkey" PRIMARY KEY ("user_id"),
    CONSTRAINT "user_activity_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "user_activity_events_check" CHECK ("events" > 0)
);

-- Pages of users by their latest event (keyset on last_at, user_id), and the users new in a window.
CREATE INDEX "user_activity_last_at_user_id_idx" ON "user_activity"("last_at" DESC, "user_id" DESC);
CREATE INDEX "user_activity_first_at_idx" ON "user_activity"("first_at");

-- New events add to their users' rows, one upsert per statement (a 100,000-event COPY makes one), users in id order so
-- that two statements never wait on each other's rows in opposite orders.
CREATE FUNCTION fewshot_user_activity_added() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_activity AS a (user_id, first_at, last_at, events)
  SELECT user_id, min(occurred_at), max(occurred_at), count(*) FROM new_rows GROUP BY user_id ORDER BY user_id
  ON CONFLICT (user_id) DO UPDATE SET first_at = least(a.first_at, excluded.first_at), last_at = greatest(a.last_at, excluded.last_at),
                                      events = a.events + excluded.events;
  RETURN NULL;
END $$;

-- Events deleted, or moved to another user or time (a merge), are counted again from the events of the users they
-- touched. The users are locked first (FOR UPDATE, in id order), which waits for every open transaction that is adding
-- events for them (each holds its events' foreign-key lock on the user) and holds back new ones; the count that
-- follows takes a new snapshot, so it sees those events, and no increment lands between it and its write.
CREATE FUNCTION fewshot_user_activity_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  touched INTEGER[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE user_activity;
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT user_id) INTO touched FROM old_rows;
  ELSE
    -- A change of kind or value alone leaves the activity as it was.
    SELECT array_agg(DISTINCT moved.user_id) INTO touched FROM (
      SELECT o.user_id FROM old_rows o JOIN new_rows n USING (id) WHERE o.user_id <> n.user_id OR o.occurred_at <> n.occurred_at
      UNION
      SELECT n.user_id FROM old_rows o JOIN new_rows n USING (id) WHERE o.user_id <> n.user_id OR o.occurred_at <> n.occurred_at
    ) moved;
  END IF;
  IF touched IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM users WHERE id = ANY(touched) ORDER BY id FOR UPDATE;
  DELETE FROM user_activity a WHERE a.user_id = ANY(touched) AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.user_id = a.user_id);
  INSERT INTO user_activity AS a (user_id, first_at, last_at, events)
  SELECT user_id, min(occurred_at), max(occurred_at), count(*) FROM interactions WHERE user_id = ANY(touched) GROUP BY user_id ORDER BY user_id
  ON CONFLICT (user_id) DO UPDATE SET first_at = excluded.first_at, last_at = excluded.last_at, events = excluded.events;
  RETURN NULL;
END $$;

CREATE TRIGGER interactions_activity_insert AFTER INSERT ON "interactions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_user_activity_added();
CREATE TRIGGER interactions_activity_update AFTER UPDATE ON "interactions" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_user_activity_changed();
CREATE TRIGGER interactions_activity_delete AFTER DELETE ON "interactions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fewshot_user_activity_changed();
CREATE TRIGGER interactions_activity_truncate AFTER TRUNCATE ON "interactions" FOR EACH STATEMENT EXECUTE FUNCTION fewshot_user_activity_changed();

-- What is there already.
INSERT INTO user_activity (user_id, first_at, last_at, events)
SELECT user_id, min(occurred_at), max(occurred_at), count(*) FROM interactions GROUP BY user_id;

-- A trial of new-item slots may try their rank bound too (apps/api's FEWSHOT_NEW_ITEM_WITHIN): only a new item the
-- user's scores rank within the top this-many fills one of its arm's slots, 0 at any rank. Null leaves the bound to
-- each replica, as trials before this column did. Only a setting's trial has slots to bound.
ALTER TABLE "model_trials" ADD COLUMN "new_item_within" INTEGER;
ALTER TABLE "model_trials" ADD CONSTRAINT "model_trials_new_item_within_check" CHECK (
  "new_item_within" IS NULL OR ("new_item_within" >= 0 AND "new_item_slots" IS NOT NULL)
);

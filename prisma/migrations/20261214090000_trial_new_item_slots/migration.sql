-- What new items do for a list (apps/api's new-item slots, serving/new-item-slots.ts): each served list keeps the
-- items in it that its version was not trained on (placed by the item embedding generator), so that how often users
-- follow them can be counted. Lists recorded before this column show none.
ALTER TABLE "served_lists" ADD COLUMN "new_item_ids" INTEGER[] NOT NULL DEFAULT '{}';

-- A trial may try a serving setting instead of a version: the new-item slots its arm's lists keep (when a request does
-- not say). Its candidate is then the active version itself, serving the trial's share of users with the setting,
-- beside everyone else served as the replica is set. A trial of another version leaves it null.
ALTER TABLE "model_trials" ADD COLUMN "new_item_slots" INTEGER;
ALTER TABLE "model_trials" ADD CONSTRAINT "model_trials_new_item_slots_check" CHECK ("new_item_slots" IS NULL OR "new_item_slots" BETWEEN 0 AND 100);
ALTER TABLE "model_trials" DROP CONSTRAINT "model_trials_two_versions_check";
ALTER TABLE "model_trials" ADD CONSTRAINT "model_trials_two_arms_check" CHECK (
  ("candidate_version_id" <> "control_version_id" AND "new_item_slots" IS NULL)
  OR ("candidate_version_id" = "control_version_id" AND "new_item_slots" IS NOT NULL)
);

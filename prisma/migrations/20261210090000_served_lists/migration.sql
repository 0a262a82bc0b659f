-- Recommendation lists answered to known users' frontends, so that their later events can say whether a list was
-- followed (recommendationOutcomes). Deleted with the user; moved with them by a merge (merge-users.ts).
CREATE TABLE "served_lists" (
    "id" BIGSERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "model_version_id" INTEGER,
    "path" TEXT NOT NULL,
    "history_length" INTEGER NOT NULL,
    "item_ids" INTEGER[],
    "served_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "served_lists_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "served_lists_served_at_idx" ON "served_lists"("served_at");
CREATE INDEX "served_lists_user_id_served_at_idx" ON "served_lists"("user_id", "served_at");
CREATE INDEX "served_lists_model_version_id_served_at_idx" ON "served_lists"("model_version_id", "served_at");

ALTER TABLE "served_lists" ADD CONSTRAINT "served_lists_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "served_lists" ADD CONSTRAINT "served_lists_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

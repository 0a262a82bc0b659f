-- State every api and worker replica must share lives in the database, not in a process's files (issue #10).

-- The cached top-K neighbours of one encoder set, for the item embedding generator: one row per encoder set and
-- normalization, replaced when the stored vectors it was computed from change (input_hash). Arrays are
-- little-endian: item_ids int32 [items], neighbour_ids int32 [items, k] (-1 = none), scores float32 [items, k].
-- CreateTable
CREATE TABLE "item_neighbour_sets" (
    "encoder_set" TEXT NOT NULL,
    "normalize" BOOLEAN NOT NULL,
    "input_hash" TEXT NOT NULL,
    "k" INTEGER NOT NULL,
    "items" INTEGER NOT NULL,
    "item_ids" BYTEA NOT NULL,
    "neighbour_ids" BYTEA NOT NULL,
    "scores" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_neighbour_sets_pkey" PRIMARY KEY ("encoder_set","normalize")
);

-- The generator's vectors for an item a model version has no trained row for (warm-up), computed once and read by
-- every serving replica. input_hash names the item's feature rows they came from: a row whose hash still matches
-- is left alone, so a retried warm-up rewrites nothing. Vectors are little-endian float32 (neighbours int32).
-- CreateTable
CREATE TABLE "item_embeddings" (
    "model_version_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "input_hash" TEXT NOT NULL,
    "id_vector" BYTEA,
    "text_vector" BYTEA,
    "image_vector" BYTEA,
    "neighbours" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_embeddings_pkey" PRIMARY KEY ("model_version_id","item_id")
);

-- CreateIndex
CREATE INDEX "item_embeddings_model_version_id_updated_at_idx" ON "item_embeddings"("model_version_id", "updated_at");

-- CreateIndex
CREATE INDEX "item_embeddings_item_id_idx" ON "item_embeddings"("item_id");

-- AddForeignKey
ALTER TABLE "item_embeddings" ADD CONSTRAINT "item_embeddings_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_embeddings" ADD CONSTRAINT "item_embeddings_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Images uploaded through the API (or fetched from a merchandiser's URL), one per item, in the database so every
-- replica can serve them; an item's image_uri then reads `db:item_images/<sha256>`. A new image replaces the row.
-- CreateTable
CREATE TABLE "item_images" (
    "item_id" INTEGER NOT NULL,
    "content_type" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "byte_length" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "source_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_images_pkey" PRIMARY KEY ("item_id")
);

-- CreateIndex
CREATE INDEX "item_images_sha256_idx" ON "item_images"("sha256");

-- AddForeignKey
ALTER TABLE "item_images" ADD CONSTRAINT "item_images_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

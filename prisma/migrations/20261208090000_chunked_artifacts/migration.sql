-- A model version's artifact is stored in chunks of at most 4 MiB, one row each, instead of one bytea value.
-- Why: the embedded database (PGlite) runs every statement on the calling process's thread, and one 140 MB value
-- (the demo catalog's model) held it, and with it the api's event loop, for 10-16 s per write and 5 s per read;
-- a chunk takes a fraction of a second, and the writer and the reader yield between chunks.
-- artifact_bytes (the artifact's length) is set with artifact_sha256 when the version becomes READY: a version has
-- a trained artifact exactly when both are set, and its chunks, in seq order, are those bytes.

-- CreateTable
CREATE TABLE "model_artifact_chunks" (
    "model_version_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "model_artifact_chunks_pkey" PRIMARY KEY ("model_version_id","seq")
);

-- Weights barely compress, so the chunks are stored without trying (pglz on 4 MiB of floats is wasted time).
ALTER TABLE "model_artifact_chunks" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;

-- AddForeignKey
ALTER TABLE "model_artifact_chunks" ADD CONSTRAINT "model_artifact_chunks_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN "artifact_bytes" INTEGER;

-- The artifacts stored so far move into chunks; a version keeps its sha256, so it loads exactly as before.
INSERT INTO "model_artifact_chunks" ("model_version_id", "seq", "bytes")
SELECT v."id", chunk.seq, substring(v."artifact" FROM chunk.seq * 4194304 + 1 FOR 4194304)
  FROM "model_versions" v, generate_series(0, (length(v."artifact") - 1) / 4194304) AS chunk(seq)
 WHERE v."artifact" IS NOT NULL AND length(v."artifact") > 0;

UPDATE "model_versions" SET "artifact_bytes" = length("artifact") WHERE "artifact" IS NOT NULL AND "artifact_sha256" IS NOT NULL;

-- A version that still had bytes without a sha256 was being written when its process stopped: it never became READY.
DELETE FROM "model_artifact_chunks" c USING "model_versions" v WHERE c."model_version_id" = v."id" AND v."artifact_sha256" IS NULL;

ALTER TABLE "model_versions" DROP COLUMN "artifact";

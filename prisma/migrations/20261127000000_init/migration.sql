-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "item_status" AS ENUM ('ACTIVE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "interaction_kind" AS ENUM ('VIEW', 'CLICK', 'RATING', 'LIKE', 'CART', 'PURCHASE');

-- CreateEnum
CREATE TYPE "modality" AS ENUM ('TEXT', 'IMAGE');

-- CreateEnum
CREATE TYPE "feature_status" AS ENUM ('READY', 'FAILED');

-- CreateEnum
CREATE TYPE "model_version_status" AS ENUM ('TRAINING', 'READY', 'ACTIVE', 'RETIRED', 'FAILED');

-- CreateEnum
CREATE TYPE "training_run_status" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "api_key_role" AS ENUM ('ADMIN', 'WRITER', 'READER');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "items" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "image_uri" TEXT,
    "status" "item_status" NOT NULL DEFAULT 'ACTIVE',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "item_features" (
    "id" SERIAL NOT NULL,
    "item_id" INTEGER NOT NULL,
    "modality" "modality" NOT NULL,
    "encoder" TEXT NOT NULL,
    "encoder_version" TEXT NOT NULL,
    "dimension" INTEGER NOT NULL,
    "vector" BYTEA,
    "status" "feature_status" NOT NULL DEFAULT 'READY',
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_features_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "interactions" (
    "id" BIGSERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "item_id" INTEGER NOT NULL,
    "kind" "interaction_kind" NOT NULL DEFAULT 'VIEW',
    "value" DOUBLE PRECISION,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "client_event_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "interactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "status" "model_version_status" NOT NULL DEFAULT 'TRAINING',
    "config" JSONB NOT NULL DEFAULT '{}',
    "encoders" JSONB NOT NULL DEFAULT '{}',
    "metrics" JSONB,
    "artifact" BYTEA,
    "artifact_sha256" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promoted_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_runs" (
    "id" SERIAL NOT NULL,
    "status" "training_run_status" NOT NULL DEFAULT 'QUEUED',
    "config" JSONB NOT NULL DEFAULT '{}',
    "model_version_id" INTEGER,
    "schedule_id" INTEGER,
    "job_id" TEXT,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "message" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "training_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "role" "api_key_role" NOT NULL DEFAULT 'READER',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retrain_schedules" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "config" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_run_at" TIMESTAMPTZ(3),
    "next_run_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "retrain_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_external_id_key" ON "users"("external_id");

-- CreateIndex
CREATE INDEX "users_created_at_idx" ON "users"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "items_external_id_key" ON "items"("external_id");

-- CreateIndex
CREATE INDEX "items_status_created_at_idx" ON "items"("status", "created_at");

-- CreateIndex
CREATE INDEX "items_created_at_idx" ON "items"("created_at");

-- CreateIndex
CREATE INDEX "items_title_idx" ON "items"("title");

-- CreateIndex
CREATE INDEX "item_features_item_id_idx" ON "item_features"("item_id");

-- CreateIndex
CREATE INDEX "item_features_modality_encoder_encoder_version_status_idx" ON "item_features"("modality", "encoder", "encoder_version", "status");

-- CreateIndex
CREATE UNIQUE INDEX "item_features_item_id_modality_encoder_encoder_version_key" ON "item_features"("item_id", "modality", "encoder", "encoder_version");

-- CreateIndex
CREATE UNIQUE INDEX "interactions_client_event_id_key" ON "interactions"("client_event_id");

-- CreateIndex
CREATE INDEX "interactions_user_id_occurred_at_id_idx" ON "interactions"("user_id", "occurred_at", "id");

-- CreateIndex
CREATE INDEX "interactions_item_id_occurred_at_idx" ON "interactions"("item_id", "occurred_at");

-- CreateIndex
CREATE INDEX "interactions_occurred_at_id_idx" ON "interactions"("occurred_at", "id");

-- CreateIndex
CREATE INDEX "model_versions_status_created_at_idx" ON "model_versions"("status", "created_at");

-- CreateIndex
CREATE INDEX "model_versions_created_at_idx" ON "model_versions"("created_at");

-- CreateIndex
CREATE INDEX "training_runs_model_version_id_idx" ON "training_runs"("model_version_id");

-- CreateIndex
CREATE INDEX "training_runs_schedule_id_idx" ON "training_runs"("schedule_id");

-- CreateIndex
CREATE INDEX "training_runs_status_created_at_idx" ON "training_runs"("status", "created_at");

-- CreateIndex
CREATE INDEX "training_runs_created_at_idx" ON "training_runs"("created_at");

-- CreateIndex
CREATE INDEX "training_runs_job_id_idx" ON "training_runs"("job_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_prefix_idx" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_revoked_at_idx" ON "api_keys"("revoked_at");

-- CreateIndex
CREATE INDEX "retrain_schedules_enabled_next_run_at_idx" ON "retrain_schedules"("enabled", "next_run_at");

-- AddForeignKey
ALTER TABLE "item_features" ADD CONSTRAINT "item_features_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "retrain_schedules"("id") ON DELETE SET NULL ON UPDATE CASCADE;


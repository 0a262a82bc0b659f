-- At most one model version is ACTIVE: every api replica serves the same one, enforced by the database.
CREATE UNIQUE INDEX "model_versions_one_active" ON "model_versions" ((true)) WHERE "status" = 'ACTIVE';

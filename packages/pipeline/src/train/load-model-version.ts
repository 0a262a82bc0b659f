import type { Database } from '@fewshot/db';
import { loadMmlModel, type MmlArtifactMetadata, type MmlModel } from '@fewshot/model/mml';
import { artifactSha256, readArtifactChunks } from './artifact-chunks.ts';

export interface LoadedModelVersion {
  versionId: number;
  model: MmlModel;
  metadata: MmlArtifactMetadata & { itemExternalIds: string[] };
  /** The verified artifact bytes (worker threads load their own copy of the model from them). */
  artifact: Uint8Array;
}

/**
 * Loads a stored version's artifact into a model any process can serve or evaluate with. Refuses a version that is
 * not READY, ACTIVE or RETIRED (TRAINING and FAILED ones may be incomplete), or whose bytes do not match their
 * recorded length and sha256 (a corrupt artifact never loads).
 * The bytes are read a chunk at a time, so the event loop runs between chunks even on the embedded database.
 */
export async function loadModelVersion(db: Database, versionId: number): Promise<LoadedModelVersion> {
  const bytes = await readModelArtifact(db, versionId);
  const { model, metadata } = loadMmlModel(bytes);
  if (!Array.isArray(metadata.itemExternalIds) || metadata.itemExternalIds.length !== metadata.numItems) {
    await model.close();
    throw new Error(`model version ${versionId}: the artifact's item ids do not cover its ${metadata.numItems} items`);
  }
  return { versionId, model, metadata: metadata as LoadedModelVersion['metadata'], artifact: bytes };
}

/**
 * A READY, ACTIVE or RETIRED version's artifact bytes, checked against their recorded length and sha256, without
 * building the model (what worker threads that load their own copy need).
 */
export async function readModelArtifact(db: Database, versionId: number): Promise<Uint8Array> {
  const [version] = await db.sql.query<{ status: string; artifact_bytes: number | null; artifact_sha256: string | null }>(
    'SELECT status, artifact_bytes, artifact_sha256 FROM model_versions WHERE id = $1',
    [versionId],
  );
  if (!version) throw new Error(`model version ${versionId} does not exist`);
  // A RETIRED version's artifact is as complete as when it served: a trial of it loads it as it is (a rollback too).
  if (version.status !== 'READY' && version.status !== 'ACTIVE' && version.status !== 'RETIRED') throw new Error(`model version ${versionId} is ${version.status}, not READY, ACTIVE or RETIRED`);
  if (version.artifact_bytes === null || version.artifact_sha256 === null) throw new Error(`model version ${versionId} has no artifact`);
  const bytes = await readArtifactChunks(db.sql, versionId, Number(version.artifact_bytes));
  const sha = artifactSha256(bytes);
  if (sha !== version.artifact_sha256) throw new Error(`model version ${versionId}: the artifact's sha256 ${sha.slice(0, 12)}… does not match the recorded ${String(version.artifact_sha256).slice(0, 12)}…`);
  return bytes;
}

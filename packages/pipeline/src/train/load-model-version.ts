import { createHash } from 'node:crypto';
import type { Database } from '@fewshot/db';
import { loadMmlModel, type MmlArtifactMetadata, type MmlModel } from '@fewshot/model/mml';

export interface LoadedModelVersion {
  versionId: number;
  model: MmlModel;
  metadata: MmlArtifactMetadata & { itemExternalIds: string[] };
  /** The verified artifact bytes (worker threads load their own copy of the model from them). */
  artifact: Uint8Array;
}

/**
 * Loads a stored version's artifact into a model any process can serve or evaluate with. Refuses a version that is
 * not READY or ACTIVE, or whose bytes do not match their recorded sha256 (a corrupt artifact never loads).
 */
export async function loadModelVersion(db: Database, versionId: number): Promise<LoadedModelVersion> {
  // NOTE: base64 text instead of Prisma's Bytes: 4.6× faster on PGlite for a 32 MB artifact (0.75 s vs 3.5 s).
  const [version] = await db.sql.query<{ status: string; artifact: string | null; artifact_sha256: string | null }>(
    `SELECT status, encode(artifact, 'base64') AS artifact, artifact_sha256 FROM model_versions WHERE id = $1`,
    [versionId],
  );
  if (!version) throw new Error(`model version ${versionId} does not exist`);
  if (version.status !== 'READY' && version.status !== 'ACTIVE') throw new Error(`model version ${versionId} is ${version.status}, not READY or ACTIVE`);
  if (!version.artifact) throw new Error(`model version ${versionId} has no artifact`);
  const bytes = new Uint8Array(Buffer.from(version.artifact, 'base64'));
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== version.artifact_sha256) throw new Error(`model version ${versionId}: the artifact's sha256 ${sha.slice(0, 12)}… does not match the recorded ${String(version.artifact_sha256).slice(0, 12)}…`);
  const { model, metadata } = loadMmlModel(bytes);
  if (!Array.isArray(metadata.itemExternalIds) || metadata.itemExternalIds.length !== metadata.numItems) {
    await model.close();
    throw new Error(`model version ${versionId}: the artifact's item ids do not cover its ${metadata.numItems} items`);
  }
  return { versionId, model, metadata: metadata as LoadedModelVersion['metadata'], artifact: bytes };
}

// Moving a trained version from one database to another (a training machine to production, staging to live):
// exportModelVersion writes it to a file, importModelVersion stores it as a READY version elsewhere. The artifact names
// its items by the client's ids, so it serves in any database that holds them; items only the target has are placed
// by the generator from their features, as items added after training always are.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@fewshot/db';
import { artifactSha256, readArtifactChunks, writeArtifactChunks } from '../train/artifact-chunks.ts';
import { decodeModelVersionFile, encodeModelVersionFile, MODEL_VERSION_FILE_FORMAT, MODEL_VERSION_FILE_FORMAT_VERSION, type ModelVersionFileHeader } from './model-version-file.ts';

export interface ExportedModelVersion {
  versionId: number;
  name: string;
  file: string;
  /** The file's size in bytes. */
  bytes: number;
  artifactSha256: string;
}

/**
 * Writes a version with a trained artifact (READY, ACTIVE or RETIRED) to `file`: its name, config, encoders and
 * metrics, its training run's report (stages, learning curves), and the artifact, whose sha256 is checked against
 * the recorded one first. The file appears whole or not at all (written beside it, then renamed).
 */
export async function exportModelVersion(db: Database, versionId: number, file: string, { signal }: { signal?: AbortSignal } = {}): Promise<ExportedModelVersion> {
  const [version] = await db.sql.query<{ name: string; status: string; config: unknown; encoders: unknown; metrics: unknown; created_at: Date; artifact_bytes: number | null; artifact_sha256: string | null }>(
    'SELECT name, status, config, encoders, metrics, created_at, artifact_bytes, artifact_sha256 FROM model_versions WHERE id = $1',
    [versionId],
  );
  if (!version) throw new Error(`there is no model version ${versionId} (fewshot models list shows them)`);
  if (version.artifact_bytes === null || version.artifact_sha256 === null) throw new Error(`model version ${versionId} is ${version.status} and has no trained artifact to export`);
  const artifact = await readArtifactChunks(db.sql, versionId, Number(version.artifact_bytes));
  if (artifactSha256(artifact) !== version.artifact_sha256) throw new Error(`model version ${versionId}: its stored artifact does not match its recorded sha256; it cannot be exported (nor served)`);
  signal?.throwIfAborted();
  const [run] = await db.sql.query<{ config: unknown; report: unknown; message: string | null; started_at: Date | null; finished_at: Date | null }>(
    `SELECT config, report, message, started_at, finished_at FROM training_runs WHERE model_version_id = $1 AND status = 'SUCCEEDED' ORDER BY id DESC LIMIT 1`,
    [versionId],
  );
  const header: ModelVersionFileHeader = {
    format: MODEL_VERSION_FILE_FORMAT,
    formatVersion: MODEL_VERSION_FILE_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    version: { id: versionId, name: version.name, status: version.status, config: version.config, encoders: version.encoders, metrics: version.metrics, createdAt: new Date(version.created_at).toISOString() },
    run: run ? { config: run.config, report: run.report, message: run.message, startedAt: isoOrNull(run.started_at), finishedAt: isoOrNull(run.finished_at) } : null,
    artifact: { bytes: artifact.length, sha256: version.artifact_sha256 },
  };
  const contents = encodeModelVersionFile(header, artifact);
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
  try {
    await writeFile(partial, contents, { signal });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { versionId, name: version.name, file, bytes: contents.length, artifactSha256: version.artifact_sha256 };
}

export interface ImportedModelVersion {
  versionId: number;
  runId: number;
  name: string;
  /** The artifact's items, and how many of them this database holds (the others are never served here). */
  items: { inModel: number; inDatabase: number };
}

/**
 * Stores a file written by exportModelVersion as a READY version of this database (never promoted by itself), with
 * a SUCCEEDED training run that carries the original run's report and says where the version came from. All of it
 * in one transaction: an import that fails or is interrupted leaves nothing behind. Refused before anything is
 * written when the file is damaged or not such a file, or when this database holds none of the version's items.
 */
export async function importModelVersion(db: Database, file: string, { name, signal }: { name?: string; signal?: AbortSignal } = {}): Promise<ImportedModelVersion> {
  if (name !== undefined && !validName(name)) throw new Error(NAME_RULE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file, { signal });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`there is no file ${file}`);
    throw error;
  }
  const { header, artifact, itemExternalIds } = decodeModelVersionFile(bytes, file);
  const versionName = (name ?? `${header.version.name} (imported)`).trim();
  if (!validName(versionName)) throw new Error(`${NAME_RULE} (the file's is ${JSON.stringify(header.version.name.slice(0, 80))}: pass --name)`);
  const [found] = await db.sql.query<{ count: number | string }>('SELECT count(*) AS count FROM items WHERE external_id = ANY($1::text[])', [itemExternalIds]);
  const inDatabase = Number(found?.count ?? 0);
  if (inDatabase === 0) throw new Error(`this database holds none of the version's ${itemExternalIds.length} items (by their ids, e.g. ${JSON.stringify(itemExternalIds[0])}): import the catalog first`);
  signal?.throwIfAborted();
  const origin = `imported from ${path.basename(file)}: version ${header.version.id} "${header.version.name}" of the database it was trained in, exported ${header.exportedAt}`;
  return db.sql.transaction(async (tx) => {
    const [version] = await tx.query<{ id: number }>(
      `INSERT INTO model_versions (name, status, config, encoders, metrics) VALUES ($1, 'TRAINING', $2::jsonb, $3::jsonb, $4::jsonb) RETURNING id`,
      [versionName, json(header.version.config ?? {}), json(header.version.encoders ?? {}), header.version.metrics == null ? null : json(header.version.metrics)],
    );
    const versionId = Number(version!.id);
    // TRAINING while its chunks go in (the chunk writer's guard), READY with its length and sha256 at the end.
    await writeArtifactChunks(tx, versionId, artifact, { signal });
    await tx.query(`UPDATE model_versions SET status = 'READY', artifact_bytes = $2, artifact_sha256 = $3 WHERE id = $1`, [versionId, artifact.length, header.artifact.sha256]);
    const [run] = await tx.query<{ id: number }>(
      `INSERT INTO training_runs (status, config, model_version_id, progress, stage, message, report, started_at, finished_at)
       VALUES ('SUCCEEDED', $1::jsonb, $2, 1, 'done', $3, $4::jsonb, $5, COALESCE($6::timestamptz, now())) RETURNING id`,
      // When the training ran (the import's own time is the run's creation).
      [json(header.run?.config ?? {}), versionId, origin, header.run?.report == null ? null : json(header.run.report), header.run?.startedAt ?? null, header.run?.finishedAt ?? null],
    );
    return { versionId, runId: Number(run!.id), name: versionName, items: { inModel: itemExternalIds.length, inDatabase } };
  });
}

const NAME_RULE = 'the version\'s name must be 1 to 200 characters';
const validName = (name: string) => name.trim().length > 0 && name.trim().length <= 200;
const json = (value: unknown) => JSON.stringify(value);
const isoOrNull = (date: Date | null) => (date ? new Date(date).toISOString() : null);

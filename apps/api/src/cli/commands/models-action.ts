import path from 'node:path';
import { exportModelVersion, importModelVersion, promoteModelVersion, rollbackModelVersion } from '@fewshot/pipeline/lifecycle';
import { outcomeVersions, recommendationOutcomes } from '../../services/recommendation-outcomes.ts';
import { abortOnInterrupt } from '../interrupt.ts';
import { textTable, utcMinute } from '../text-table.ts';
import type { DatabaseOption } from './database-option.ts';
import { endedTrialLine } from './models-trial-action.ts';
import { checkWithinOption } from './within-option.ts';
import { withDatabase } from './with-database.ts';

/** What `fewshot models …` do, loaded only when one runs (see ./models.ts for their options). */
export function listModels(options: DatabaseOption & { json?: boolean }): Promise<void> {
  return withDatabase(options, async (db) => {
    const rows = await db.sql.query<{ id: number; name: string; status: string; created_at: Date; ndcg10: number | null; artifact_bytes: number | null }>(
      `SELECT id, name, status, created_at, (metrics->'methods'->'mml'->'ndcg@10'->>'mean')::float8 AS ndcg10, artifact_bytes
         FROM model_versions ORDER BY created_at DESC, id DESC`,
    );
    const versions = rows.map((row) => ({ id: Number(row.id), name: row.name, status: row.status, createdAt: new Date(row.created_at), ndcg10: row.ndcg10 === null ? null : Number(row.ndcg10), artifactBytes: row.artifact_bytes === null ? null : Number(row.artifact_bytes) }));
    if (options.json) console.log(JSON.stringify(versions, null, 2));
    else if (versions.length === 0) console.log('no model versions yet: train one with npx fewshot train mml --from-database, or import one with npx fewshot models import FILE');
    else {
      console.log(textTable(['id', 'status', 'name', 'created', 'NDCG@10', 'artifact'], versions.map((v) => [
        String(v.id), v.status.toLowerCase(), v.name, utcMinute(v.createdAt), v.ndcg10 === null ? '-' : v.ndcg10.toFixed(4), v.artifactBytes === null ? '-' : megabytes(v.artifactBytes),
      ])));
    }
  });
}

const PATHS: Record<string, string> = { warm: 'warm', few_shot: 'few-shot', cold_unadapted: 'cold, not adapted', no_history: 'counts: no history', no_model: 'counts: no version' };

export function showOutcomes(options: DatabaseOption & { days: number; within: number; version?: number; json?: boolean }): Promise<void> {
  checkWithinOption(options.within);
  return withDatabase(options, async (db) => {
    const now = new Date();
    const outcomes = await recommendationOutcomes(db, { since: new Date(now.getTime() - options.days * 86_400_000), until: now, withinMinutes: options.within, modelVersionId: options.version ?? null }, now);
    const names = new Map([...(await outcomeVersions(db, outcomes))].map(([id, version]) => [id, version.name]));
    if (options.json) {
      console.log(JSON.stringify({ ...outcomes, rows: outcomes.rows.map((row) => ({ ...row, modelVersionName: row.modelVersionId === null ? null : (names.get(row.modelVersionId) ?? null) })) }, null, 2));
      return;
    }
    const days = `${options.days} day${options.days === 1 ? '' : 's'}`;
    if (outcomes.rows.length === 0) {
      console.log(`no lists recorded in the last ${days}${options.version ? ` for version ${options.version}` : ''}: lists are recorded when a frontend key asks for a known user's recommendations`);
      return;
    }
    console.log(textTable(['version', 'path', 'events', 'lists', 'followed', 'share', 'MRR', 'open'], outcomes.rows.map((row) => [
      row.modelVersionId === null ? '-' : `${row.modelVersionId} ${names.get(row.modelVersionId) ?? ''}`.trim(),
      PATHS[row.path] ?? row.path,
      row.historyTo === null ? `${row.historyFrom}+` : row.historyFrom === row.historyTo ? String(row.historyFrom) : `${row.historyFrom}-${row.historyTo}`,
      String(row.lists), String(row.followed), `${(row.followRate * 100).toFixed(1)}%`, row.meanReciprocalRank.toFixed(3), String(row.stillOpen),
    ])));
    const open = outcomes.rows.reduce((sum, row) => sum + row.stillOpen, 0);
    console.error(`lists shown in the last ${days}; followed: an event of the user on one of the list's items within ${options.within} minutes${open > 0 ? `; ${open} still open (shown less than that ago: their share can still rise)` : ''}`);
  });
}

export async function exportModel(id: number, options: DatabaseOption & { out: string }): Promise<void> {
  const { signal, dispose } = abortOnInterrupt('the export stops; no file is left');
  try {
    const exported = await withDatabase(options, (db) => exportModelVersion(db, id, path.resolve(options.out), { signal }));
    console.log(`exported model version ${exported.versionId} "${exported.name}" to ${exported.file} (${megabytes(exported.bytes)}, artifact sha256 ${exported.artifactSha256.slice(0, 12)}…)`);
    console.error(`import it elsewhere with: npx fewshot models import ${options.out}`);
  } finally {
    dispose();
  }
}

export async function importModel(file: string, options: DatabaseOption & { name?: string }): Promise<void> {
  const { signal, dispose } = abortOnInterrupt('the import stops; nothing is stored');
  try {
    const imported = await withDatabase(options, (db) => importModelVersion(db, path.resolve(file), { name: options.name, signal }));
    console.log(`model version ${imported.versionId} "${imported.name}" is READY`);
    const { inModel, inDatabase } = imported.items;
    const missing = inModel - inDatabase;
    console.error(`${inDatabase.toLocaleString('en-US')} of its ${inModel.toLocaleString('en-US')} items are in this database${missing > 0 ? ` (the other ${missing.toLocaleString('en-US')} are never served here)` : ''}; items only this database has are placed from their features when it loads`);
    console.error(`its metrics are the ones measured where it was trained. Serve it with: npx fewshot models promote ${imported.versionId} (or the console's Models page)`);
  } finally {
    dispose();
  }
}

export function promoteModel(id: number, options: DatabaseOption): Promise<void> {
  return withDatabase(options, async (db) => {
    const { previousVersionId, endedTrial } = await promoteModelVersion(db, id);
    console.log(`model version ${id} is ACTIVE${previousVersionId === null ? '' : ` (version ${previousVersionId} is RETIRED)`}; every api replica serves it as soon as it has loaded it`);
    if (endedTrial) console.error(endedTrialLine(endedTrial));
  });
}

export function rollbackModel(options: DatabaseOption & { to?: number }): Promise<void> {
  return withDatabase(options, async (db) => {
    const { versionId, previousVersionId, endedTrial } = await rollbackModelVersion(db, { toVersionId: options.to });
    console.log(`model version ${versionId} is ACTIVE again${previousVersionId === null ? '' : ` (version ${previousVersionId} is RETIRED)`}`);
    if (endedTrial) console.error(endedTrialLine(endedTrial));
  });
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

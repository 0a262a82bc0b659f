import { statSync } from 'node:fs';
import path from 'node:path';
import type { Database, SqlExecutor } from '@fewshot/db';
import { createImageResolver, type ImageSourceOptions } from './images.ts';
import { mergeStaged, type MergeCounts } from './merge-staged.ts';
import { STAGING_DDL, StagingWriter, stagedInteraction, stagedItem, stagedUser } from './staging.ts';
import { RowError, type Dataset, type DatasetFile, type InteractionRecord, type ItemRecord, type RecordKind, type UserRecord } from './types.ts';
import { validateStaged } from './validate-staged.ts';

export type ErrorPolicy = 'stop' | 'skip';

export interface ImportIssue {
  file: string;
  line: number;
  field: string | null;
  reason: string;
}

export interface ImportReport extends MergeCounts {
  format: string;
  files: Array<{ file: string; kind: RecordKind; rows: number; skipped: number }>;
  itemsWithImage: number;
  /** The first issues in full (at most `maxIssues`); `issueCount` counts all of them. */
  issues: ImportIssue[];
  issueCount: number;
  seconds: number;
}

export interface ImportProgress {
  /** A file starts: its size in bytes is the progress total. */
  startFile(file: string, bytes: number): void;
  bytes(bytesRead: number, rows: number): void;
  endFile(): void;
  /** The validation and merge step (set-based, no per-row progress). */
  phase(message: string): void;
}

export interface ImportOptions {
  dataset: Dataset;
  onError?: ErrorPolicy;
  images?: ImageSourceOptions | undefined;
  batchSize?: number;
  maxIssues?: number;
  progress?: ImportProgress;
}

/** The import stopped on bad input; nothing was written. */
export class ImportAbortedError extends Error {
  constructor(
    readonly issues: ImportIssue[],
    readonly issueCount: number,
  ) {
    super(
      `import stopped, nothing was written: ${issueCount} problem${issueCount === 1 ? '' : 's'} in the input\n` +
        issues.map((issue) => `  ${formatIssue(issue)}`).join('\n') +
        (issueCount > issues.length ? `\n  … and ${issueCount - issues.length} more` : '') +
        '\nFix the rows, or re-run with --on-error skip to import everything else and list what was skipped.',
    );
    this.name = 'ImportAbortedError';
  }
}

export function formatIssue({ file, line, field, reason }: ImportIssue): string {
  return `${file}:${line}${field ? ` field "${field}"` : ''}: ${reason}`;
}

/**
 * Imports a dataset in one transaction: rows stream into staging tables in COPY batches, cross-row checks run in
 * SQL, then a merge upserts items and users and inserts new interactions. Either everything valid lands or, when
 * the policy is `stop` and anything is wrong, nothing does. Importing the same files again changes nothing.
 */
export async function importDataset(db: Database, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const { dataset, onError = 'stop', batchSize = 5000, maxIssues = 50, progress } = options;
  const resolveImage = options.images ? createImageResolver(options.images) : null;
  const fileNames = dataset.files.map((file) => path.basename(file.path));
  const issues: ImportIssue[] = [];
  let issueCount = 0;
  const note = (issue: ImportIssue) => {
    issueCount++;
    if (issues.length < maxIssues) issues.push(issue);
  };

  const result = await db.sql.transaction(async (tx) => {
    await tx.exec(STAGING_DDL);
    const writers = { items: new StagingWriter(tx, 'items', batchSize), users: new StagingWriter(tx, 'users', batchSize), interactions: new StagingWriter(tx, 'interactions', batchSize) };
    const fileReports: ImportReport['files'] = [];
    let seq = 0;
    let itemsWithImage = 0;
    for (const [fileNo, file] of dataset.files.entries()) {
      const report = { file: fileNames[fileNo]!, kind: file.kind, rows: 0, skipped: 0 };
      progress?.startFile(report.file, statSync(file.path).size);
      let bytesRead = 0;
      for await (const rows of (file as DatasetFile).rows((bytes) => (bytesRead = bytes))) {
        for (const row of rows) {
          report.rows++;
          if ('error' in row) {
            if (onError === 'stop') throw new ImportAbortedError([issueOf(row.error)], 1);
            note(issueOf(row.error));
            continue;
          }
          if (file.kind === 'items') {
            const item = row.record as ItemRecord;
            const imageUri = resolveImage?.(item.externalId) ?? item.imageUri;
            if (imageUri) itemsWithImage++;
            writers.items.add(stagedItem(fileNo, row.line, { ...item, imageUri }));
          } else if (file.kind === 'users') {
            writers.users.add(stagedUser(fileNo, row.line, row.record as UserRecord));
          } else {
            writers.interactions.add(stagedInteraction(seq++, fileNo, row.line, row.record as InteractionRecord));
          }
        }
        await writers[file.kind].flushIfFull();
        progress?.bytes(bytesRead, report.rows);
      }
      await writers[file.kind].flush();
      progress?.bytes(bytesRead, report.rows);
      progress?.endFile();
      fileReports.push(report);
    }
    progress?.phase('checking references and duplicates');
    const staged = await validateStaged(tx, { drop: onError === 'skip', limit: maxIssues });
    const stagedIssues = staged.issues.map((issue) => ({ file: fileNames[issue.file_no] ?? '?', line: issue.line, field: issue.field, reason: issue.reason }));
    if (staged.total > 0 && onError === 'stop') throw new ImportAbortedError(stagedIssues, staged.total);
    for (const issue of stagedIssues) note(issue);
    issueCount += staged.total - stagedIssues.length;
    await countSkippedRows(tx, fileReports);
    progress?.phase('merging into the catalog');
    const counts = await mergeStaged(tx);
    return { fileReports, itemsWithImage, counts };
  });
  return {
    format: dataset.format,
    files: result.fileReports,
    itemsWithImage: result.itemsWithImage,
    ...result.counts,
    issues,
    issueCount,
    seconds: (performance.now() - started) / 1000,
  };
}

function issueOf(error: RowError): ImportIssue {
  return { file: error.file, line: error.line, field: error.field, reason: error.reason };
}

/** Skipped = rows read − rows still staged after the checks dropped the bad ones. */
async function countSkippedRows(tx: SqlExecutor, files: ImportReport['files']): Promise<void> {
  const staged = await tx.query<{ file_no: number; n: number }>(
    `SELECT file_no, count(*)::int AS n FROM (
       SELECT file_no FROM stage_items UNION ALL SELECT file_no FROM stage_users UNION ALL SELECT file_no FROM stage_interactions) s
     GROUP BY file_no`,
  );
  const stagedByFile = new Map(staged.map((row) => [row.file_no, row.n]));
  files.forEach((file, fileNo) => {
    file.skipped = file.rows - (stagedByFile.get(fileNo) ?? 0);
  });
}

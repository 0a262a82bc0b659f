import { migrate, openDatabase } from '@fewshot/db';
import { formatIssue, importDataset, openDataset, type ImportReport } from '@fewshot/pipeline/import';
import { createCliImportProgress } from '../import-progress.ts';
import type { ImportCommandOptions } from './import.ts';

/** What `fewshot import DIR` does, loaded only when it runs (see ./import.ts for its options). */
export async function runImport(dir: string, options: ImportCommandOptions): Promise<void> {
  const dataset = openDataset(dir, options.format);
  const db = await openDatabase({ url: options.databaseUrl });
  try {
    await migrate(db.sql);
    const report = await importDataset(db, {
      dataset,
      onError: options.onError,
      batchSize: Number(options.batchSize),
      images: options.images ? { dir: options.images, map: options.imageMap, pattern: options.imagePattern } : undefined,
      progress: createCliImportProgress(),
    });
    console.log(options.json ? JSON.stringify(report, null, 2) : describeReport(report, db.location));
  } finally {
    await db.close();
  }
}

export function describeReport(report: ImportReport, location: string): string {
  const lines = [
    `imported ${report.format} into ${location} in ${report.seconds.toFixed(2)} s`,
    ...report.files.map((file) => `  ${file.file}: ${file.rows} rows${file.skipped ? `, ${file.skipped} skipped` : ''}`),
    `  items: ${report.items.inserted} new, ${report.items.updated} updated, ${report.items.unchanged} unchanged (${report.itemsWithImage} with an image)`,
    `  users: ${report.users.inserted} new, ${report.users.updated} updated, ${report.users.unchanged} unchanged`,
    `  interactions: ${report.interactions.inserted} new, ${report.interactions.alreadyPresent} already present`,
  ];
  if (report.issueCount > 0) {
    lines.push(`  skipped ${report.issueCount} bad row(s):`, ...report.issues.map((issue) => `    ${formatIssue(issue)}`));
    if (report.issueCount > report.issues.length) lines.push(`    … and ${report.issueCount - report.issues.length} more`);
  }
  return lines.join('\n');
}

import { Option, type Command } from 'commander';
import { migrate, openDatabase } from '@fewshot/db';
import { formatIssue, IMPORT_FORMATS, importDataset, openDataset, type ErrorPolicy, type ImportFormat, type ImportReport } from '@fewshot/pipeline/import';
import { createCliImportProgress } from '../import-progress.ts';

interface ImportCommandOptions {
  format: ImportFormat;
  images?: string;
  imageMap?: string;
  imagePattern?: string;
  onError: ErrorPolicy;
  batchSize: string;
  databaseUrl?: string;
  json?: boolean;
}

/** `fewshot import DIR`: loads a dataset folder into the database (idempotent, all-or-nothing on `stop`). */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Import users, items and interactions from a dataset folder (MovieLens CSV, MovieLens-100K, RecBole atomic files, or the generic format)')
    .argument('<dir>', 'dataset folder')
    .addOption(new Option('--format <format>', 'input format').choices(IMPORT_FORMATS).default('auto'))
    .option('--images <dir>', 'folder of item images, referenced by path (never copied)')
    .option('--image-map <file>', 'TSV/CSV mapping item id → image key (header row first), e.g. ml-100k-to-poster.tsv')
    .option('--image-pattern <pattern>', 'image file name for a key', '{id}.jpg')
    .addOption(new Option('--on-error <policy>', 'bad rows: stop (import nothing) or skip (import the rest and report)').choices(['stop', 'skip']).default('stop'))
    .option('--batch-size <rows>', 'rows per COPY batch', '5000')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded PGlite database)')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, options: ImportCommandOptions) => {
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
    });
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

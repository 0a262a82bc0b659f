import { Option, type Command } from 'commander';
import { IMPORT_FORMATS, type ImportFormat } from '@fewshot/pipeline/import/formats';
import type { ErrorPolicy } from '@fewshot/pipeline/import';
import { DATABASE_URL_HELP } from './database-option.ts';

export interface ImportCommandOptions {
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
    .option('--database-url <url>', DATABASE_URL_HELP)
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, options: ImportCommandOptions) => {
      const { runImport } = await import('./import-action.ts');
      await runImport(dir, options);
    });
}

import path from 'node:path';
import type { Command } from 'commander';
import { postgresUnavailableReason, testDatabaseTargets } from '@fewshot/db/testing';
import { ml100kDir } from '@fewshot/pipeline/data';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { median, reportBenchResult } from './bench-result.ts';

interface ImportBenchOptions {
  data: string;
  runs: string;
  json?: string;
}

interface EngineResult {
  runsSeconds: number[];
  medianSeconds: number;
  interactionsPerSecond: number;
}

/**
 * `fewshot bench import`: imports a dataset (default ML-100K) from scratch into a fresh PGlite database and a fresh
 * PostgreSQL database, several times each, and reports medians. A parse-only pass over the same files is the
 * baseline that every engine's time is compared with, measured in the same process.
 */
export function registerImportBenchmark(bench: Command): void {
  bench
    .command('import')
    .description('Import throughput (interactions/s) into PGlite and PostgreSQL')
    .option('--data <dir>', 'dataset folder', ml100kDir)
    .option('--runs <n>', 'imports per engine (the median is reported)', '3')
    .option('--json <file>', 'write the results as JSON')
    .action(async (options: ImportBenchOptions) => {
      const runs = Number(options.runs);
      const parseSeconds: number[] = [];
      let interactions = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        interactions = 0;
        for (const file of openDataset(options.data).files) {
          for await (const rows of file.rows()) if (file.kind === 'interactions') interactions += rows.length;
        }
        parseSeconds.push((performance.now() - started) / 1000);
      }
      const engines: Record<string, EngineResult> = {};
      for (const target of await testDatabaseTargets()) {
        const runsSeconds: number[] = [];
        for (let run = 0; run < runs; run++) {
          const db = await target.create();
          try {
            const report = await importDataset(db, { dataset: openDataset(options.data) });
            runsSeconds.push(report.seconds);
            console.error(`${target.kind} run ${run + 1}/${runs}: ${report.seconds.toFixed(2)} s`);
          } finally {
            await db.dispose();
          }
        }
        const medianSeconds = median(runsSeconds);
        engines[target.kind] = { runsSeconds, medianSeconds, interactionsPerSecond: Math.round(interactions / medianSeconds) };
      }
      const parseMedian = median(parseSeconds);
      await reportBenchResult(
        'import',
        {
          dataset: path.resolve(options.data),
          interactions,
          runs,
          parseOnly: { runsSeconds: parseSeconds, medianSeconds: parseMedian, interactionsPerSecond: Math.round(interactions / parseMedian) },
          pglite: engines.pglite,
          postgres: engines.postgres ?? { skipped: await postgresUnavailableReason() },
          ratios: {
            pgliteOverParse: engines.pglite ? engines.pglite.medianSeconds / parseMedian : null,
            postgresOverParse: engines.postgres ? engines.postgres.medianSeconds / parseMedian : null,
          },
        },
        options.json,
      );
    });
}

import path from 'node:path';
import { postgresUnavailableReason, testDatabaseTargets } from '@fewshot/db/testing';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { median, reportBenchResult } from './bench-result.ts';
import type { ImportBenchOptions } from './import.ts';

interface EngineResult {
  runsSeconds: number[];
  medianSeconds: number;
  interactionsPerSecond: number;
}

/** What `fewshot bench import` does, loaded only when it runs (see ./import.ts). */
export async function runImportBenchmark(options: ImportBenchOptions): Promise<void> {
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
}

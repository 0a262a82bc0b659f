import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataDirectory, migrate, openDatabase, type Database } from '@fewshot/db';
import { reportMarkdown } from '@fewshot/model/coldstart';
import { evaluateDatabase, openDatasetDatabase } from '@fewshot/pipeline/evaluate';
import { parseMmlConfigOption } from '../config-option.ts';
import { describeSnapshot } from '../describe-snapshot.ts';
import { createCliImportProgress } from '../import-progress.ts';
import { abortOnInterrupt } from '../interrupt.ts';
import { createProgress, type Progress } from '../progress.ts';
import { createStageProgress } from '../stage-progress.ts';
import type { EvalCommandOptions } from './eval.ts';

/** What `fewshot eval` does once its options are checked, loaded only when it runs (see ./eval.ts). */
export async function runEval(options: EvalCommandOptions, headlineN: number): Promise<void> {
  const config = parseMmlConfigOption(options.config);
  const seeds = Array.from({ length: options.seeds }, (_, i) => options.seed + i);
  const stop = abortOnInterrupt('stopping at the next check');
  const stages = createStageProgress();
  const db = await openSource(options, stop.signal).catch((error: unknown) => {
    stop.dispose();
    throw error;
  });
  try {
    const { report: { ranks, ...report } } = await evaluateDatabase(db, {
      config,
      seeds,
      ns: options.n,
      headlineN,
      validation: options.validation,
      folds: options.folds,
      keepRanks: options.ranks !== undefined,
      recencyGrid: options.recencyGrid,
      transitionWeights: options.transitionGrid,
      tieOrders: options.tieOrders,
      newItemSlots: options.newItemSlots ? { slots: options.newItemSlots, within: options.newItemWithin, sample: options.slotSample, coldThreshold: options.coldThreshold } : undefined,
      signal: stop.signal,
      onSnapshot: (s) => process.stderr.write(`${describeSource(options, db)}: ${describeSnapshot(s)}\n`),
      onProgress: (p) => stages.update(`${p.fold === undefined ? '' : `fold ${p.fold}, `}seed ${p.seed}: ${p.stage}`, p.stageFraction, p.message),
    });
    stages.stop();
    const markdown = reportMarkdown(report);
    console.log(markdown);
    if (options.json) {
      await writeFile(options.json, `${JSON.stringify({ command: `fewshot ${process.argv.slice(2).join(' ')}`, source: describeSource(options, db), ...report }, null, 2)}\n`);
      console.log(`wrote ${options.json}`);
    }
    if (options.markdown) {
      await writeFile(options.markdown, markdown);
      console.log(`wrote ${options.markdown}`);
    }
    if (options.ranks) {
      await writeFile(options.ranks, `${JSON.stringify({ command: `fewshot ${process.argv.slice(2).join(' ')}`, protocol: report.protocol, config: config ?? {}, ranks })}\n`);
      console.log(`wrote ${options.ranks}`);
    }
  } finally {
    stages.stop();
    stop.dispose();
    await db.close();
  }
}

async function openSource(options: EvalCommandOptions, signal: AbortSignal): Promise<Database> {
  if (options.fromDatabase) {
    const db = await openDatabase({ url: options.databaseUrl });
    await migrate(db.sql);
    return db;
  }
  let features: Progress | undefined;
  try {
    return await openDatasetDatabase({ dir: options.data!, format: options.format, images: options.images ? { dir: options.images, map: options.imageMap } : undefined }, {
      cacheDir: options.cacheDir ?? path.join(dataDirectory(), 'eval-cache'),
      signal,
      onImport: createCliImportProgress(),
      onFeatures: ({ done, total }) => {
        features ??= createProgress({ label: 'features', unit: 'items' });
        features.setTotal(total);
        features.update(done);
      },
    });
  } finally {
    features?.stop();
  }
}

function describeSource(options: EvalCommandOptions, db: Database): string {
  return options.data ? `${path.resolve(options.data)} (evaluation database ${db.location})` : `database ${db.location}`;
}

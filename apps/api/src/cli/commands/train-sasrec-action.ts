import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '@fewshot/db';
import { formatMetrics, type RankingReport } from '@fewshot/model/eval';
import { trainSasRec, type TrainProgress } from '@fewshot/model/train';
import { loadEventLogFromDatabase, loadEventLogFromDirectory, type EventLog } from '@fewshot/pipeline/data';
import { chooseStoredEncoder, loadFeatureTable, type FeatureTable } from '@fewshot/pipeline/features';
import { createProgress, type Progress } from '../progress.ts';
import type { TrainSasRecCommandOptions } from './train-sasrec.ts';

/** What `fewshot train sasrec` does once its options are checked, loaded only when it runs (see ./train-sasrec.ts). */
export async function runTrainSasRec(options: TrainSasRecCommandOptions): Promise<void> {
  const { log, source, features } = await loadEvents(options);
  const dataset = { numItems: log.itemExternalIds.length, sequences: log.sequences.filter((s) => s.length > 0) };
  const events = dataset.sequences.reduce((sum, s) => sum + s.length, 0);
  process.stderr.write(`${source}: ${dataset.sequences.length} users, ${dataset.numItems} items, ${events} events\n`);
  if (features) {
    const { encoder, covered } = features;
    process.stderr.write(`${options.learner} learner: ${encoder.dimension}-d vectors of ${encoder.name}@${encoder.version} for ${covered} of ${dataset.numItems} items (the rest start at zeros)\n`);
  }
  const started = performance.now();
  const result = await trainSasRec(dataset, {
    epochs: Number(options.epochs),
    batchSize: Number(options.batchSize),
    lr: Number(options.lr),
    seed: Number(options.seed),
    threads: options.threads ? Number(options.threads) : undefined,
    kernels: options.kernels,
    validateEvery: Number(options.validateEvery),
    model: features ? { learner: { kind: 'feature', featureSize: features.encoder.dimension } } : undefined,
    features: features?.table,
    onProgress: progressReporter(),
  });
  const seconds = (performance.now() - started) / 1000;
  if (options.out) await writeFile(options.out, result.weights);
  const epochSeconds = result.epochs.map((e) => e.seconds);
  const report = {
    command: `fewshot ${process.argv.slice(2).join(' ')}`,
    data: source,
    users: dataset.sequences.length,
    items: dataset.numItems,
    events,
    learner: options.learner,
    features: features && { encoder: features.encoder, coveredItems: features.covered },
    kernelPath: result.kernelPath,
    threads: result.threads,
    epochs: result.epochs.map((e) => ({ epoch: e.epoch, loss: round(e.loss, 5), seconds: round(e.seconds, 3), validNdcg10: e.valid ? round(e.valid.masked.ndcg[10]!, 5) : undefined })),
    meanEpochSeconds: round(epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length, 3),
    totalSeconds: round(seconds, 1),
    bestEpoch: result.bestEpoch,
    test: metricsJson(result.test),
    popularity: metricsJson(result.popularity),
    loadAverage: os.loadavg(),
    weights: options.out,
  };
  console.log(`trained ${result.epochs.length} epochs in ${seconds.toFixed(1)} s (${report.meanEpochSeconds} s/epoch, ${result.kernelPath}, ${result.threads} threads); tested epoch ${result.bestEpoch}`);
  console.log(`SASRec     masked:   ${formatMetrics(result.test.masked)}`);
  console.log(`SASRec     unmasked: ${formatMetrics(result.test.unmasked)}`);
  console.log(`popularity masked:   ${formatMetrics(result.popularity.masked)}`);
  console.log(`popularity unmasked: ${formatMetrics(result.popularity.unmasked)}`);
  if (options.json) {
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${options.json}`);
  }
}

/**
 * The event log from --data DIR or, with --from-database, from the database (closed again before training), with
 * the feature table a text or image learner starts from.
 */
async function loadEvents(options: TrainSasRecCommandOptions): Promise<{ log: EventLog; source: string; features?: FeatureTable }> {
  if (options.data && options.fromDatabase) throw new Error('give either --data DIR or --from-database, not both');
  if (options.data) return { log: await loadEventLogFromDirectory(options.data), source: path.resolve(options.data) };
  if (!options.fromDatabase) throw new Error('say where the interactions are: --data DIR or --from-database');
  const db = await openDatabase({ url: options.databaseUrl });
  try {
    await migrate(db.sql);
    const log = await loadEventLogFromDatabase(db);
    if (options.learner === 'id') return { log, source: `database ${db.location}` };
    const encoder = await chooseStoredEncoder(db.sql, options.learner === 'text' ? 'TEXT' : 'IMAGE', options.encoder);
    return { log, source: `database ${db.location}`, features: await loadFeatureTable(db.sql, encoder, log.itemExternalIds) };
  } finally {
    await db.close();
  }
}

/** A bar per epoch (lines when not on a terminal) and a summary line when each epoch ends. */
function progressReporter(): (event: TrainProgress) => void {
  let bar: Progress | undefined;
  return (event) => {
    if (event.kind === 'epoch-start') {
      bar = createProgress({ label: `epoch ${event.epoch}/${event.epochs}`, total: event.batches, unit: 'batches', fields: ['loss'] });
    } else if (event.kind === 'batch') {
      bar?.increment(1, { loss: event.loss.toFixed(4) });
    } else {
      bar?.stop();
      const valid = event.report.valid ? ` valid NDCG@10 ${event.report.valid.masked.ndcg[10]!.toFixed(4)}` : '';
      process.stderr.write(`epoch ${event.epoch}: loss ${event.report.loss.toFixed(4)} in ${event.report.seconds.toFixed(2)} s${valid}\n`);
    }
  };
}

function metricsJson(report: RankingReport) {
  const pick = (m: RankingReport['masked']) => ({ users: m.users, recall: m.recall, mrr: m.mrr, ndcg: m.ndcg });
  return { masked: pick(report.masked), unmasked: pick(report.unmasked) };
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

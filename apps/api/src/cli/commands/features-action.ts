import { migrate, openDatabase } from '@fewshot/db';
import type { Modality } from '@fewshot/features/encoder';
import { DEFAULT_ENCODER_SPECS, parseEncoderSpec, specModality, type EncoderSpec } from '@fewshot/features/encoder-spec';
import { computeFeatures, encoderSetKey, itemNeighbours, listFeatureFailures, type EncoderRun } from '@fewshot/pipeline/features';
import { abortOnInterrupt } from '../interrupt.ts';
import { createProgress } from '../progress.ts';
import type { FeaturesCommandOptions } from './features.ts';

/** What `fewshot features` does, loaded only when it runs (see ./features.ts for its options). */
export async function runFeatures(options: FeaturesCommandOptions): Promise<void> {
  const specs = chooseSpecs(options);
  const db = await openDatabase({ url: options.databaseUrl });
  const stop = abortOnInterrupt('stopping after the current batch (stored batches are kept)');
  try {
    await migrate(db.sql);
    const runs = await computeWithProgress(db.sql, specs, options, stop.signal);
    for (const run of runs) console.log(describeRun(run));
    if (options.neighbours > 0 && !stop.signal.aborted) {
      const started = performance.now();
      const neighbours = await itemNeighbours(db.sql, { encoders: runs.map((run) => run.encoder), k: options.neighbours });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      console.log(`neighbours: top-${neighbours.k} for ${neighbours.itemIds.length} items (${encoderSetKey(runs.map((run) => run.encoder))}), ${neighbours.fromCache ? 'unchanged, from cache' : 'computed'} in ${seconds} s`);
    }
    if (options.showFailures) await printFailures(db.sql);
    else if (runs.some((run) => run.failed > 0)) console.log('some items failed: run with --show-failures to see why (the reasons are stored with each item)');
  } finally {
    stop.dispose();
    await db.close();
  }
}

function chooseSpecs(options: FeaturesCommandOptions): EncoderSpec[] {
  const wanted: Modality[] = options.modality === 'all' ? ['TEXT', 'IMAGE'] : [options.modality === 'text' ? 'TEXT' : 'IMAGE'];
  const given = options.encoder.map(parseEncoderSpec);
  for (const spec of given) {
    if (!wanted.includes(specModality(spec))) throw new Error(`--encoder ${spec.kind} is ${specModality(spec) === 'IMAGE' ? 'an image' : 'a text'} encoder but --modality is ${options.modality}`);
  }
  return wanted.map((modality) => {
    const matching = given.filter((spec) => specModality(spec) === modality);
    if (matching.length > 1) throw new Error(`give one --encoder per modality; got ${matching.length} ${modality.toLowerCase()} encoders`);
    return matching[0] ?? DEFAULT_ENCODER_SPECS[modality];
  });
}

async function computeWithProgress(sql: Parameters<typeof computeFeatures>[0]['sql'], specs: EncoderSpec[], options: FeaturesCommandOptions, signal: AbortSignal): Promise<EncoderRun[]> {
  process.stderr.write(`loading ${specs.map((spec) => spec.kind).join(' and ')}…\n`);
  const progress = createProgress({ label: 'features', unit: 'items', fields: ['text', 'image', 'failed'] });
  const counts = { text: 0, image: 0, failed: 0 };
  let total = 0;
  try {
    return await computeFeatures({
      sql,
      specs,
      batchSize: options.batchSize,
      imageWorkers: options.workers,
      retryFailed: options.retryFailed,
      limit: options.limit,
      signal,
      onPlan: ({ missing }) => {
        total += missing;
        progress.setTotal(total);
      },
      onBatch: ({ encoder, ready, failed }) => {
        counts[encoder.modality === 'TEXT' ? 'text' : 'image'] += ready;
        counts.failed += failed;
        progress.increment(ready + failed, counts);
      },
    });
  } finally {
    progress.stop();
  }
}

function describeRun(run: EncoderRun): string {
  const items = run.ready + run.failed;
  const rate = run.seconds > 0 ? (items / run.seconds).toFixed(1) : '–';
  const changes = [
    run.recomputed > 0 ? `${run.recomputed} of them recomputed because the item changed` : '',
    run.removed > 0 ? `${run.removed} removed (image reference gone)` : '',
  ].filter(Boolean);
  return `${run.encoder.modality.toLowerCase()} ${run.encoder.name}@${run.encoder.version} (${run.encoder.dimension}-d): ` +
    `${run.ready} ready, ${run.failed} failed${changes.length > 0 ? ` (${changes.join('; ')})` : ''} in ${run.seconds.toFixed(1)} s ` +
    `(${rate} items/s; model load ${run.loadSeconds.toFixed(1)} s)`;
}

async function printFailures(sql: Parameters<typeof listFeatureFailures>[0]): Promise<void> {
  const { total, failures } = await listFeatureFailures(sql);
  console.log(`${total} recorded failure(s)${total > failures.length ? `, newest ${failures.length}` : ''}:`);
  for (const failure of failures) {
    console.log(`  item ${failure.externalId} "${failure.title}" ${failure.modality.toLowerCase()} ${failure.encoder}: ${failure.error}`);
  }
}

import { writeFile } from 'node:fs/promises';
import { migrate, openDatabase, type Database } from '@fewshot/db';
import { describeFirstItems, describeSlotPolicy, markdownTable, type NewItemSlotsReport } from '@fewshot/model/coldstart';
import { DEFAULT_ENCODER_SPECS } from '@fewshot/features/encoder-spec';
import { computeFeatures } from '@fewshot/pipeline/features';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { trainModelVersion } from '@fewshot/pipeline/train';
import { parseMmlConfigOption } from '../config-option.ts';
import { describeSnapshot } from '../describe-snapshot.ts';
import { abortOnInterrupt } from '../interrupt.ts';
import { createCliImportProgress } from '../import-progress.ts';
import { createProgress } from '../progress.ts';
import { createStageProgress } from '../stage-progress.ts';
import { describeReport } from './import-action.ts';
import type { TrainMmlCommandOptions } from './train-mml.ts';

const HEADLINE_COLUMNS = ['recall@5', 'recall@10', 'recall@20', 'ndcg@5', 'ndcg@10', 'ndcg@20', 'mrr@10'];

/** What `fewshot train mml` does once its options are checked, loaded only when it runs (see ./train-mml.ts). */
export async function runTrainMml(options: TrainMmlCommandOptions): Promise<void> {
  const overrides = parseMmlConfigOption(options.config);
  if (options.seed !== undefined) overrides.seed = options.seed;
  const db = await openDatabase({ url: options.databaseUrl });
  const stop = abortOnInterrupt('stopping at the next check; the run is recorded as FAILED');
  const stages = createStageProgress();
  try {
    await migrate(db.sql);
    if (options.data) await importAndEncode(db, options, stop.signal);
    const result = await trainModelVersion({
      db,
      config: overrides,
      name: options.name,
      encoders: { text: options.textEncoder, image: options.imageEncoder },
      signal: stop.signal,
      onSnapshot: (s) => process.stderr.write(`database ${db.location}: ${describeSnapshot(s)}\n`),
      onProgress: (p) => stages.update(p.stage, p.stageFraction, p.message, p.finishesAt),
    });
    stages.stop();
    const headline = `n=${result.metrics.protocol.headlineN}`;
    console.log(`model version ${result.versionId} is READY (training run ${result.runId}, ${(result.artifactBytes / 1e6).toFixed(1)} MB artifact, ${result.seconds.toFixed(0)} s)`);
    const trainingStages = result.evaluation.training.at(-1)?.stages ?? [];
    // The engine's heap only grows, up to 4 GiB: where each stage left it shows how much room this catalog has.
    if (trainingStages.length) console.log(`stages (seconds, engine heap after): ${trainingStages.map((s) => `${s.stage} ${s.seconds.toFixed(0)} s, ${s.heapMegabytes} MB`).join(' · ')}`);
    console.log(`cold-start evaluation of this version: ${result.metrics.protocol.newUsers} new users at ${headline}, history masked`);
    console.log(markdownTable(result.metrics.methods, HEADLINE_COLUMNS));
    const first = result.metrics.firstItems;
    if (first) console.log(`users without history get the most picked over ${describeFirstItems(first.chosen)}: ${first.reason}`);
    const slots = result.metrics.newItemSlots;
    if (slots) console.log(describeSlotsReplay(slots));
    if (options.json) {
      await writeFile(options.json, `${JSON.stringify({ versionId: result.versionId, runId: result.runId, artifactBytes: result.artifactBytes, ...result.evaluation, seconds: result.seconds }, null, 2)}\n`);
      console.log(`wrote ${options.json}`);
    }
  } finally {
    stages.stop();
    stop.dispose();
    await db.close();
  }
}

/** --data: the folder goes into the database like `fewshot import`, then its missing vectors like `fewshot features`. */
async function importAndEncode(db: Database, options: TrainMmlCommandOptions, signal: AbortSignal): Promise<void> {
  const report = await importDataset(db, {
    dataset: openDataset(options.data!, 'auto'),
    images: options.images ? { dir: options.images, map: options.imageMap } : undefined,
    progress: createCliImportProgress(),
  });
  console.log(describeReport(report, db.location));
  const specs = options.images ? [DEFAULT_ENCODER_SPECS.TEXT, DEFAULT_ENCODER_SPECS.IMAGE] : [DEFAULT_ENCODER_SPECS.TEXT];
  const bar = createProgress({ label: 'features', unit: 'items' });
  let total = 0;
  try {
    await computeFeatures({
      sql: db.sql,
      specs,
      signal,
      onPlan: ({ missing }) => bar.setTotal((total += missing)),
      onBatch: ({ ready, failed }) => bar.increment(ready + failed),
    });
  } finally {
    bar.stop();
  }
  signal.throwIfAborted();
}

/** One line on what the version's replay says new-item slots cost and gain (see `fewshot eval --new-item-slots`). */
export function describeSlotsReplay(replay: NewItemSlotsReport): string {
  if (replay.outcomes.length === 0) return `new-item slots: no item was new at the split time, nothing to replay`;
  const costs = replay.outcomes.filter((o) => o.slots > 0).map((o) => `${describeSlotPolicy(o)} +${o.per1000Lists.newItemHitsGained.toFixed(1)} / −${o.per1000Lists.otherHitsLost.toFixed(1)}`);
  return `new-item slots, replayed on the ${replay.events} events after the split (${replay.newItemEvents} of them a new item), hits on new items gained / on others lost per 1,000 lists of ${replay.listLength}: ${costs.join(', ')}`;
}

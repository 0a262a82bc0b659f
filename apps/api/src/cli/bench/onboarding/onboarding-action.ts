import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Database } from '@fewshot/db';
import { createApiKey } from '../../../auth/create-api-key.ts';
import { MAX_RATE_LIMIT_PER_MINUTE } from '../../../auth/set-api-key-rate-limit.ts';
import { readEnv } from '../../../env.ts';
import { startApi, startWorker, type BenchProcess } from '../api-process.ts';
import { median, reportBenchResult } from '../bench-result.ts';
import { prepareDemoCatalog, withDatabase } from '../serve/bench-catalogs.ts';
import { followNewItem, REACH_USERS, type ItemTiming, type ReachTiming, type Stages } from './follow-item.ts';
import { BENCH_ITEM_PREFIX, newItems } from './new-items.ts';
import { AIM_SECONDS, DEFAULT_REDIS_URL, type OnboardingBenchOptions } from './onboarding.ts';
import { deletePrefixKeys, redisUnreachableReason } from './redis-prefix.ts';

const POLL_MS = 20;

/** What `fewshot bench onboarding` does once its options are checked, loaded only when it runs (see ./onboarding.ts). */
export async function runOnboardingBenchmark(options: OnboardingBenchOptions, { count, timeoutSeconds }: { count: number; timeoutSeconds: number }): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const redisUrl = readEnv().REDIS_URL ?? DEFAULT_REDIS_URL;
  const unreachable = await redisUnreachableReason(redisUrl);
  if (unreachable) throw new Error(`${unreachable}: the onboarding bench runs the api's job queues (set REDIS_URL, or start redis-server)`);

  const root = path.resolve(options.dir);
  const dataDir = path.join(root, 'demo');
  const databaseUrl = options.databaseUrl;
  const catalog = await prepareDemoCatalog(path.join(dataDir, 'pglite'), log, { databaseUrl });
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const prefix = `fewshot-bench-${runId}`;
  const database = { pgliteDir: path.join(dataDir, 'pglite'), databaseUrl };
  const { merchandiserKey, encoders } = await withDatabase(database, async (db) => {
    await removeBenchItems(db.sql);
    // Counted, never refused: the bench follows each item's jobs closely, more often than a merchandiser's limit allows.
    const { key } = await createApiKey(db, { role: 'MERCHANDISER', name: `bench onboarding ${runId}`, rateLimitPerMinute: MAX_RATE_LIMIT_PER_MINUTE });
    const [active] = await db.sql.query<{ encoders: unknown }>(`SELECT encoders FROM model_versions WHERE status = 'ACTIVE' LIMIT 1`);
    return { merchandiserKey: key, encoders: active?.encoders ?? null };
  });
  const { items, postersFrom } = newItems(runId, count);
  if (!postersFrom) log('no posters under ../shared/data/ml-posters: the items are created without images');

  const env = { REDIS_URL: redisUrl, FEWSHOT_QUEUE_PREFIX: prefix, FEWSHOT_ONBOARDING_WAIT_MS: '0', FEWSHOT_FIRST_TRAINING: 'off', FEWSHOT_WORKERS: options.workers === 'separate' ? 'off' : 'embedded' };
  const processes: BenchProcess[] = [];
  const timings: ItemTiming[] = [];
  let outputs = '';
  try {
    const api = await startApi({ dataDir, databaseUrl, env, log });
    processes.push(api);
    if (options.workers === 'separate') processes.push(await startWorker({ dataDir, databaseUrl, env, log }));
    const target = { url: `${api.base}/graphql`, frontendKey: catalog.key, merchandiserKey };
    for (const [index, item] of items.entries()) {
      const timing = await followNewItem(target, item, { popular: catalog.itemIds.slice(0, 2), pollMs: POLL_MS, timeoutMs: timeoutSeconds * 1000 });
      timings.push(timing);
      log(progressLine(index, count, timing));
    }
  } finally {
    outputs = processes.map((p) => p.output()).join('\n');
    for (const p of processes.reverse()) await p.stop();
    const keys = await deletePrefixKeys(redisUrl, prefix).catch((error: unknown) => (log(`could not delete the Redis keys ${prefix}:*: ${String(error)}`), 0));
    const removed = await withDatabase(database, (db) => removeBenchItems(db.sql)).catch((error: unknown) => (log(`could not remove the bench items: ${String(error)}`), 0));
    log(`cleaned up: ${keys} Redis key(s) under ${prefix}:, ${removed} bench item(s)`);
  }

  const [first, ...rest] = timings;
  const others = rest.map((t) => t.seconds).filter((s): s is number => s !== null);
  const secondsToRecommendable = others.length > 0 ? median(others) : null;
  const p90Seconds = others.length > 0 ? nearestRank(others, 0.9) : null;
  const failed = timings.filter((t) => t.seconds === null).length;
  const stageMedians = medianStages(rest.map((t) => t.stages).filter((s): s is Stages => s !== null));
  const reaches = timings.map((t) => t.reach).filter((r): r is ReachTiming => r !== null);
  const reachSeconds = reaches.length > 0 ? median(reaches.map((r) => r.seconds)) : null;
  printTable(timings, stageMedians, secondsToRecommendable, p90Seconds);
  if (reachSeconds !== null) log(`whom it reaches (itemReach over the ${REACH_USERS} most recently active users, as the console previews a new item): median ${reachSeconds.toFixed(2)} s, ${((reachSeconds * 1000) / REACH_USERS).toFixed(1)} ms per user`);
  await reportBenchResult('onboarding', {
    secondsToRecommendable,
    firstItemSeconds: first?.seconds ?? null,
    p90Seconds,
    aimSeconds: AIM_SECONDS,
    met: failed === 0 && secondsToRecommendable !== null && secondsToRecommendable <= AIM_SECONDS,
    items: timings,
    stagesMedianSeconds: stageMedians,
    reachMedianSeconds: reachSeconds,
    reachUsers: REACH_USERS,
    encoderLoads: encoderLoads(outputs),
    settings: { items: count, workers: options.workers, pollMs: POLL_MS, timeoutSeconds, onboardingWaitMs: 0, images: postersFrom !== null, database: databaseUrl ? 'postgres' : 'pglite', failed },
    catalog: { items: catalog.items, versionId: catalog.versionId, encoders, prepareSeconds: catalog.prepareSeconds },
  }, options.json);
}

/** Deletes the items earlier runs created (their features, embeddings and images go with them). */
async function removeBenchItems(sql: Database['sql']): Promise<number> {
  const rows = await sql.query<{ id: number }>(`DELETE FROM items WHERE external_id LIKE $1 RETURNING id`, [`${BENCH_ITEM_PREFIX}%`]);
  return rows.length;
}

function progressLine(index: number, count: number, t: ItemTiming): string {
  const label = `item ${index + 1}/${count} ${t.id}${index === 0 ? ' (loads the encoders)' : ''}`;
  if (t.seconds === null) return `${label}: ${t.error}`;
  const split = t.stages ? ` (features ${t.stages.features.toFixed(2)} s, warm-up ${t.stages.warmup.toFixed(2)} s, waits ${(t.stages.featuresWait + t.stages.warmupWait).toFixed(2)} s, apply ${t.stages.apply.toFixed(2)} s)` : '';
  return `${label}: recommendable after ${t.seconds.toFixed(2)} s${split}${t.imageBytes ? `, ${Math.round(t.imageBytes / 1024)} KB poster` : ''}`;
}

function printTable(timings: ItemTiming[], stages: Stages | null, medianSeconds: number | null, p90: number | null): void {
  const s = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(2)).padStart(7);
  const lines = ['', '  item     total  mutation  features  warm-up    waits    apply'];
  for (const [i, t] of timings.entries()) {
    lines.push(`  ${String(i + 1).padEnd(6)} ${s(t.seconds)}   ${s(t.mutationSeconds)}   ${s(t.stages?.features)}  ${s(t.stages?.warmup)}  ${s(t.stages ? t.stages.featuresWait + t.stages.warmupWait : null)}  ${s(t.stages?.apply)}`);
  }
  lines.push(`  first item ${s(timings[0]?.seconds ?? null)} s; the others: median ${s(medianSeconds)} s, p90 ${s(p90)} s (aim ${AIM_SECONDS} s)`);
  if (stages) lines.push(`  median split: features ${stages.features.toFixed(2)} s, warm-up ${stages.warmup.toFixed(2)} s, queue waits ${(stages.featuresWait + stages.warmupWait).toFixed(2)} s, apply ${stages.apply.toFixed(2)} s`);
  process.stderr.write(`${lines.join('\n')}\n\n`);
}

function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function medianStages(list: Stages[]): Stages | null {
  if (list.length === 0) return null;
  const keys = Object.keys(list[0]!) as Array<keyof Stages>;
  return Object.fromEntries(keys.map((key) => [key, median(list.map((s) => s[key]))])) as unknown as Stages;
}

/** The encoders the api (or the worker) loaded for item writes, and how long each took, from their logs. */
function encoderLoads(output: string): Array<{ encoder: string; seconds: number }> {
  return [...output.matchAll(/loaded the (\S+) encoder for item writes in ([\d.]+) s/g)].map((m) => ({ encoder: m[1]!, seconds: Number(m[2]) }));
}

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportModelVersion, importModelVersion, startModelTrial, stopModelTrial } from '@fewshot/pipeline/lifecycle';
import { MAX_RATE_LIMIT_PER_MINUTE } from '../../../auth/set-api-key-rate-limit.ts';
import { readEnv } from '../../../env.ts';
import { startApi } from '../api-process.ts';
import { median, reportBenchResult } from '../bench-result.ts';
import { prepareDemoCatalog, prepareLargeCatalog, withDatabase, type BenchCatalog } from './bench-catalogs.ts';
import { drive, prime, probe, type LoadResult, type Scenario } from './drive.ts';
import type { ServeBenchOptions } from './serve.ts';

interface ScenarioSummary extends LoadResult {
  fractionOfFloor?: number;
  /** Share of the timed requests the api answered from kept lists (its /health counters over the timed runs). */
  hitRatio?: number;
  /** On the floor only: the api process's resident memory after the last round (its /metrics), in MB. */
  residentMegabytes?: number;
  runs: LoadResult[];
}

const RECOMMEND = 'query ($u: ID, $s: [ID!], $f: RecommendationFilter) { recommendations(userId: $u, recentItemIds: $s, first: 10, filter: $f) { source fewShot explanation { id text image } items { score item { id } } } }';
/**
 * The bench key's role limit: every request is counted (the api's rate limit costs what it costs in production), and
 * none reaches it (one address sends tens of thousands a minute here).
 */
const COUNTED_NEVER_REFUSED = String(MAX_RATE_LIMIT_PER_MINUTE);
/** Where the api counts: in Redis when the operator's environment names one (startApi passes it on), else in memory. */
const RATE_LIMIT_STORE = readEnv().REDIS_URL ? 'redis' : 'memory';
/** Users in the cold scenario outnumber the adaptation cache, so a computed cold answer always adapts (worst case). */
const ADAPTATION_CACHE = 64;
/** Kept recommendation lists: room for every prepared subject of the demo scenarios (500 + 2,000 + 1,000). */
const RESULT_CACHE = 10_000;

/** What `fewshot bench serve` does once its settings are checked, loaded only when it runs (see ./serve.ts). */
export async function runServeBenchmark(options: ServeBenchOptions, settings: { durationSeconds: number; runs: number; connections: number }): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const root = path.resolve(options.dir!);
  const demo = await prepareDemoCatalog(path.join(root, 'demo', 'pglite'), log, { databaseUrl: options.databaseUrl });
  const demoScenarios = (catalog: BenchCatalog): Scenarios => ({
    ...pair('warm', catalog.warmUsers.map((u) => ({ u })), false, catalog.itemIds),
    ...pair('cold', catalog.coldUsers.map((u) => ({ u })), true, catalog.itemIds),
    ...pair('anonymous', sequences(catalog.itemIds), true, catalog.itemIds),
    // A visitor with nothing yet (a landing page): the counted list the version chose, reused for a few seconds.
    ...pair('no-history', [{ s: [] }], false, catalog.itemIds, { source: 'POPULARITY', counters: 'countedLists' }),
    ...writes(catalog.itemIds),
  });
  // The baseline first: the api as configured records every list a frontend asks for a known user.
  const unrecorded = options.compareServedLists ? await measure(demo, path.join(root, 'demo'), settings, (line) => log(`served lists off: ${line}`), demoScenarios, { FEWSHOT_SERVED_LIST_SAMPLE: '0' }) : undefined;
  // The baseline first: an api that counts no request against a rate limit.
  const unlimited = options.compareRateLimits ? await measure(demo, path.join(root, 'demo'), settings, (line) => log(`rate limits off: ${line}`), demoScenarios, { FEWSHOT_RATE_LIMIT_FRONTEND: '0' }) : undefined;
  // The baseline first: no new-item slots, against the default (one, for a new item within a user's top 50).
  const unslotted = options.compareNewItemSlots ? await measure(demo, path.join(root, 'demo'), settings, (line) => log(`new-item slots off: ${line}`), demoScenarios, { FEWSHOT_NEW_ITEM_SLOTS: '0' }) : undefined;
  let slotted: SlotCounts | undefined;
  const demoResults = await measure(demo, path.join(root, 'demo'), settings, log, demoScenarios, {}, options.compareNewItemSlots ? async (url) => (slotted = await countSlotted(url, demo)) : undefined);
  // Then the same api while a trial serves half of the known users a second copy of the version: two models loaded,
  // each with its own adaptation threads; anonymous sequences stay on the active one.
  const duringTrial = options.compareTrial ? await withTrial(demo, log, () => measure(demo, path.join(root, 'demo'), settings, (line) => log(`trial: ${line}`), demoScenarios)) : undefined;
  let large: Record<string, unknown> | undefined;
  let largeComputed: Record<string, unknown> | undefined;
  if (options.large === 'on') {
    const catalog = await prepareLargeCatalog(path.join(root, 'large', 'pglite'), log, Number(options.largeItems));
    const results = await measure(catalog, path.join(root, 'large'), settings, log, (c) => pair('large', c.warmUsers.map((u) => ({ u })), false, c.itemIds));
    large = { ...results.large, floor: results.floor, items: catalog.items, prepareSeconds: catalog.prepareSeconds };
    largeComputed = { ...results['large-computed'], floor: results.floor };
  }
  const { floor, warm, cold, anonymous } = demoResults;
  const noHistory = demoResults['no-history'];
  await reportBenchResult('serve', {
    settings: { ...settings, adaptationCache: ADAPTATION_CACHE, resultCache: RESULT_CACHE, coldThreshold: 20, database: options.databaseUrl ? 'postgres' : 'pglite', largeDatabase: 'pglite' },
    scenarios: 'warm, cold, anonymous, large: each subject asked once before the timed runs, so the api answers repeated requests (page views between events) from its kept lists (hitRatio says how many it did). noHistory: an empty anonymous sequence, answered with the counted list the version chose for users without history, from counts each replica makes once per 10 s and filters per request (hitRatio from /health serving.cache.countedLists: requests answered from kept counts). computed.*: the same subjects, each request with another filter.excludeItemIds, so every answer is computed (the first request after an event): the history read, the model run, for cold and anonymous the few-shot adaptation, for noHistory the kept counts filtered afresh.',
    catalog: { items: demo.items, warmUsers: demo.warmUsers.length, coldUsers: demo.coldUsers.length, versionId: demo.versionId, prepareSeconds: demo.prepareSeconds },
    floor, warm, cold, anonymous, noHistory,
    large: large ?? { skipped: '--large off' },
    servedLists: unrecorded ? settingComparison(unrecorded, demoResults) : { skipped: 'no --compare-served-lists' },
    trial: duringTrial ? trialComparison(demoResults, duringTrial) : { skipped: 'no --compare-trial' },
    rateLimits: unlimited ? { store: RATE_LIMIT_STORE, ...settingComparison(unlimited, demoResults) } : { skipped: 'no --compare-rate-limits' },
    newItemSlots: unslotted ? { setting: 'FEWSHOT_NEW_ITEM_SLOTS 1, FEWSHOT_NEW_ITEM_WITHIN 50 (the defaults) against 0', listsWithSlottedItem: slotted, ...settingComparison(unslotted, demoResults) } : { skipped: 'no --compare-new-item-slots' },
    writes: {
      scenarios: `record: one recordInteraction a request; record-batch: recordInteractions of ${WRITE_BATCH} events a request. Events of ${WRITERS.toLocaleString('en')} users of the bench's own (${WRITER_PREFIX}…, deleted after each measurement, so the cached catalog stays as it was) on the demo items; each request a transaction, the change notification and user_activity's trigger included.`,
      one: demoResults.record,
      batch: demoResults['record-batch'],
      eventsPerSecond: { one: demoResults.record!.rps, batch: demoResults['record-batch']!.rps * WRITE_BATCH },
    },
    computed: { warm: demoResults['warm-computed'], cold: demoResults['cold-computed'], anonymous: demoResults['anonymous-computed'], noHistory: demoResults['no-history-computed'], large: largeComputed ?? { skipped: '--large off' } },
    goals: {
      warmFractionOfFloorAtLeast: 0.5, warmP99MsAtMost: 20, coldP99MsAtMost: 50,
      met: warm!.fractionOfFloor! >= 0.5 && warm!.p99Ms <= 20 && cold!.p99Ms <= 50,
      metComputed: demoResults['warm-computed']!.fractionOfFloor! >= 0.5 && demoResults['warm-computed']!.p99Ms <= 20 && demoResults['cold-computed']!.p99Ms <= 50,
    },
  }, options.json);
}

/** Which /health counters say whether a scenario's answers came from memory ('none': a write, never kept). */
type Counters = 'lists' | 'countedLists' | 'none';
type Scenarios = Record<string, Scenario & { primeCount?: number; counters?: Counters }>;
type HealthCache = { hits: number; misses: number; countedLists: { hits: number; misses: number } };

/** Starts the api on a prepared catalog, then runs the floor and every scenario `runs` times, interleaved. */
async function measure(catalog: BenchCatalog, dataDir: string, settings: { durationSeconds: number; runs: number; connections: number }, log: (line: string) => void, scenarios: (c: BenchCatalog) => Scenarios, env: Record<string, string> = {}, afterRuns?: (url: string) => Promise<unknown>): Promise<Record<string, ScenarioSummary>> {
  const api = await startApi({ dataDir, databaseUrl: catalog.databaseUrl, log, env: { FEWSHOT_ADAPTATION_CACHE: String(ADAPTATION_CACHE), FEWSHOT_RESULT_CACHE: String(RESULT_CACHE), FEWSHOT_COLD_THRESHOLD: '20', FEWSHOT_METRICS_TOKEN: METRICS_TOKEN, FEWSHOT_RATE_LIMIT_FRONTEND: COUNTED_NEVER_REFUSED, ...env } });
  try {
    const url = `${api.base}/graphql`;
    const all: Scenarios = { floor: { name: 'floor', body: () => JSON.stringify({ query: '{ __typename }' }) }, ...scenarios(catalog) };
    const cacheCounters = async (which: Counters = 'lists') => {
      if (which === 'none') return { hits: 0, misses: 0 };
      const cache = ((await (await fetch(`${api.base}/health`)).json()) as { serving: { cache: HealthCache } }).serving.cache;
      return which === 'countedLists' ? cache.countedLists : cache;
    };
    for (const scenario of Object.values(all)) await probe(scenario, { url, key: catalog.key });
    // Warm-up: JIT, onnxruntime's first runs, connection pools.
    for (const scenario of Object.values(all)) await drive(scenario, { url, key: catalog.key, connections: settings.connections, durationSeconds: 1 });
    const runs = new Map<string, LoadResult[]>(Object.keys(all).map((name) => [name, []]));
    const counted = new Map<string, { hits: number; misses: number }>();
    for (let round = 1; round <= settings.runs; round++) {
      for (const [name, scenario] of Object.entries(all)) {
        // Before every timed run: the computed scenarios' answers push kept ones out of the api's cache over time.
        if (scenario.primeCount) await prime(scenario, { url, key: catalog.key, connections: settings.connections }, scenario.primeCount);
        const before = await cacheCounters(scenario.counters);
        const result = await drive(scenario, { url, key: catalog.key, connections: settings.connections, durationSeconds: settings.durationSeconds });
        const after = await cacheCounters(scenario.counters);
        const sum = counted.get(name) ?? { hits: 0, misses: 0 };
        counted.set(name, { hits: sum.hits + after.hits - before.hits, misses: sum.misses + after.misses - before.misses });
        runs.get(name)!.push(result);
        log(`${catalog.name} round ${round}/${settings.runs} ${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${result.errors || result.non2xx ? `, ${result.errors} errors, ${result.non2xx} non-2xx` : ''}`);
      }
    }
    await afterRuns?.(url);
    const summaries = Object.fromEntries([...runs].map(([name, results]) => [name, summarise(results)]));
    summaries.floor!.residentMegabytes = await residentMegabytes(api.base);
    for (const [name, summary] of Object.entries(summaries)) {
      if (name === 'floor') continue;
      summary.fractionOfFloor = summary.rps / summaries.floor!.rps;
      if (all[name]!.counters === 'none') continue;
      const { hits, misses } = counted.get(name)!;
      summary.hitRatio = hits + misses === 0 ? 0 : hits / (hits + misses);
    }
    return summaries;
  } finally {
    await api.stop();
    // The write scenarios' users and their events: gone again, so every measurement starts from the same catalog.
    await withDatabase(catalog, (db) => db.sql.query(`DELETE FROM users WHERE external_id LIKE '${WRITER_PREFIX}%'`));
  }
}

/** The bench api's /metrics token (the endpoint is off without one). */
const METRICS_TOKEN = 'fewshot-bench-serve-metrics';

/** The api process's resident memory in MB, from its Prometheus metrics (prom-client's process metrics). */
async function residentMegabytes(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const bytes = /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+?\d+)?)$/m.exec(text)?.[1];
  if (bytes === undefined) throw new Error('the api\'s /metrics has no process_resident_memory_bytes');
  return Number(bytes) / 1e6;
}

/** The trial's version: the bench version exported and imported again (a READY copy), kept for later runs. */
const TRIAL_MODEL_NAME = 'bench-serve trial';

/**
 * Runs `work` while a trial (half of the known users) serves a copy of the demo catalog's version, and stops the
 * trial afterwards, whatever happened, so the cached bench database is left as it was.
 */
async function withTrial<T>(catalog: BenchCatalog, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  await withDatabase(catalog, async (db) => {
    let copy = (await db.prisma.modelVersion.findFirst({ where: { name: TRIAL_MODEL_NAME, status: 'READY' }, select: { id: true } }))?.id;
    if (copy === undefined) {
      log('copying the bench version for the trial (once; cached in the bench database)…');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-bench-trial-'));
      try {
        await exportModelVersion(db, catalog.versionId, path.join(dir, 'version.fewshot'));
        copy = (await importModelVersion(db, path.join(dir, 'version.fewshot'), { name: TRIAL_MODEL_NAME })).versionId;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    await startModelTrial(db, { candidateVersionId: copy, share: 0.5 });
  });
  try {
    return await work();
  } finally {
    await withDatabase(catalog, (db) => stopModelTrial(db));
  }
}

/** What a running trial costs: each scenario during the trial against the same api without one, as ratios of medians. */
function trialComparison(without: Record<string, ScenarioSummary & { residentMegabytes?: number }>, during: Record<string, ScenarioSummary & { residentMegabytes?: number }>): Record<string, unknown> {
  const ratios = Object.fromEntries(Object.keys(during).map((name) => [name, { rps: during[name]!.rps / without[name]!.rps, p99: during[name]!.p99Ms / without[name]!.p99Ms }]));
  const brief = Object.fromEntries(Object.entries(during).map(([name, summary]) => [name, { rps: summary.rps, p50Ms: summary.p50Ms, p99Ms: summary.p99Ms }]));
  return { share: 0.5, during: brief, ratios, residentMegabytes: { without: without.floor?.residentMegabytes ?? null, during: during.floor?.residentMegabytes ?? null } };
}

/**
 * What a setting costs (recording served lists, counting rate limits): each scenario measured by an api with it off
 * (`off`, measured first in the same command) against the api as configured, as ratios of their medians (rps: on /
 * off, below 1 is slower; p99: on / off, above 1 is slower). Served lists: anonymous sequences and the floor are never
 * recorded, so their ratios are the noise. Rate limits: every request is counted, the floor's too.
 */
function settingComparison(off: Record<string, ScenarioSummary>, on: Record<string, ScenarioSummary>): Record<string, unknown> {
  const ratios = Object.fromEntries(Object.keys(on).map((name) => [name, { rps: on[name]!.rps / off[name]!.rps, p99: on[name]!.p99Ms / off[name]!.p99Ms }]));
  const brief = Object.fromEntries(Object.entries(off).map(([name, summary]) => [name, { rps: summary.rps, p50Ms: summary.p50Ms, p99Ms: summary.p99Ms }]));
  return { off: brief, ratios };
}

/** Per subject kind, how many of its lists (first 10, as the scenarios ask) held an item a new-item slot placed. */
type SlotCounts = Record<'warm' | 'cold' | 'anonymous', { lists: number; slotted: number; share: number }>;

/** Asks up to 300 subjects of each kind once more and counts the lists a slot changed (an item marked newItem). */
async function countSlotted(url: string, catalog: BenchCatalog): Promise<SlotCounts> {
  const kinds = { warm: catalog.warmUsers.map((u) => ({ u })), cold: catalog.coldUsers.map((u) => ({ u })), anonymous: sequences(catalog.itemIds) };
  const counts = {} as SlotCounts;
  for (const [kind, subjects] of Object.entries(kinds) as Array<[keyof SlotCounts, Array<{ u?: string; s?: string[] }>]>) {
    let slotted = 0;
    const asked = subjects.slice(0, 300);
    for (const subject of asked) {
      // probe fails on an error answer: a list that could not be asked is not counted as one without a slot.
      const body = JSON.stringify({ query: 'query ($u: ID, $s: [ID!]) { recommendations(userId: $u, recentItemIds: $s, first: 10) { items { newItem } } }', variables: subject });
      const answer = (await probe({ name: `${kind} slots`, body: () => body }, { url, key: catalog.key })) as { data: { recommendations: { items: Array<{ newItem: boolean }> } } };
      if (answer.data.recommendations.items.some((item) => item.newItem)) slotted++;
    }
    counts[kind] = { lists: asked.length, slotted, share: asked.length === 0 ? 0 : slotted / asked.length };
  }
  return counts;
}

function summarise(runs: LoadResult[]): ScenarioSummary {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    runs,
  };
}

/**
 * A scenario and its computed twin: `name` asks its subjects in turn (each asked once before timing, so the api keeps
 * their answers); `name-computed` asks the same subjects, each request excluding another popular item, so no two
 * requests in the whole run are the same and every answer is computed.
 */
function pair(name: string, subjects: Array<{ u?: string; s?: string[] }>, fewShot: boolean, itemIds: string[], { source = 'MODEL', counters = 'lists' }: { source?: 'MODEL' | 'POPULARITY'; counters?: Counters } = {}): Scenarios {
  if (subjects.length === 0) throw new Error(`the ${name} scenario has nobody to ask for`);
  if (itemIds.length === 0) throw new Error(`the ${name} scenario has no items to exclude`);
  const check = (json: unknown) => {
    const list = (json as { data: { recommendations: { source: string; fewShot: boolean; items: unknown[] } } }).data.recommendations;
    if (list.source !== source) return `served by ${list.source}, not ${source === 'MODEL' ? 'the model' : 'counts'}`;
    if (list.fewShot !== fewShot) return `fewShot is ${list.fewShot}, expected ${fewShot}`;
    return list.items.length === 10 ? undefined : `${list.items.length} items`;
  };
  // Counts across runs (each drive restarts its own n): a prime number of excluded items against the subjects.
  let issued = 0;
  const excluded = Math.min(997, itemIds.length);
  return {
    [name]: { name, body: (n) => JSON.stringify({ query: RECOMMEND, variables: subjects[n % subjects.length] }), check, primeCount: subjects.length, counters },
    [`${name}-computed`]: {
      name: `${name}-computed`,
      counters,
      body: () => {
        const i = issued++;
        return JSON.stringify({ query: RECOMMEND, variables: { ...subjects[i % subjects.length], f: { excludeItemIds: [itemIds[i % excluded]] } } });
      },
      check,
    },
  };
}

const RECORD_ONE = 'mutation ($i: InteractionInput!) { recordInteraction(input: $i) { created } }';
const RECORD_BATCH = 'mutation ($is: [InteractionInput!]!) { recordInteractions(inputs: $is) { recorded } }';
/** The write scenarios' users: the bench's own, deleted after each measurement (measure). */
const WRITER_PREFIX = 'bench-writer-';
const WRITERS = 1_000;
const WRITE_BATCH = 100;

/**
 * Events recorded over HTTP as a frontend sends them: one a request (a page's click), and batches of 100 (a server
 * forwarding its queue). Users cycle through the bench's writers, items through the catalog.
 */
function writes(itemIds: string[]): Scenarios {
  const event = (k: number) => ({ userId: `${WRITER_PREFIX}${k % WRITERS}`, itemId: itemIds[(k * 31) % itemIds.length]! });
  let batches = 0;
  return {
    record: {
      name: 'record',
      counters: 'none',
      body: (n) => JSON.stringify({ query: RECORD_ONE, variables: { i: event(n) } }),
      check: (json) => ((json as { data: { recordInteraction: { created: boolean } } }).data.recordInteraction.created ? undefined : 'the event was not created'),
    },
    'record-batch': {
      name: 'record-batch',
      counters: 'none',
      body: () => {
        const first = batches++ * WRITE_BATCH;
        return JSON.stringify({ query: RECORD_BATCH, variables: { is: Array.from({ length: WRITE_BATCH }, (_, j) => event(first + j)) } });
      },
      check: (json) => {
        const recorded = (json as { data: { recordInteractions: { recorded: number } } }).data.recordInteractions.recorded;
        return recorded === WRITE_BATCH ? undefined : `${recorded} of ${WRITE_BATCH} events recorded`;
      },
    },
  };
}

/** 1,000 anonymous sequences of 3 to 5 popular items, deterministic. */
function sequences(itemIds: string[]): Array<{ s: string[] }> {
  return Array.from({ length: 1000 }, (_, i) => ({ s: Array.from({ length: 3 + (i % 3) }, (_, j) => itemIds[(i * 37 + j * 101) % itemIds.length]!) }));
}

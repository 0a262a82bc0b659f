import path from 'node:path';
import { startApi } from '../api-process.ts';
import { median, reportBenchResult } from '../bench-result.ts';
import { prepareDemoCatalog, prepareLargeCatalog, type BenchCatalog } from './bench-catalogs.ts';
import { drive, probe, type LoadResult, type Scenario } from './drive.ts';
import type { ServeBenchOptions } from './serve.ts';

interface ScenarioSummary extends LoadResult {
  fractionOfFloor?: number;
  runs: LoadResult[];
}

const RECOMMEND = 'query ($u: ID, $s: [ID!]) { recommendations(userId: $u, recentItemIds: $s, first: 10) { source fewShot explanation { id text image } items { score item { id } } } }';
/** Users in the cold scenario outnumber the adaptation cache, so almost every request adapts (worst case). */
const ADAPTATION_CACHE = 64;

/** What `fewshot bench serve` does once its settings are checked, loaded only when it runs (see ./serve.ts). */
export async function runServeBenchmark(options: ServeBenchOptions, settings: { durationSeconds: number; runs: number; connections: number }): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const root = path.resolve(options.dir!);
  const demo = await prepareDemoCatalog(path.join(root, 'demo', 'pglite'), log);
  const demoResults = await measure(demo, path.join(root, 'demo'), settings, log, (catalog) => ({
    warm: recommendScenario('warm', catalog.warmUsers.map((u) => ({ u })), false),
    cold: recommendScenario('cold', catalog.coldUsers.map((u) => ({ u })), true),
    anonymous: recommendScenario('anonymous', sequences(catalog.itemIds), true),
  }));
  let large: Record<string, unknown> | undefined;
  if (options.large === 'on') {
    const catalog = await prepareLargeCatalog(path.join(root, 'large', 'pglite'), log, Number(options.largeItems));
    const results = await measure(catalog, path.join(root, 'large'), settings, log, (c) => ({ large: recommendScenario('large', c.warmUsers.map((u) => ({ u })), false) }));
    large = { ...results.large, floor: results.floor, items: catalog.items, prepareSeconds: catalog.prepareSeconds };
  }
  const { floor, warm, cold, anonymous } = demoResults;
  await reportBenchResult('serve', {
    settings: { ...settings, adaptationCache: ADAPTATION_CACHE, coldThreshold: 20, database: 'pglite' },
    catalog: { items: demo.items, warmUsers: demo.warmUsers.length, coldUsers: demo.coldUsers.length, versionId: demo.versionId, prepareSeconds: demo.prepareSeconds },
    floor, warm, cold, anonymous,
    large: large ?? { skipped: '--large off' },
    goals: {
      warmFractionOfFloorAtLeast: 0.5, warmP99MsAtMost: 20, coldP99MsAtMost: 50,
      met: warm!.fractionOfFloor! >= 0.5 && warm!.p99Ms <= 20 && cold!.p99Ms <= 50,
    },
  }, options.json);
}

type Scenarios = Record<string, Scenario>;

/** Starts the api on a prepared catalog, then runs the floor and every scenario `runs` times, interleaved. */
async function measure(catalog: BenchCatalog, dataDir: string, settings: { durationSeconds: number; runs: number; connections: number }, log: (line: string) => void, scenarios: (c: BenchCatalog) => Scenarios): Promise<Record<string, ScenarioSummary>> {
  const api = await startApi({ dataDir, log, env: { FEWSHOT_ADAPTATION_CACHE: String(ADAPTATION_CACHE), FEWSHOT_COLD_THRESHOLD: '20' } });
  try {
    const url = `${api.base}/graphql`;
    const all: Scenarios = { floor: { name: 'floor', body: () => JSON.stringify({ query: '{ __typename }' }) }, ...scenarios(catalog) };
    for (const scenario of Object.values(all)) await probe(scenario, { url, key: catalog.key });
    // Warm-up: JIT, onnxruntime's first runs, connection pools.
    for (const scenario of Object.values(all)) await drive(scenario, { url, key: catalog.key, connections: settings.connections, durationSeconds: 1 });
    const runs = new Map<string, LoadResult[]>(Object.keys(all).map((name) => [name, []]));
    for (let round = 1; round <= settings.runs; round++) {
      for (const [name, scenario] of Object.entries(all)) {
        const result = await drive(scenario, { url, key: catalog.key, connections: settings.connections, durationSeconds: settings.durationSeconds });
        runs.get(name)!.push(result);
        log(`${catalog.name} round ${round}/${settings.runs} ${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${result.errors || result.non2xx ? `, ${result.errors} errors, ${result.non2xx} non-2xx` : ''}`);
      }
    }
    const summaries = Object.fromEntries([...runs].map(([name, results]) => [name, summarise(results)]));
    for (const [name, summary] of Object.entries(summaries)) if (name !== 'floor') summary.fractionOfFloor = summary.rps / summaries.floor!.rps;
    return summaries;
  } finally {
    await api.stop();
  }
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

function recommendScenario(name: string, subjects: Array<{ u?: string; s?: string[] }>, fewShot: boolean): Scenario {
  if (subjects.length === 0) throw new Error(`the ${name} scenario has nobody to ask for`);
  return {
    name,
    body: (n) => JSON.stringify({ query: RECOMMEND, variables: subjects[n % subjects.length] }),
    check: (json) => {
      const list = (json as { data: { recommendations: { source: string; fewShot: boolean; items: unknown[] } } }).data.recommendations;
      if (list.source !== 'MODEL') return `served by ${list.source}, not the model`;
      if (list.fewShot !== fewShot) return `fewShot is ${list.fewShot}, expected ${fewShot}`;
      return list.items.length === 10 ? undefined : `${list.items.length} items`;
    },
  };
}

/** 1,000 anonymous sequences of 3 to 5 popular items, deterministic. */
function sequences(itemIds: string[]): Array<{ s: string[] }> {
  return Array.from({ length: 1000 }, (_, i) => ({ s: Array.from({ length: 3 + (i % 3) }, (_, j) => itemIds[(i * 37 + j * 101) % itemIds.length]!) }));
}

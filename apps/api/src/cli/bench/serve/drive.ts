import autocannon from 'autocannon';

/** One load scenario: a GraphQL body per request, cycling through its subjects. */
export interface Scenario {
  name: string;
  /** The n-th request's GraphQL body. */
  body: (n: number) => string;
  /** Checks one answer's body before the run, so a scenario that errors is never timed. */
  check?: (json: unknown) => string | undefined;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface DriveOptions {
  url: string;
  key: string;
  connections: number;
  durationSeconds: number;
}

/** Sends one request of the scenario and returns the parsed answer, failing on GraphQL errors or a failed check. */
export async function probe(scenario: Scenario, { url, key }: Pick<DriveOptions, 'url' | 'key'>): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: headers(key), body: scenario.body(0) });
  const json = (await response.json()) as { errors?: unknown[] };
  if (!response.ok || json.errors) throw new Error(`${scenario.name}: the api answered ${response.status} ${JSON.stringify(json.errors ?? json).slice(0, 400)}`);
  const problem = scenario.check?.(json);
  if (problem) throw new Error(`${scenario.name}: ${problem}`);
  return json;
}

/**
 * Sends the scenario's first `count` requests once each at `connections` concurrency: what a prepared scenario's
 * subjects ask before they are timed (their answers are then kept by the api).
 */
export async function prime(scenario: Scenario, options: Omit<DriveOptions, 'durationSeconds'>, count: number): Promise<void> {
  let n = 0;
  const result = await autocannon({
    url: options.url,
    connections: Math.min(options.connections, count),
    amount: count,
    method: 'POST',
    headers: headers(options.key),
    requests: [{ setupRequest: (request) => ({ ...request, body: scenario.body(n++) }) }],
  });
  if (result.errors + result.timeouts + result.non2xx > 0) throw new Error(`${scenario.name}: ${result.errors + result.timeouts} errors and ${result.non2xx} non-2xx answers while priming`);
}

/** Drives the api at fixed concurrency for a fixed time over loopback HTTP (autocannon) and summarises latency. */
export async function drive(scenario: Scenario, options: DriveOptions): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    method: 'POST',
    headers: headers(options.key),
    requests: [{ setupRequest: (request) => ({ ...request, body: scenario.body(n++) }) }],
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function headers(key: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${key}` };
}

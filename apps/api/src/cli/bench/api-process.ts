import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { repositoryRoot } from '@fewshot/db';

/** A process a benchmark started (the api, a worker), with its output kept for error messages. */
export interface BenchProcess {
  output: () => string;
  stop: () => Promise<void>;
}

export interface BenchApi extends BenchProcess {
  base: string;
}

export interface StartApiOptions {
  /** FEWSHOT_DATA_DIR of the api: its PGlite database when `databaseUrl` is not given. */
  dataDir: string;
  /** A PostgreSQL database instead of the PGlite one under `dataDir`. */
  databaseUrl?: string;
  /** More of the api's configuration (FEWSHOT_… settings, REDIS_URL). */
  env?: Record<string, string>;
  log: (line: string) => void;
}

/**
 * Starts the api (`apps/api/src/index.ts`) on a free loopback port with the operator's environment, minus a database
 * URL unless one is given, and resolves once /health says the model serves.
 */
export async function startApi({ dataDir, databaseUrl, env = {}, log }: StartApiOptions): Promise<BenchApi> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = startNode('apps/api/src/index.ts', { DATABASE_URL: databaseUrl ?? '', FEWSHOT_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', FEWSHOT_DEMO_CATALOG: 'off', ...env });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (api.exited()) throw new Error(`the api exited while starting:\n${api.output().slice(-3000)}`);
    const health = await fetch(`${base}/health`).then((r) => r.json() as Promise<{ serving?: { source: string } }>).catch(() => undefined);
    if (health?.serving?.source === 'model') break;
    if (Date.now() > deadline) {
      await api.stop();
      throw new Error(`the api did not serve the model within 180 s:\n${api.output().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(`api up at ${base} (${databaseUrl ? 'PostgreSQL' : dataDir})`);
  return { base, output: api.output, stop: api.stop };
}

/** Starts a job worker process (`apps/api/src/worker.ts`) and resolves once its workers run. */
export async function startWorker({ dataDir, databaseUrl, env = {}, log }: StartApiOptions): Promise<BenchProcess> {
  const worker = startNode('apps/api/src/worker.ts', { DATABASE_URL: databaseUrl ?? '', FEWSHOT_DATA_DIR: dataDir, ...env });
  const deadline = Date.now() + 120_000;
  while (!/fewshot worker: database/.test(worker.output())) {
    if (worker.exited()) throw new Error(`the worker exited while starting:\n${worker.output().slice(-3000)}`);
    if (Date.now() > deadline) {
      await worker.stop();
      throw new Error(`the worker did not start within 120 s:\n${worker.output().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log('worker process up');
  return { output: worker.output, stop: worker.stop };
}

/** `node --import tsx <script>` from the repository root with the operator's environment plus `env`. */
function startNode(script: string, env: Record<string, string>): BenchProcess & { exited: () => boolean } {
  // eslint-disable-next-line no-restricted-properties -- the process under test inherits the operator's environment
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, script)], { cwd: repositoryRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

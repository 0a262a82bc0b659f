import type http from 'node:http';

/** In-flight requests get this long to finish after a stop signal; then their connections are closed. */
export const DRAIN_MS = 2_000;
/** Each closing step (Apollo, the database, …) gets this long. */
export const STEP_MS = 2_000;
/** Whatever happens, the process exits this long after the signal: well inside `npm start`'s 10 s grace period. */
export const HARD_DEADLINE_MS = 7_000;

export interface ShutdownStep {
  name: string;
  close: () => Promise<void>;
}

export interface ShutdownOptions {
  /** The HTTP server to drain first; a worker process has none. */
  server?: http.Server;
  /** The process's name in log lines (`api`, `worker`). */
  name?: string;
  /** Run in order once the HTTP server has drained: Apollo, then the database, then anything else holding the loop. */
  steps: ShutdownStep[];
  log?: (message: string) => void;
  exit?: (code: number) => never | void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Stops accepting connections, lets in-flight requests finish for up to `drainMs` while idle keep-alive connections
 * are closed as soon as they are idle, then closes whatever is still open (a client that never finishes its request
 * body, a browser's keep-alive socket). Resolves once the server has closed, with the number of connections cut.
 */
export async function drainHttpServer(server: http.Server, drainMs = DRAIN_MS): Promise<number> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // close() closes the connections idle right now; a request finishing later leaves its socket idle again.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  try {
    const drained = await Promise.race([closed.then(() => true), sleep(drainMs).then(() => false)]);
    if (drained) return 0;
    const open = await new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
    server.closeAllConnections();
    await closed;
    return open;
  } finally {
    clearInterval(sweep);
  }
}

async function withTimeout(step: ShutdownStep, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    await Promise.race([step.close(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGINT/SIGTERM stop the api within a few seconds whatever clients do: drain HTTP, run each step with a time limit,
 * exit 0 (1 when a step failed or timed out). A watchdog exits regardless at HARD_DEADLINE_MS; a second signal exits
 * at once. Returns the shutdown function, for callers that stop the api themselves.
 */
export function installShutdown({ server, name = 'api', steps, log = console.log, exit = process.exit }: ShutdownOptions): (signal: string) => Promise<void> {
  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) {
      log(`fewshot ${name}: ${signal} again, exiting now`);
      exit(1);
      return;
    }
    stopping = true;
    const started = performance.now();
    log(`fewshot ${name}: ${signal}, shutting down`);
    setTimeout(() => {
      log(`fewshot ${name}: still not stopped ${HARD_DEADLINE_MS / 1000} s after ${signal}; exiting now`);
      exit(1);
    }, HARD_DEADLINE_MS).unref();
    const cut = server ? await drainHttpServer(server) : 0;
    if (cut > 0) log(`fewshot ${name}: closed ${cut} connection(s) still open after ${DRAIN_MS / 1000} s`);
    let code = 0;
    for (const step of steps) {
      try {
        await withTimeout(step, STEP_MS);
      } catch (error) {
        code = 1;
        log(`fewshot ${name}: closing ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    log(`fewshot ${name}: stopped in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    exit(code);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
  return shutdown;
}

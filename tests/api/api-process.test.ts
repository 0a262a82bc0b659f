import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repositoryRoot } from '@fewshot/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';

const CLI = path.join(repositoryRoot, 'apps', 'api', 'bin', 'fewshot.mjs');

function fewshot(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // eslint-disable-next-line no-restricted-properties -- the CLI inherits the test's environment, as from a shell
    execFile(process.execPath, [CLI, ...args], { cwd: repositoryRoot, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * The api as its own process on the embedded database (a PGlite folder, no demo catalog): what it shares with other
 * processes on the machine, and how it stops.
 */
describe('the api process on PGlite', () => {
  let api: Started;
  let base = '';
  let port = 0;
  let env: Record<string, string> = {};
  let ended: Promise<number | NodeJS.Signals | null>;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-api-process-'));
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { FEWSHOT_DATA_DIR: dataDir, DATABASE_URL: '', FEWSHOT_DEMO_CATALOG: 'off', PORT: String(port), HOST: '127.0.0.1' };
    api = startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], env);
    ended = new Promise((resolve) => api.child.on('exit', (code, signal) => resolve(code ?? signal)));
    await waitUntil(async () => (await fetch(`${base}/health`)).ok, 120_000, 'the api to start', api.output);
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
  });

  it('EXPECTED FAILURE: refuses a CLI import into the PGlite folder the api owns, saying who owns it and what to do', async () => {
    const dataset = mkdtempSync(path.join(os.tmpdir(), 'fewshot-import-'));
    writeFileSync(path.join(dataset, 'items.jsonl'), '{"id":"i1","title":"One"}\n');
    writeFileSync(path.join(dataset, 'interactions.jsonl'), '{"user":"u1","item":"i1","timestamp":100}\n');
    const run = await fewshot(['import', dataset], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`is in use by the api (http://127.0.0.1:${port}/graphql), pid ${api.child.pid}, since `);
    expect(run.stderr).toContain('stop it first, or use its GraphQL API, or set DATABASE_URL');
    expect(run.stdout).not.toContain('imported');
  });

  // Last: it stops the api.
  it('exits within a few seconds of SIGTERM although a keep-alive client, a slow upload and an idle socket hold connections', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        http.get(`${base}/health`, { agent }, (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0))).on('error', reject);
      });
    expect(await get()).toBe(200); // the socket stays open in the agent, as a browser's does
    // A request whose body never finishes: in flight until the api gives up on it.
    const slow = http.request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
    const slowEnded = new Promise<string>((resolve) => {
      slow.on('error', (error) => resolve(error.message));
      slow.on('response', (res) => resolve(`HTTP ${res.statusCode}`));
    });
    slow.write('{"query": "{ __typename');
    // A connection that never sends a request (browsers open these ahead of time).
    const idle = net.connect(port, '127.0.0.1');
    idle.on('error', () => undefined);
    await new Promise((resolve) => idle.on('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalled = performance.now();
    process.kill(api.child.pid!, 'SIGTERM');
    const code = await ended;
    const seconds = (performance.now() - signalled) / 1000;
    expect(code, api.output()).toBe(0);
    expect(seconds, api.output()).toBeLessThan(5);
    expect(api.output()).toMatch(/fewshot api: SIGTERM, shutting down[\s\S]*fewshot api: stopped in/);
    expect(await slowEnded).toMatch(/socket hang up|ECONNRESET/);
    agent.destroy();
    idle.destroy();
  });
});

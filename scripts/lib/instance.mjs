// One `npm start` per data folder and ports. A second one says which instance is running (pid, ports) and stops
// before starting anything, instead of saying "Fewshot is up" and then failing on a port.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isListening } from './run.mjs';

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function readRecord(file) {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8'));
    return typeof record.pid === 'number' ? record : null;
  } catch {
    return null;
  }
}

/** True when a Fewshot api answers /health at this address (and not some other program holding the port). */
async function isFewshotApi(host, port) {
  try {
    const response = await fetch(`http://${host}:${port}/health`, { signal: AbortSignal.timeout(2000) });
    const body = await response.json();
    return typeof body?.status === 'string' && typeof body?.database === 'string';
  } catch {
    return false;
  }
}

/**
 * Claims the data folder for this `npm start` (data/npm-start.json: pid, ports, since) or throws a message naming the
 * running instance; also refuses when the api or console port is taken. Returns the release function.
 */
export async function claimInstance({ dataDir, host, apiPort, consolePort }) {
  const file = path.join(dataDir, 'npm-start.json');
  const running = readRecord(file);
  if (running && running.pid !== process.pid && isAlive(running.pid)) {
    throw new Error(
      `Fewshot is already running from ${dataDir} (npm start, pid ${running.pid}, since ${running.since}): ` +
        `console http://${running.host}:${running.consolePort}, GraphQL http://${running.host}:${running.apiPort}/graphql. ` +
        `Stop it first (Ctrl-C in its terminal, or kill ${running.pid}), or give a second instance its own ` +
        'FEWSHOT_DATA_DIR, FEWSHOT_API_PORT and FEWSHOT_CONSOLE_PORT.',
    );
  }
  const busy = [];
  for (const [name, port] of [['api', apiPort], ['console', consolePort]]) {
    if (await isListening(port, host)) busy.push({ name, port });
  }
  if (busy.length > 0) {
    const ports = busy.map(({ name, port }) => `${name} port ${port}`).join(' and ');
    const api = busy.some(({ name }) => name === 'api') && (await isFewshotApi(host, apiPort));
    throw new Error(
      `the ${ports} on ${host} ${busy.length > 1 ? 'are' : 'is'} already in use` +
        (api ? ` by another Fewshot (its api answers at http://${host}:${apiPort}/health, with another data folder)` : '') +
        '. Stop that instance, or choose free ports with FEWSHOT_API_PORT and FEWSHOT_CONSOLE_PORT.',
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const record = JSON.stringify({ pid: process.pid, host, apiPort, consolePort, since: new Date().toISOString() });
  writeFileSync(file, record);
  return () => {
    if (readRecord(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}

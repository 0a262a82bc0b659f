// Test support: `node loaded-modules.mjs FILE` imports FILE through tsx (as bin/fewshot.mjs does) and prints every
// module that loaded, one URL or path a line: ES modules as a resolve hook saw them, CommonJS ones from require.cache.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register as registerTsx } from 'tsx/esm/api';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-loaded-modules-'));
const log = path.join(dir, 'resolved.txt');
// Registered after tsx, so it runs first and records what the chain (tsx, then node) finally resolved.
registerTsx();
const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
try {
  await import(pathToFileURL(path.resolve(process.argv[2])).href);
  const esm = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const cjs = Object.keys(createRequire(import.meta.url).cache);
  console.log([...new Set([...esm, ...cjs])].join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

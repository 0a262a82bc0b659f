import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFewshot } from './testing/run-fewshot.ts';

const PROBE = fileURLToPath(new URL('./testing/loaded-modules.mjs', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** What registering the commands must not load: each action imports these when it runs (`*-action.ts`). */
const HEAVY = [
  /\/onnxruntime-(node|common|web)\//,
  /\/@electric-sql\/pglite\//,
  /\/@prisma\//,
  /\/node_modules\/pg\//,
  /\/prisma\/generated\//,
  /\/prisma\/src\/(index|database)\.ts$/,
  /\/packages\/(model|features|onnx)\/src\//,
  /\/packages\/pipeline\/src\/(features|train|evaluate|warmup|lifecycle)\//,
  /\/packages\/pipeline\/src\/import\/(index|run-import)\.ts$/,
  /\/node_modules\/(zod|cli-progress)\//,
];

function loadedModules(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [PROBE, file], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout.split('\n').filter(Boolean));
    });
  });
}

describe('the fewshot command starts light', () => {
  it('lists every command in --help', async () => {
    const run = await runFewshot(['--help'], {});
    expect(run.code, run.stderr).toBe(0);
    for (const command of ['import', 'features', 'train', 'eval', 'compare-evals', 'bench', 'keys', 'models', 'users', 'providers']) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('registers its commands without loading the database, the pipeline, the model or onnxruntime', async () => {
    const loaded = await loadedModules(MAIN);
    expect(loaded).toContainEqual(expect.stringMatching(/\/apps\/api\/src\/cli\/commands\/keys\.ts$/));
    expect(loaded.filter((url) => HEAVY.some((pattern) => pattern.test(url)))).toEqual([]);
  });
});

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rules of eslint.config.js that hold the boundaries of architecture.md, run on small in-memory files placed
 * in each workspace: every rule must fire on its violation and stay quiet on a clean file, so none stops working
 * unnoticed.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file), warnIgnored: true });
  if (!result) throw new Error(`no lint result for ${file}`);
  return result.messages.map((message) => `${message.ruleId ?? 'eslint'}: ${message.message}`);
}

const IMPORTS = 'no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';
const ENV = 'no-restricted-properties';

describe('lint: package boundaries', () => {
  it.each([
    ['packages/model/src/sasrec/x.ts', "import { openDatabase } from '@fewshot/db';", IMPORTS],
    ['packages/model/src/x.ts', "import type { Item } from '@fewshot/db';", IMPORTS],
    ['packages/model/src/x.ts', "import { PrismaClient } from '@prisma/client';", IMPORTS],
    ['packages/model/src/x.ts', "import pg from 'pg';", IMPORTS],
    ['packages/model/src/x.ts', "export { trainModelVersion } from '@fewshot/pipeline/train';", IMPORTS],
    ['packages/model/src/x.ts', "import { createApolloServer } from '@fewshot/api/server';", IMPORTS],
    ['packages/model/src/x.ts', "const db = await import('@fewshot/db');", SYNTAX],
    ['packages/features/src/x.ts', "import pg from 'pg';", IMPORTS],
    ['packages/features/src/x.ts', "import { openDatabase } from '@fewshot/db';", IMPORTS],
    ['packages/features/src/x.ts', "import { importDataset } from '@fewshot/pipeline/import';", IMPORTS],
    ['packages/pipeline/src/x.ts', "import { createApolloServer } from '@fewshot/api/server';", IMPORTS],
    ['packages/onnx/src/x.ts', "import { createEngine } from '@fewshot/model/engine';", IMPORTS],
    ['packages/onnx/src/x.ts', "import type { Encoder } from '@fewshot/features/encoder';", IMPORTS],
    ['packages/onnx/src/x.ts', "import { openDatabase } from '@fewshot/db';", IMPORTS],
    ['packages/not-yet-listed/src/x.ts', "import { createApolloServer } from '@fewshot/api/server';", IMPORTS],
    ['prisma/src/x.ts', "import { createApolloServer } from '@fewshot/api/server';", IMPORTS],
    ['prisma/src/x.ts', "import { createEngine } from '@fewshot/model/engine';", IMPORTS],
    ['apps/console/src/app/page.tsx', "import { SasRec } from '@fewshot/model/sasrec';", IMPORTS],
    ['apps/console/src/lib/x.ts', "import type { Item } from '@fewshot/db';", IMPORTS],
    ['apps/console/src/lib/x.ts', "import { InferenceSession } from 'onnxruntime-node';", IMPORTS],
    ['apps/console/src/lib/x.ts', "import pg from 'pg';", IMPORTS],
    ['apps/console/src/lib/x.ts', "const ort = await import('onnxruntime-web');", SYNTAX],
  ])('in %s, refuses %s', async (file, code, rule) => {
    expect(await problems(file, code)).toEqual([expect.stringMatching(new RegExp(`^${rule}: `))]);
  });
});

describe('lint: relative imports stay inside their workspace', () => {
  it.each([
    ['packages/model/src/x.ts', "import { encode } from '../../features/src/encoder.ts';", IMPORTS],
    ['packages/model/src/sasrec/x.ts', "import type { Database } from '../../../../prisma/src/index.ts';", IMPORTS],
    ['apps/api/src/resolvers/x.ts', "export * from '../../../console/src/lib/env.ts';", IMPORTS],
    ['apps/api/src/x.ts', "const m = await import('../../../packages/model/src/engine/index.ts');", SYNTAX],
    ['tests/support/x.ts', "import { main } from '../../apps/api/src/cli/main.ts';", IMPORTS],
    ['packages/not-yet-listed/src/x.ts', "import { SasRec } from '../../model/src/sasrec/index.ts';", IMPORTS],
    ['apps/not-yet-listed/x.ts', "import { SasRec } from '../../packages/model/src/sasrec/index.ts';", IMPORTS],
    ['prisma/x.ts', "import { x } from '../packages/model/src/x.ts';", IMPORTS],
    ['scripts/lib/x.mjs', "import { createEngine } from '../../packages/model/src/engine/index.ts';", IMPORTS],
    ['vitest.x.ts', "import { readEnv } from './apps/api/src/env.ts';", IMPORTS],
  ])('in %s, refuses %s', async (file, code, rule) => {
    expect(await problems(file, code)).toEqual([expect.stringMatching(new RegExp(`^${rule}: .*leaves its workspace`))]);
  });
});

describe('lint: process.env only in env modules', () => {
  it.each([
    ['packages/model/src/x.ts', 'export const python = process.env.FEWSHOT_PYTHON;', ENV],
    ['packages/pipeline/src/x.ts', "export const dir = process.env['FEWSHOT_DATA_DIR'];", ENV],
    ['apps/api/src/resolvers/x.ts', 'const { env } = process;\nexport const port = env.PORT;', ENV],
    ['apps/api/src/x.ts', "import { env } from 'node:process';\nexport const port = env.PORT;", IMPORTS],
    ['apps/console/src/app/page.tsx', 'export const url = process.env.FEWSHOT_API_URL;', ENV],
    ['prisma/src/database.ts', 'export const url = process.env.DATABASE_URL;', ENV],
    ['tests/support/x.ts', 'export const chromium = process.env.FEWSHOT_CHROMIUM;', ENV],
  ])('in %s, refuses %s', async (file, code, rule) => {
    expect(await problems(file, code)).toEqual([expect.stringMatching(new RegExp(`^${rule}: `))]);
  });

  it.each(['apps/api/src/env.ts', 'apps/console/src/lib/env.ts', 'prisma/src/env.ts', 'scripts/lib/x.mjs'])('allows it in %s', async (file) => {
    expect(await problems(file, 'export const value = process.env.FEWSHOT_X;')).toEqual([]);
  });

  it('allows a single line that says why, and refuses a stale allowance', async () => {
    const allowed = '// eslint-disable-next-line no-restricted-properties -- a test-only setting\nexport const x = process.env.X;';
    expect(await problems('tests/support/x.ts', allowed)).toEqual([]);
    const stale = '// eslint-disable-next-line no-restricted-properties -- nothing to allow\nexport const x = 1;';
    expect(await problems('tests/support/x.ts', stale)).toEqual([expect.stringMatching(/^eslint: Unused eslint-disable directive/)]);
  });
});

describe('lint: clean files pass', () => {
  it.each([
    ['packages/model/src/sasrec/x.ts', "import path from 'node:path';\nimport { createEngine } from '../engine/index.ts';\nimport meta from '../../package.json' with { type: 'json' };\nexport { path, createEngine, meta };"],
    ['packages/features/src/encoders/x.ts', "import { InferenceSession } from 'onnxruntime-node';\nexport const load = () => import('./use-lite.ts');\nexport { InferenceSession };"],
    ['packages/pipeline/src/train/x.ts', "import { openDatabase } from '@fewshot/db';\nimport { createEngine } from '@fewshot/model/engine';\nimport type { Encoder } from '@fewshot/features/encoder';\nexport type { Encoder };\nexport { openDatabase, createEngine };"],
    ['prisma/src/x.ts', "import pg from 'pg';\nimport { PrismaClient } from '../generated/client.ts';\nexport { pg, PrismaClient };"],
    ['apps/api/src/resolvers/x.ts', "import { openDatabase } from '@fewshot/db';\nimport { trainModelVersion } from '@fewshot/pipeline/train';\nimport { readEnv } from '../env.ts';\nexport { openDatabase, trainModelVersion, readEnv };"],
    ['apps/console/src/app/users/page.tsx', "import { consoleEnv } from '@/lib/env';\nimport { graphql } from '../../lib/graphql.ts';\nexport { consoleEnv, graphql };"],
    ['scripts/lib/x.mjs', "import { log } from './run.mjs';\nconst { default: pg } = await import('pg');\nexport { log, pg };"],
  ])('%s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});

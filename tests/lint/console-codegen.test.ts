import { execFile } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from '@fewshot/db';
import { describe, expect, it } from 'vitest';

/**
 * The console's typed documents (apps/console/src/gql) are generated from the api's SDL and the console's own
 * `graphql(…)` documents and committed: graphql-codegen's check mode fails when either changed without regenerating.
 */
describe('the console\'s generated GraphQL types', () => {
  it('are what the api\'s schema and the console\'s documents generate now (else: npm run codegen -w @fewshot/console)', async () => {
    const cli = path.join(repositoryRoot, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(process.execPath, [cli, '--config', 'codegen.ts', '--check'], { cwd: path.join(repositoryRoot, 'apps', 'console'), timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
      });
    });
    expect(result.output.includes('stale files') ? result.output : '', 'stale: npm run codegen -w @fewshot/console').toBe('');
    expect(result.code, result.output.slice(-2000)).toBe(0);
  });
});

import { execFile } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from '@fewshot/db';

/** Creates an API key the way an operator does, `npx fewshot keys create`, and returns the key it printed once. */
export function createApiKeyWithCli(role: 'frontend' | 'merchandiser' | 'admin', env: Record<string, string>, name = `${role} (tests)`): Promise<string> {
  const cli = path.join(repositoryRoot, 'apps', 'api', 'bin', 'fewshot.mjs');
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line no-restricted-properties -- the CLI inherits the test's environment, as from a shell
    execFile(process.execPath, [cli, 'keys', 'create', '--role', role, '--name', name], { cwd: repositoryRoot, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`fewshot keys create failed: ${stderr || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

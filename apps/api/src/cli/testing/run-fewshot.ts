// Test support: runs the `fewshot` command as an operator would, as a child process (not part of the CLI itself).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../bin/fewshot.mjs', import.meta.url));

/** Runs `fewshot ARGS` with the test's environment plus `env`; resolves with its exit code and output, never rejects. */
export function runFewshot(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // eslint-disable-next-line no-restricted-properties -- the CLI under test inherits the test's environment
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// What both commands do first: install dependencies when missing or stale, generate the Prisma client, build.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { log, root, run } from './run.mjs';

const quiet = { env: { TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' } };

function newer(a, b) {
  return statSync(a).mtimeMs > statSync(b).mtimeMs;
}

export async function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && !newer(lock, marker)) return;
  const fresh = !existsSync(path.join(root, 'node_modules'));
  log(fresh ? 'installing dependencies (first run, about a minute)…' : 'package-lock.json changed: updating dependencies…');
  // `npm ci` on a fresh clone installs exactly the lockfile; later changes go through `npm install`.
  await run('npm', fresh ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

export async function generatePrismaClient() {
  const client = path.join(root, 'prisma', 'generated', 'client.ts');
  const schema = path.join(root, 'prisma', 'schema.prisma');
  if (existsSync(client) && !newer(schema, client)) return;
  log('generating the Prisma client…');
  await run('npm', ['run', 'generate', '-w', '@fewshot/db', '--silent']);
}

/** Builds every workspace that has a build step (model kernels, console); turbo skips what is up to date. */
export async function buildWorkspaces() {
  log('building (turbo: cached steps are skipped)…');
  await run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], quiet);
}

export async function typecheckWorkspaces() {
  log('typechecking every workspace…');
  // Two at a time on two cores: 25 s against 31 s one at a time (fresh clone, 2026-12-07).
  await run('npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only', '--concurrency=2'], quiet);
}

/** The boundary rules of eslint.config.js (architecture.md, "Boundaries"), over the whole repository. */
export async function lintRepository() {
  log('linting (package boundaries, env access)…');
  await run('npx', ['eslint', '.', '--max-warnings=0']);
}

export async function prepare({ build = true } = {}) {
  await ensureDependencies();
  await generatePrismaClient();
  if (build) await buildWorkspaces();
}

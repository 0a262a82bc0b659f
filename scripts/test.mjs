// `npm test`: the whole suite on a fresh clone. Installs what it needs, makes sure PostgreSQL, Redis and Chromium are
// there, builds, typechecks every workspace, lints, then runs every package's tests and tests/ in one vitest run.
// Extra arguments go to vitest (e.g. `npm test -- --project @fewshot/api`).
import { lintRepository, prepare, typecheckWorkspaces } from './lib/prepare.mjs';
import { ensureChromium, ensurePostgres, ensureRedisForTests } from './lib/services.mjs';
import { log, run } from './lib/run.mjs';

const started = Date.now();
try {
  await prepare();
  await ensurePostgres();
  await ensureRedisForTests();
  await ensureChromium();
  if (process.env.FEWSHOT_SKIP_TYPECHECK !== '1') await typecheckWorkspaces();
  if (process.env.FEWSHOT_SKIP_LINT !== '1') await lintRepository();
  log('running the tests…');
  await run('npx', ['vitest', 'run', ...process.argv.slice(2)], { env: { NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' } });
  log(`all tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  console.error(`[fewshot] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

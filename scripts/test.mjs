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
  // Side by side: each leaves part of the two cores idle. Both finish before either's failure stops the run, so the
  // output shows every error of both.
  const checks = await Promise.allSettled([
    process.env.FEWSHOT_SKIP_TYPECHECK !== '1' && typecheckWorkspaces(),
    process.env.FEWSHOT_SKIP_LINT !== '1' && lintRepository(),
  ]);
  const failed = checks.find((check) => check.status === 'rejected');
  if (failed) throw failed.reason;
  log('running the tests…');
  await run('npx', ['vitest', 'run', ...process.argv.slice(2)], { env: { NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' } });
  log(`all tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  console.error(`[fewshot] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

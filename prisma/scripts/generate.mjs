// Runs `prisma generate` offline: points the CLI at a stub schema engine so it does not try to download one.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const here = import.meta.dirname;
const result = spawnSync('npx', ['prisma', 'generate'], {
  cwd: path.join(here, '..'),
  stdio: 'inherit',
  env: {
    // eslint-disable-next-line no-restricted-properties -- passes the caller's environment on to the Prisma CLI
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(here, 'no-schema-engine.sh'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);

import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace package, so CI reads a single summary.
export default defineConfig({
  test: {
    projects: ['packages/*', 'prisma', 'apps/api', 'tests/vitest.config.ts', 'tests/vitest.start-command.config.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Most files spend their time waiting on processes they start (api, worker, console, PostgreSQL, Chromium), so
    // three run at once; vitest's default on 2 cores is one at a time. Each file isolates what it shares: its own
    // database, free ports, a Redis queue prefix of its own, temporary folders.
    maxWorkers: 3,
  },
});

import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace package, so CI reads a single summary.
export default defineConfig({
  test: {
    projects: ['packages/*', 'prisma', 'apps/api', 'tests'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});

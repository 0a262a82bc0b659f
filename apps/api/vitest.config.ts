import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@fewshot/api',
    isolate: false, // see the root vitest.config.ts
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

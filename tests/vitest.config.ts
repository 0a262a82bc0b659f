import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@fewshot/tests',
    include: ['api/**/*.test.ts', 'e2e/**/*.test.ts', 'lint/**/*.test.ts', 'console/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});

import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@fewshot/model',
    isolate: false, // see the root vitest.config.ts
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});

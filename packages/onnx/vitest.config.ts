import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@fewshot/onnx',
    isolate: false, // see the root vitest.config.ts
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});

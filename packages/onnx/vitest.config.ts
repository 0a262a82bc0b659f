import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@fewshot/onnx',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});

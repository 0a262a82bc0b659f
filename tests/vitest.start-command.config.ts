import { defineProject } from 'vitest/config';

/** The start command's test, alone and last: it runs `npm start`, whose build step rewrites shared build outputs. */
export default defineProject({
  test: {
    name: '@fewshot/tests-start-command',
    include: ['e2e/start-command.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    sequence: { groupOrder: 1 },
  },
});

import { defineProject } from 'vitest/config';

/** The start command's test, alone and last: it runs `npm start`, whose build step rewrites shared build outputs. */
export default defineProject({
  test: {
    name: '@fewshot/tests-start-command',
    include: ['e2e/start-command.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // A page rendered by the console and the api on two busy cores can take seconds: expect.poll's default second
    // failed the start command's test once (the Items page after a click in the navigation, 2026-12-06).
    expect: { poll: { timeout: 15_000 } },
    sequence: { groupOrder: 1 },
  },
});

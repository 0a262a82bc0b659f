import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@fewshot/tests',
    include: ['api/**/*.test.ts', 'e2e/**/*.test.ts', 'lint/**/*.test.ts', 'console/**/*.test.ts'],
    // Runs after every other file (./vitest.start-command.config.ts): `npm start` rebuilds the workspaces, which
    // must not rewrite apps/console/.next under the console tests' running `next start`.
    exclude: ['e2e/start-command.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // A page rendered by the console and the api on two busy cores can take seconds: expect.poll's default second
    // failed the start command's test once (the Items page after a click in the navigation, 2026-12-06).
    expect: { poll: { timeout: 15_000 } },
  },
});

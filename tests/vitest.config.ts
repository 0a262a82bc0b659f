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
  },
});

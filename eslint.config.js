// The boundaries of architecture.md ("Boundaries") and style.md (guidelines 1 and 2), as lint rules. Syntax only (no
// type information), so `npm run lint` takes seconds. `tests/lint/boundaries.test.ts` proves every rule still fires.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const SOURCE = '*.{ts,tsx,mts,cts,js,mjs,cjs}';

/** Regex (for no-restricted-imports `patterns`) matching a package and its subpaths. */
const pkg = (name) => `^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:/.*)?$`;

const DRIVERS = `^@prisma/|${pkg('prisma')}|^pg(?:-.*)?(?:/.*)?$|${pkg('@electric-sql/pglite')}|${pkg('pglite-prisma-adapter')}`;
const DATABASE = { regex: `${pkg('@fewshot/db')}|${DRIVERS}`, message: 'the database is reached through the pipeline or the api (architecture.md, Boundaries)' };
const PIPELINE = { regex: pkg('@fewshot/pipeline'), message: 'the pipeline is a consumer of this package, not a dependency (architecture.md, Boundaries)' };
const API = { regex: pkg('@fewshot/api'), message: 'nothing imports the api: it is the top of the graph (architecture.md, Boundaries)' };
const MODEL = { regex: pkg('@fewshot/model'), message: 'the database knows neither the api nor the model (architecture.md, Boundaries)' };
const ABOVE_ONNX = { regex: `${pkg('@fewshot/model')}|${pkg('@fewshot/features')}`, message: 'the onnx package is a leaf: model and features import it, not the other way (architecture.md, Boundaries)' };
const WORKSPACE = { regex: '^@fewshot/', message: 'the console talks to the api over GraphQL only and imports no workspace package (architecture.md, Boundaries)' };
const ONNXRUNTIME = { regex: '^onnxruntime', message: 'onnxruntime loads in the api alone, never in the console (style.md, guideline 1)' };
const CONSOLE_DATABASE = { regex: DRIVERS, message: 'the console reaches data through the api only (architecture.md, Boundaries)' };

/**
 * Each workspace: its folder and the imports it must not make. The root's own files (scripts/, configs) count as a
 * workspace whose folder excludes the others, so they cannot reach into a package through a relative path either.
 * `packages/*` and `apps/*` come first: a new workspace keeps its relative imports inside it before it has a row.
 */
const WORKSPACES = [
  { dir: 'packages/*', banned: [API] },
  { dir: 'apps/*', banned: [] },
  { dir: 'packages/model', banned: [DATABASE, PIPELINE, API] },
  { dir: 'packages/features', banned: [DATABASE, PIPELINE, API] },
  { dir: 'packages/pipeline', banned: [API] },
  { dir: 'packages/onnx', banned: [DATABASE, PIPELINE, API, ABOVE_ONNX] },
  { dir: 'prisma', banned: [API, MODEL, PIPELINE] },
  { dir: 'apps/console', banned: [WORKSPACE, ONNXRUNTIME, CONSOLE_DATABASE] },
  { dir: 'apps/api', banned: [] },
  { dir: 'tests', banned: [] },
];
const WORKSPACE_ROOTS = ['apps', 'packages', 'prisma', 'tests'];

/** process.env is read in each app's env module only (style.md, guideline 2); scripts/ configure child processes. */
const ENV_MODULES = ['apps/api/src/env.ts', 'apps/console/src/lib/env.ts', 'prisma/src/env.ts', 'prisma/prisma.config.ts', 'scripts/**'];
const ENV_MESSAGE = 'read configuration in the env module and pass the value in; where a read is legitimately local, disable the line with the reason (style.md, guideline 2)';
const ENV_IMPORTS = ['node:process', 'process'].map((name) => ({ name, importNames: ['env'], message: ENV_MESSAGE }));

/** Deeper than this, a file keeps the rules of this depth (no file in the repository comes close). */
const MAX_DEPTH = 12;
const esc = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A file `depth` folders below its workspace's folder may climb at most `depth` levels: one `../` more leaves the
 * workspace (style.md, guideline 1: packages talk through their `exports`). The root's files also may not descend
 * into a workspace folder.
 */
function escapes(depth, isRoot) {
  const up = '\\.\\./'.repeat(depth);
  const out = [`^(?:\\./)?${up}\\.\\.(?:/|$)`];
  if (isRoot) out.push(`^${depth === 0 ? '\\./' : up}(?:${WORKSPACE_ROOTS.map(esc).join('|')})(?:/|$)`);
  return out.join('|');
}

function boundaryRules(banned, depth, isRoot) {
  const relative = { regex: escapes(depth, isRoot), message: 'this relative import leaves its workspace: import the package through its `exports` (style.md, guideline 1)' };
  const patterns = [...banned, relative];
  // Dynamic import() is not covered by no-restricted-imports: the same patterns, as syntax selectors.
  const dynamic = patterns.map(({ regex, message }) => ({
    // esquery's regex literal cannot hold a `/`, escaped or not: spell it \x2F.
    selector: `ImportExpression > Literal.source[value=/${regex.replace(/\\?\//g, '\\x2F')}/]`,
    message,
  }));
  return {
    'no-restricted-imports': ['error', { paths: ENV_IMPORTS, patterns }],
    'no-restricted-syntax': ['error', ...dynamic],
  };
}

function workspaceBlocks({ dir, banned }) {
  const isRoot = dir === '.';
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
    // Later blocks win, so a file gets the block of its own depth (each block matches that depth and deeper).
    const prefix = isRoot ? '' : `${dir}/`;
    return {
      name: `fewshot/boundaries/${isRoot ? 'root' : dir}/depth-${depth}`,
      files: [`${prefix}${'*/'.repeat(depth)}**/${SOURCE}`],
      ...(isRoot ? { ignores: WORKSPACE_ROOTS.map((root) => `${root}/**`) } : {}),
      rules: boundaryRules(banned, depth, isRoot),
    };
  });
}

export default defineConfig(
  {
    name: 'fewshot/ignores',
    // assembly/ is AssemblyScript (decorators on functions are not TypeScript); it imports nothing outside itself.
    ignores: ['**/node_modules/', 'packages/model/assembly/', '**/.next/', '**/dist/', '**/build/', 'prisma/generated/', 'apps/api/src/generated/', 'apps/console/src/gql/', 'data/', 'bench-results/', 'test-results/', 'apps/console/next-env.d.ts'],
  },
  {
    name: 'fewshot/parser',
    files: [`**/${SOURCE}`],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  ...workspaceBlocks({ dir: '.', banned: [] }),
  ...WORKSPACES.flatMap(workspaceBlocks),
  {
    name: 'fewshot/env',
    files: [`**/${SOURCE}`],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: ENV_MESSAGE }] },
  },
  {
    name: 'fewshot/env-modules',
    files: ENV_MODULES,
    rules: { 'no-restricted-properties': 'off' },
  },
);

import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed GraphQL documents (issue #11: no hand-written response interfaces): `npm run codegen -w @fewshot/console` reads
 * the api's SDL files and every `graphql(`…`)` document under src/, and writes src/gql/ (committed; a test in
 * tests/lint fails when it is stale). The SDL is read as files at build time only: the console imports no workspace
 * package and talks to the api over HTTP.
 */
const here = import.meta.dirname;

const config: CodegenConfig = {
  schema: path.join(here, '../api/src/schema/*.graphql'),
  documents: [path.join(here, 'src/**/*.{ts,tsx}'), `!${path.join(here, 'src/gql/**')}`],
  ignoreNoDocuments: true,
  generates: {
    [path.join(here, 'src/gql/')]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents are strings (TypedDocumentString): the console sends them with fetch and needs no GraphQL runtime.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown', Upload: 'File', ID: 'string' },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;

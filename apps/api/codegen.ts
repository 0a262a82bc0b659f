import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types from the SDL (style.md, guideline 4): `npm run codegen -w @fewshot/api` writes
 * src/generated/graphql.ts, which is committed; src/schema/codegen.test.ts fails when it is stale.
 */
const here = import.meta.dirname;

/**
 * GraphQL enums that are the database's: Prisma's definition (schema.prisma) is the one the code uses, the SDL
 * repeats its values for clients. codegen.test.ts checks the values agree and that no such enum is missing here.
 */
export const DATABASE_ENUMS = ['ItemStatus', 'InteractionKind', 'ApiKeyRole', 'ModelVersionStatus', 'TrainingRunStatus', 'ModelTrialStatus'];

/** Object types whose resolvers receive a row or a service's result: each is exported by src/schema/mappers.ts. */
export const MAPPED_TYPES = ['Item', 'User', 'Interaction', 'ApiKey', 'ModelVersion', 'RecommendationList', 'RecommendedItem', 'SimilarItem', 'Job', 'RetrainSchedule', 'ModelTrial', 'ItemReach', 'ItemReachUser', 'ServedList', 'ServedListItem', 'ServedListFollow', 'ColdStartStats'];

const config: CodegenConfig = {
  schema: path.join(here, 'src/schema/*.graphql'),
  generates: {
    [path.join(here, 'src/generated/graphql.ts')]: {
      // The typescript plugin re-exports the database's enums (`export { ItemStatus }`), which verbatimModuleSyntax
      // allows only from a value import: Prisma's enums are values, so that plugin imports them as values.
      plugins: [{ typescript: { useTypeImports: false } }, 'typescript-resolvers'],
      config: {
        contextType: '../context.ts#ContextValue',
        mappers: Object.fromEntries(MAPPED_TYPES.map((name) => [name, `../schema/mappers.ts#${name}`])),
        mapperTypeSuffix: 'Row',
        enumValues: Object.fromEntries(DATABASE_ENUMS.map((name) => [name, `@fewshot/db#${name}`])),
        enumsAsConst: true,
        scalars: { DateTime: 'Date', JSON: 'unknown' },
        defaultScalarType: 'unknown',
        useTypeImports: true,
        namingConvention: { enumValues: 'keep' },
      },
    },
  },
};

export default config;

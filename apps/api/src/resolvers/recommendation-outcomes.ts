import { requireRole } from '../auth/require-role.ts';
import type { QueryResolvers } from '../generated/graphql.ts';
import { checkSerialId } from '../services/check-input.ts';
import { outcomeVersions, recommendationOutcomes } from '../services/recommendation-outcomes.ts';

export const outcomeQueries: QueryResolvers = {
  recommendationOutcomes: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const modelVersionId = args.modelVersionId === undefined || args.modelVersionId === null ? null : checkSerialId(args.modelVersionId, 'modelVersionId', 'a model version');
    const outcomes = await recommendationOutcomes(context.db, { since: args.since, until: args.until, withinMinutes: args.withinMinutes, modelVersionId });
    const versions = await outcomeVersions(context.db, outcomes);
    const servedLists = context.state.serving?.servedLists;
    return {
      ...outcomes,
      rows: outcomes.rows.map((row) => ({ ...row, path: row.path.toUpperCase() as Uppercase<typeof row.path>, modelVersion: row.modelVersionId === null ? null : (versions.get(row.modelVersionId) ?? null) })),
      sample: servedLists?.sample ?? 0,
      retentionDays: servedLists?.retentionDays ?? 0,
    };
  },
};

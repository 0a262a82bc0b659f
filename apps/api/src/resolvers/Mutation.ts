import { requireRole } from '../auth/require-role.ts';
import { badInput } from '../errors.ts';
import type { MutationResolvers } from '../generated/graphql.ts';
import { checkExternalId } from '../services/check-input.ts';
import type { ContextValue } from '../context.ts';
import { deleteUser } from '../services/delete-user.ts';
import { mergeUsers } from '../services/merge-users.ts';
import { recordInteractions, type InteractionInput, type RecordedInteraction } from '../services/record-interactions.ts';
import { apiKeyMutations } from './api-keys.ts';
import { itemMutations } from './items.ts';
import { jobMutations } from './jobs.ts';
import { scheduleMutations } from './schedules.ts';
import { trialMutations } from './model-trials.ts';
import { servingMutations } from './serving.ts';

/**
 * After events are recorded: they change their users' recommendations (the database notifies every replica, and this
 * one forgets at once, so the user's very next request reflects them even before PostgreSQL's notification arrives),
 * and the metrics count them. Answers how many were new and how many acknowledged again.
 */
function afterRecording(context: ContextValue, recorded: readonly RecordedInteraction[]): { created: number; duplicates: number } {
  const created = recorded.filter((r) => r.created);
  context.state.metrics?.observeInteractions(created.length, recorded.length - created.length);
  const users = [...new Set(created.map((r) => r.interaction.userId))];
  if (users.length > 0) context.state.serving?.changed({ table: 'interactions', ids: users });
  return { created: created.length, duplicates: recorded.length - created.length };
}

function checked(input: InteractionInput, field: string): InteractionInput {
  return { ...input, userId: checkExternalId(input.userId, `${field}.userId`), itemId: checkExternalId(input.itemId, `${field}.itemId`) };
}

export const Mutation: MutationResolvers = {
  recordInteraction: async (_, { input }, context) => {
    requireRole(context, 'FRONTEND');
    const [recorded] = await recordInteractions(context.db, [checked(input, 'input')]);
    afterRecording(context, recorded ? [recorded] : []);
    // recordInteractions answers one result per input, in input order.
    if (!recorded) throw new Error('recordInteractions answered nothing for one input');
    return recorded;
  },
  recordInteractions: async (_, { inputs }, context) => {
    requireRole(context, 'FRONTEND');
    const recorded = await recordInteractions(context.db, inputs.map((input, i) => checked(input, `inputs[${i}]`)));
    const { created, duplicates } = afterRecording(context, recorded);
    return { recorded: created, duplicates, interactions: recorded.map((r) => r.interaction) };
  },
  upsertUser: (_, { input }, context) => {
    requireRole(context, 'FRONTEND');
    const externalId = checkExternalId(input.id, 'input.id');
    const attributes = input.attributes === undefined || input.attributes === null ? undefined : input.attributes;
    if (attributes !== undefined && (typeof attributes !== 'object' || Array.isArray(attributes))) throw badInput('input.attributes must be a JSON object, e.g. {"locale": "en"}', 'input.attributes');
    return context.db.prisma.user.upsert({
      where: { externalId },
      create: { externalId, ...(attributes ? { attributes: attributes as object } : {}) },
      update: attributes ? { attributes: attributes as object } : {},
    });
  },
  deleteUser: async (_, { id }, context) => {
    requireRole(context, 'ADMIN');
    const deleted = await deleteUser(context.db, checkExternalId(id, 'id'));
    // As for recorded events: this replica forgets at once, the others on the database's notification.
    context.state.serving?.changed({ table: 'users', ids: [deleted.userId] });
    return { id: deleted.externalId, deletedInteractions: deleted.deletedInteractions };
  },
  mergeUsers: async (_, { input }, context) => {
    requireRole(context, 'FRONTEND');
    const merged = await mergeUsers(context.db, { from: checkExternalId(input.from, 'input.from'), into: checkExternalId(input.into, 'input.into') });
    context.state.serving?.changed({ table: 'users', ids: [merged.fromUserId, merged.intoUserId] });
    return { user: await context.db.prisma.user.findUniqueOrThrow({ where: { id: merged.intoUserId } }), movedInteractions: merged.movedInteractions };
  },
  ...servingMutations,
  ...trialMutations,
  ...apiKeyMutations,
  ...itemMutations,
  ...jobMutations,
  ...scheduleMutations,
};

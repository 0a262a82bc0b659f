import { requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { badInput } from '../errors.ts';
import { checkExternalId } from '../services/check-input.ts';
import { recordInteractions, type InteractionInput } from '../services/record-interactions.ts';
import { itemMutations } from './items.ts';
import { servingMutations } from './serving.ts';

function checked(input: InteractionInput, field: string): InteractionInput {
  return { ...input, userId: checkExternalId(input.userId, `${field}.userId`), itemId: checkExternalId(input.itemId, `${field}.itemId`) };
}

export const Mutation = {
  recordInteraction: async (_: unknown, { input }: { input: InteractionInput }, context: ContextValue) => {
    requireRole(context, 'FRONTEND');
    const [recorded] = await recordInteractions(context.db, [checked(input, 'input')]);
    return recorded;
  },
  recordInteractions: async (_: unknown, { inputs }: { inputs: InteractionInput[] }, context: ContextValue) => {
    requireRole(context, 'FRONTEND');
    const recorded = await recordInteractions(context.db, inputs.map((input, i) => checked(input, `inputs[${i}]`)));
    const created = recorded.filter((r) => r.created).length;
    return { recorded: created, duplicates: recorded.length - created, interactions: recorded.map((r) => r.interaction) };
  },
  upsertUser: (_: unknown, { input }: { input: { id: string; attributes?: unknown } }, context: ContextValue) => {
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
  ...servingMutations,
  ...itemMutations,
};

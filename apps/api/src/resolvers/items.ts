import type { Item as ItemRow } from '@fewshot/db';
import { requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { badInput } from '../errors.ts';
import type { MutationResolvers } from '../generated/graphql.ts';
import { acquireImage } from '../items/acquire-image.ts';
import { checkItemInput, checkItemPatch } from '../items/item-input.ts';
import { makeRecommendable, type Recommendability } from '../items/make-recommendable.ts';
import { alreadyExists, insertItem, patchItem, setItemStatus } from '../items/write-item.ts';
import { checkExternalId } from '../services/check-input.ts';

export type ItemPayload = Omit<Recommendability, 'milliseconds'> & { item: ItemRow };

/** Features and placement after a write, logged with the time it took (createItem → recommendable). */
async function payload(context: ContextValue, item: ItemRow, operation: string): Promise<ItemPayload> {
  const { milliseconds, ...result } = await makeRecommendable(context.db, context.state.serving, context.state.items?.featurizer, item.id, item.status);
  console.log(`fewshot api: ${operation} "${item.externalId}": ${result.recommendable ? 'recommendable' : 'not recommendable'} after ${milliseconds} ms${result.message ? ` (${result.message})` : ''}`);
  return { item, ...result };
}

const allowHosts = (context: ContextValue) => context.state.items?.allowImageHosts ?? [];

/** Item writes (merchandiser or admin): each answers with the item and whether recommendations can include it now. */
export const itemMutations: MutationResolvers = {
  createItem: async (_, args, context) => {
    requireRole(context, 'MERCHANDISER');
    const fields = checkItemInput(args.input);
    // Checked before an image is downloaded for nothing; the insert checks again.
    if (await context.db.prisma.item.findUnique({ where: { externalId: fields.externalId }, select: { id: true } })) throw alreadyExists(fields.externalId);
    const image = await acquireImage({ upload: args.image, imageUrl: fields.imageUrl }, allowHosts(context));
    return payload(context, await insertItem(context.db, fields, image), 'createItem');
  },
  updateItem: async (_, args, context) => {
    requireRole(context, 'MERCHANDISER');
    const externalId = checkExternalId(args.id, 'id');
    const patch = checkItemPatch(args.input);
    if (patch.removeImage && args.image != null) throw badInput('give either an uploaded image or input.removeImage, not both', 'input.removeImage');
    const image = await acquireImage({ upload: args.image, imageUrl: patch.imageUrl }, allowHosts(context));
    return payload(context, await patchItem(context.db, externalId, patch, image), 'updateItem');
  },
  archiveItem: async (_, args, context) => {
    requireRole(context, 'MERCHANDISER');
    return payload(context, await setItemStatus(context.db, checkExternalId(args.id, 'id'), 'ARCHIVED'), 'archiveItem');
  },
  restoreItem: async (_, args, context) => {
    requireRole(context, 'MERCHANDISER');
    return payload(context, await setItemStatus(context.db, checkExternalId(args.id, 'id'), 'ACTIVE'), 'restoreItem');
  },
};

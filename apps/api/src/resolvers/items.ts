import type { Item as ItemRow } from '@fewshot/db';
import { requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { badInput } from '../errors.ts';
import type { MutationResolvers } from '../generated/graphql.ts';
import { acquireImage } from '../items/acquire-image.ts';
import { checkItemInput, checkItemPatch } from '../items/item-input.ts';
import { makeRecommendable, type Recommendability } from '../items/make-recommendable.ts';
import { onboardThroughJobs } from '../items/onboard-through-jobs.ts';
import { QueueUnavailableError } from '../jobs/job-queues.ts';
import type { Job as JobParent } from '../schema/mappers.ts';
import { alreadyExists, insertItem, patchItem, setItemStatus } from '../items/write-item.ts';
import { checkExternalId } from '../services/check-input.ts';

export type ItemPayload = Omit<Recommendability, 'milliseconds'> & { item: ItemRow; job: JobParent | null };

/**
 * Features and placement after a write, logged with the time it took (createItem → recommendable): through the
 * features and warm-up jobs when the api has queues (every replica then ranks the item), else in the request. A
 * queue that does not answer (Redis restarting) does not lose the write: this replica places the item itself.
 */
async function payload(context: ContextValue, item: ItemRow, operation: string): Promise<ItemPayload> {
  const { state, db } = context;
  // The database notifies every replica; this one forgets at once (PostgreSQL's notification arrives a moment later).
  state.serving?.changed({ table: 'items', ids: [item.id] });
  let outcome: Recommendability & { job?: JobParent['job'] };
  let note = '';
  try {
    outcome = state.jobs
      ? await onboardThroughJobs(db, state.serving, state.jobs, item, state.onboardingWaitMs ?? 10_000)
      : await makeRecommendable(db, state.serving, state.items?.featurizer, item.id, item.status);
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    note = ` (the job queue did not answer: placed by this replica only)`;
    outcome = await makeRecommendable(db, state.serving, state.items?.featurizer, item.id, item.status);
  }
  const { milliseconds, job, ...result } = outcome;
  console.log(`fewshot api: ${operation} "${item.externalId}": ${result.recommendable ? 'recommendable' : 'not recommendable'} after ${milliseconds} ms${result.message ? ` (${result.message})` : ''}${note}`);
  return { item, ...result, job: job ? { queue: 'features', job } : null };
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

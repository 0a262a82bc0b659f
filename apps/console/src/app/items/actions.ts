'use server';

import { revalidatePath } from 'next/cache';
import { graphql } from '@/gql';
import type { ItemInput, ItemPatch } from '@/gql/graphql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { itemNeighbours, itemReach, type Neighbour, type Reach } from './reach';
import { chosenFile, requestWithImage } from './upload';

const ItemCreate = graphql(`
  mutation ItemCreate($input: ItemInput!, $image: Upload) {
    createItem(input: $input, image: $image) {
      item { id title }
      recommendable
      message
      features { modality encoder status error }
      job { id }
    }
  }
`);

const ItemUpdate = graphql(`
  mutation ItemUpdate($id: ID!, $input: ItemPatch!, $image: Upload) {
    updateItem(id: $id, input: $input, image: $image) { item { id } recommendable message }
  }
`);

const ItemArchive = graphql(`
  mutation ItemArchive($id: ID!) {
    archiveItem(id: $id) { item { id status } recommendable message }
  }
`);

const ItemRestore = graphql(`
  mutation ItemRestore($id: ID!) {
    restoreItem(id: $id) { item { id status } recommendable message }
  }
`);

const ItemJobPoll = graphql(`
  query ItemJobPoll($id: ID!) {
    job(id: $id) { id queue state progress { stage fraction message } data result error }
  }
`);

/** What the person typed, given back with an error so the form keeps it. */
export interface ItemFormValues {
  id: string;
  title: string;
  description: string;
  genres: string;
  year: string;
  attributes: string;
  imageUrl: string;
}

export interface CreateState {
  error: string | null;
  values: ItemFormValues;
  created: { id: string; title: string; recommendable: boolean; message: string | null; jobId: string | null; features: Array<{ modality: string; encoder: string | null; status: string; error: string | null }> } | null;
}

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

const genresOf = (text: string) => text.split(',').map((g) => g.trim()).filter(Boolean);

function yearOf(text: string): number | null {
  if (!text) return null;
  if (!/^\d{4}$/.test(text)) throw new ApiError(`The year must have four digits, like 1995 (not "${text}").`, 'BAD_USER_INPUT');
  return Number(text);
}

const message = (error: unknown) => (error instanceof Error ? error.message : 'The api could not save the item; try again.');

/** Creates an item from the onboarding form (an uploaded image forwarded as a GraphQL multipart request, or a URL). */
export async function createItemAction(_: CreateState, form: FormData): Promise<CreateState> {
  const { session } = await requireSession({ from: '/items/new' });
  const values: ItemFormValues = {
    id: field(form, 'id'), title: field(form, 'title'), description: field(form, 'description'), genres: field(form, 'genres'),
    year: field(form, 'year'), attributes: field(form, 'attributes'), imageUrl: field(form, 'imageUrl'),
  };
  const image = chosenFile(form.get('image'));
  if (!values.id) return { error: 'Give the item an id: the one your shop uses for it (e.g. sku-1234).', values, created: null };
  if (!values.title) return { error: 'Give the item a title.', values, created: null };
  if (image && values.imageUrl) return { error: 'Upload a file or give an image URL, not both.', values, created: null };
  try {
    let attributes: unknown = undefined;
    if (values.attributes) {
      try {
        attributes = JSON.parse(values.attributes);
      } catch {
        return { error: 'Attributes must be JSON, like {"brand": "Acme", "color": "red"}.', values, created: null };
      }
      if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return { error: 'Attributes must be a JSON object, like {"brand": "Acme"}.', values, created: null };
    }
    const input: ItemInput = {
      id: values.id, title: values.title, description: values.description || null, genres: genresOf(values.genres),
      year: yearOf(values.year), attributes: attributes ?? null, imageUrl: values.imageUrl || null,
    };
    const { createItem } = await requestWithImage(session, ItemCreate, { input }, image);
    revalidatePath('/items');
    return {
      error: null, values,
      created: { id: createItem.item.id, title: createItem.item.title, recommendable: createItem.recommendable, message: createItem.message ?? null, jobId: createItem.job?.id ?? null, features: createItem.features.map((f) => ({ ...f, encoder: f.encoder ?? null, error: f.error ?? null })) },
    };
  } catch (error) {
    return { error: message(error), values, created: null };
  }
}

export interface EditState {
  error: string | null;
  notice: string | null;
  /** What was typed, given back with an error so the form keeps it. */
  values?: { title: string; description: string; genres: string; year: string; imageUrl: string };
}

/** Saves the edit form: changed text, genres, year, and a new image (upload or URL) or its removal. */
export async function updateItemAction(id: string, _: EditState, form: FormData): Promise<EditState> {
  const { session } = await requireSession({ from: `/items/${encodeURIComponent(id)}` });
  const image = chosenFile(form.get('image'));
  const imageUrl = field(form, 'imageUrl');
  const removeImage = form.get('removeImage') === 'on';
  const title = field(form, 'title');
  const values = { title, description: field(form, 'description'), genres: field(form, 'genres'), year: field(form, 'year'), imageUrl };
  if (!title) return { error: 'The title cannot be empty.', notice: null, values };
  if (image && imageUrl) return { error: 'Upload a file or give an image URL, not both.', notice: null, values };
  if (removeImage && (image || imageUrl)) return { error: 'Either replace the image or remove it, not both.', notice: null, values };
  try {
    const input: ItemPatch = { title, description: values.description || null, genres: genresOf(values.genres), year: yearOf(values.year) };
    if (imageUrl) input.imageUrl = imageUrl;
    if (removeImage) input.removeImage = true;
    const { updateItem } = await requestWithImage(session, ItemUpdate, { id, input }, image);
    revalidatePath(`/items/${encodeURIComponent(id)}`);
    revalidatePath('/items');
    return { error: null, notice: updateItem.recommendable ? 'Saved. Recommendations include the item with its new features.' : `Saved. ${updateItem.message ?? 'Recommendations do not include it yet.'}` };
  } catch (error) {
    return { error: message(error), notice: null, values };
  }
}

/** Archives (recommendations stop including it at once) or restores an item. */
export async function setItemArchivedAction(id: string, archived: boolean): Promise<EditState> {
  const { session } = await requireSession({ from: `/items/${encodeURIComponent(id)}` });
  try {
    const payload = archived ? (await request(session, ItemArchive, { id })).archiveItem : (await request(session, ItemRestore, { id })).restoreItem;
    revalidatePath(`/items/${encodeURIComponent(id)}`);
    revalidatePath('/items');
    return { error: null, notice: archived ? 'Archived: recommendations no longer include it.' : payload.recommendable ? 'Restored: recommendations include it again.' : `Restored. ${payload.message ?? ''}` };
  } catch (error) {
    return { error: message(error), notice: null };
  }
}

export interface JobView {
  id: string;
  state: string;
  stage: string | null;
  fraction: number;
  message: string | null;
  error: string | null;
}

export interface OnboardingProgress {
  features: JobView | null;
  warmup: JobView | null;
  /** Once both finished: whether the model ranks the item, and why not. */
  done: boolean;
  recommendable: boolean | null;
  why: string | null;
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);

/** The features job of a new item and the warm-up it queues, for the onboarding page's progress (polled every second). */
export async function onboardingProgressAction(featuresJobId: string): Promise<OnboardingProgress> {
  const { session } = await requireSession({ from: '/items/new' });
  const view = (job: NonNullable<Awaited<ReturnType<typeof poll>>>): JobView => ({
    id: job.id, state: job.state, stage: job.progress?.stage ?? null, fraction: job.state === 'COMPLETED' ? 1 : job.progress?.fraction ?? 0, message: job.progress?.message ?? null, error: job.error ?? null,
  });
  const poll = async (id: string) => (await request(session, ItemJobPoll, { id })).job;
  const features = await poll(featuresJobId);
  if (!features) return { features: null, warmup: null, done: true, recommendable: null, why: `The features job ${featuresJobId} is gone from the queue's history.` };
  if (features.state === 'FAILED') return { features: view(features), warmup: null, done: true, recommendable: false, why: `Computing the features failed: ${features.error ?? 'no reason given'}.` };
  if (features.state !== 'COMPLETED') return { features: view(features), warmup: null, done: false, recommendable: null, why: null };
  const result = record(features.result);
  const itemId = numbers(record(features.data).itemIds)[0];
  const failures = (Array.isArray(result.items) ? result.items : [])
    .flatMap((entry) => (Array.isArray(record(entry).outcomes) ? (record(entry).outcomes as unknown[]) : []))
    .map(record)
    .filter((o) => o.status === 'FAILED' || o.status === 'UNAVAILABLE')
    .map((o) => `${String(o.modality).toLowerCase()} features failed: ${String(o.error ?? 'no reason given')}`);
  const warmupId = typeof result.warmupJobId === 'string' ? result.warmupJobId : null;
  if (!warmupId) return { features: view(features), warmup: null, done: true, recommendable: false, why: ['No warm-up was queued (is the item archived?).', ...failures].join(' ') };
  const warmup = await poll(`warmup:${warmupId}`);
  if (!warmup) return { features: view(features), warmup: null, done: true, recommendable: null, why: `The warm-up job ${warmupId} is gone from the queue's history.` };
  if (warmup.state === 'FAILED') return { features: view(features), warmup: view(warmup), done: true, recommendable: false, why: `The warm-up failed: ${warmup.error ?? 'no reason given'}.` };
  if (warmup.state !== 'COMPLETED') return { features: view(features), warmup: view(warmup), done: false, recommendable: null, why: null };
  const outcome = record(warmup.result);
  if (outcome.versionId === null || outcome.versionId === undefined) {
    return { features: view(features), warmup: view(warmup), done: true, recommendable: false, why: 'No model version is active: recommendations come from popularity, which needs events on the item. Its features are ready for the next training.' };
  }
  const placed = itemId !== undefined && (numbers(outcome.warmed).includes(itemId) || numbers(outcome.unchanged).includes(itemId));
  return {
    features: view(features), warmup: view(warmup), done: true, recommendable: placed,
    why: placed ? (failures.length ? failures.join('; ') : null) : [`Model version ${String(outcome.versionId)} could not place the item yet.`, ...failures].join(' '),
  };
}

export interface Preview {
  neighbours: Neighbour[];
  /** Null when the api could not answer (`error` says why). */
  reach: Reach | null;
  error: string | null;
}

/** Where a new item ranks: its nearest neighbours, and whom it reaches among the most recently active users. */
export async function itemPreviewAction(itemId: string): Promise<Preview> {
  const { session } = await requireSession({ from: '/items/new' });
  try {
    const [neighbours, reach] = await Promise.all([itemNeighbours(session, itemId, 8), itemReach(session, itemId)]);
    return { neighbours, reach, error: null };
  } catch (error) {
    return { neighbours: [], reach: null, error: message(error) };
  }
}

import type { NewItem } from './new-items.ts';

/** What one item's trip from createItem to recommendations came to. Times are seconds from sending the mutation. */
export interface ItemTiming {
  id: string;
  /** Until it was in both similarItems and recommendations; null when it never was within the timeout. */
  seconds: number | null;
  similarItemsSeconds: number | null;
  recommendationsSeconds: number | null;
  /** The mutation's own answer (FEWSHOT_ONBOARDING_WAIT_MS=0: the item is written and its features job queued). */
  mutationSeconds: number;
  imageBytes: number;
  /** Features and warm-up jobs as the api reports them (`job(id)`), on the same clock. */
  stages: Stages | null;
  features: Array<{ modality: string; encoder: string | null; status: string; error: string | null }>;
  /** The console's preview once it was recommendable: `itemReach` over the most recently active users, timed. */
  reach: ReachTiming | null;
  error?: string;
}

/** One `itemReach` question (REACH_USERS users, lists of 10), as the console's preview of a new item asks it. */
export interface ReachTiming {
  seconds: number;
  usersChecked: number;
  reached: number;
  medianRank: number | null;
}

/** The users the console's preview of a new item ranks it for (apps/console: REACH_USERS), and its list length. */
export const REACH_USERS = 200;
export const REACH_DEPTH = 10;

/** Seconds each step took: queued → features job → warm-up job → this replica serving it. */
export interface Stages {
  featuresWait: number;
  features: number;
  warmupWait: number;
  warmup: number;
  /** From the warm-up's end until the item was seen (the replica loading its embedding, and the polling's step). */
  apply: number;
}

export interface Api {
  url: string;
  frontendKey: string;
  merchandiserKey: string;
}

const CREATE = 'mutation ($input: ItemInput!, $image: Upload) { createItem(input: $input, image: $image) { item { id } recommendable message job { id state } } }';
const SIMILAR = 'query ($id: ID!) { similarItems(itemId: $id, first: 1) { item { id } } }';
const RECOMMEND = 'query ($recent: [ID!], $genre: String!) { recommendations(recentItemIds: $recent, first: 10, excludeSeen: false, filter: { genres: [$genre] }) { source items { item { id } } } }';
const REACH = 'query ($id: ID!, $users: Int!, $depth: Int!) { itemReach(itemId: $id, users: $users, depth: $depth, first: 20) { usersChecked reached medianRank } }';
const JOB = 'query ($id: ID!) { job(id: $id) { id state createdAt startedAt finishedAt result } }';

interface JobView { id: string; state: string; createdAt: string; startedAt: string | null; finishedAt: string | null; result: { warmupJobId?: string | null; items?: Array<{ itemId: number; outcomes: ItemTiming['features'] }> } | null }

/**
 * Creates the item (a GraphQL multipart request, with its poster when it has one) and polls every `pollMs` until
 * `similarItems` of it is non-empty and `recommendations` for an anonymous sequence starting with it, filtered to
 * its own genre, lists it; then reads its features and warm-up jobs for the split.
 */
export async function followNewItem(api: Api, item: NewItem, context: { popular: string[]; pollMs: number; timeoutMs: number }): Promise<ItemTiming> {
  const sentAt = Date.now();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const created = await upload<{ createItem: { job: { id: string } | null } }>(api, CREATE, { input: item.input }, item.image);
  const mutationSeconds = elapsed();
  if (created.errors || !created.data) throw new Error(`createItem ${item.input.id}: ${JSON.stringify(created.errors ?? created).slice(0, 500)}`);
  const jobId = created.data.createItem.job?.id;
  if (!jobId) throw new Error(`createItem ${item.input.id} answered without a job: is the api running with job queues (REDIS_URL)?`);

  let similarItemsSeconds: number | null = null;
  let recommendationsSeconds: number | null = null;
  const recent = [item.input.id, ...context.popular];
  const deadline = started + context.timeoutMs;
  while (similarItemsSeconds === null || recommendationsSeconds === null) {
    if (performance.now() > deadline) break;
    const [similar, recommended] = await Promise.all([
      similarItemsSeconds === null ? graphql<{ similarItems: unknown[] }>(api.url, api.frontendKey, SIMILAR, { id: item.input.id }) : undefined,
      recommendationsSeconds === null ? graphql<{ recommendations: { items: Array<{ item: { id: string } }> } }>(api.url, api.frontendKey, RECOMMEND, { recent, genre: item.genre }) : undefined,
    ]);
    const now = elapsed();
    if (similar && similar.data!.similarItems.length > 0) similarItemsSeconds = now;
    if (recommended?.data!.recommendations.items.some((entry) => entry.item.id === item.input.id)) recommendationsSeconds = now;
    if (similarItemsSeconds === null || recommendationsSeconds === null) await new Promise((resolve) => setTimeout(resolve, context.pollMs));
  }
  const seconds = similarItemsSeconds !== null && recommendationsSeconds !== null ? Math.max(similarItemsSeconds, recommendationsSeconds) : null;

  let reach: ReachTiming | null = null;
  if (seconds !== null) {
    const asked = performance.now();
    const answer = await graphql<{ itemReach: Omit<ReachTiming, 'seconds'> }>(api.url, api.merchandiserKey, REACH, { id: item.input.id, users: REACH_USERS, depth: REACH_DEPTH });
    reach = { seconds: (performance.now() - asked) / 1000, ...answer.data!.itemReach };
  }

  const features = await readJob(api, jobId);
  const warmupId = features?.result?.warmupJobId;
  const warmup = warmupId ? await readJob(api, `warmup:${warmupId}`) : null;
  const timing: ItemTiming = {
    id: item.input.id, seconds, similarItemsSeconds, recommendationsSeconds, mutationSeconds,
    imageBytes: item.image?.bytes.length ?? 0,
    stages: features && warmup && seconds !== null ? stagesOf(features, warmup, sentAt, seconds) : null,
    features: features?.result?.items?.flatMap((entry) => entry.outcomes) ?? [],
    reach,
  };
  if (seconds === null) timing.error = `not recommendable within ${context.timeoutMs / 1000} s (features job ${features?.state ?? '?'}, warm-up job ${warmup?.state ?? 'not queued'})`;
  return timing;
}

/** The job once it has finished (a completion is recorded just after the work it describes), or as it is after 3 s. */
async function readJob(api: Api, id: string): Promise<JobView | null> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const answer = await graphql<{ job: JobView | null }>(api.url, api.merchandiserKey, JOB, { id });
    const job = answer.data?.job ?? null;
    if (!job || job.finishedAt || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stagesOf(features: JobView, warmup: JobView, sentAt: number, seconds: number): Stages | null {
  const at = (value: string | null) => (value ? (Date.parse(value) - sentAt) / 1000 : NaN);
  const split = {
    featuresWait: at(features.startedAt) - at(features.createdAt),
    features: at(features.finishedAt) - at(features.startedAt),
    // From its queueing (by the features job, just before that job records its end) to a worker taking it.
    warmupWait: at(warmup.startedAt) - at(warmup.createdAt),
    warmup: at(warmup.finishedAt) - at(warmup.startedAt),
    apply: seconds - at(warmup.finishedAt),
  };
  return Object.values(split).every(Number.isFinite) ? split : null;
}

type Answer<T> = { data?: T; errors?: Array<{ message: string }> };

async function graphql<T>(url: string, key: string, query: string, variables: Record<string, unknown>): Promise<Answer<T>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
  const answer = (await response.json()) as Answer<T>;
  if (answer.errors || !answer.data) throw new Error(`the api answered ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`);
  return answer;
}

/** A GraphQL multipart request (operations, map, file) as a browser's upload client sends it. */
async function upload<T>(api: Api, query: string, variables: Record<string, unknown>, file: NewItem['image']): Promise<Answer<T>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: { ...variables, image: null } }));
  form.append('map', JSON.stringify(file ? { 0: ['variables.image'] } : {}));
  if (file) form.append('0', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const response = await fetch(api.url, { method: 'POST', body: form, headers: { authorization: `Bearer ${api.merchandiserKey}`, 'apollo-require-preflight': 'true' } });
  const text = await response.text();
  try {
    return JSON.parse(text) as Answer<T>;
  } catch {
    return { errors: [{ message: `${response.status}: ${text.slice(0, 300)}` }] };
  }
}

import type { Item } from '@fewshot/db';
import type { AnyJob, JobStateName } from '../jobs/job-queues.ts';
import type { QueueName } from '../jobs/queues.ts';
import type { RecommendationResult, RecommendedItem as ServedItem } from '../serving/recommend.ts';

/**
 * What the resolvers of a GraphQL object type receive as its parent, where that is not the SDL's own shape: database
 * rows and service results. codegen.ts maps every type exported here (`mappers`), so a resolver may return a row,
 * and the fields the row lacks (or spells differently) must have a field resolver, or the api does not typecheck.
 */
// A version's row: its artifact's megabytes live in model_artifact_chunks, which no field reads.
export type { Item, User, Interaction, RetrainSchedule, ModelVersion } from '@fewshot/db';
export type { ApiKeySummary as ApiKey } from '../auth/list-api-keys.ts';
export type { RecommendationResult as RecommendationList } from '../serving/recommend.ts';
/** A list a user was shown (services/user-served-lists.ts): its items and version by database id. */
export type { ServedListView as ServedList } from '../services/user-served-lists.ts';

/** An item of a list a user was shown, by database id. */
export interface ServedListItem {
  itemId: number;
  rank: number;
  /** New to the list's version (its served_lists.new_item_ids); the deprecated addedAfterTraining says the same. */
  newToVersion: boolean;
  addedAfterTraining: boolean;
}

/** What followed a list a user was shown: the event's item by database id. */
export interface ServedListFollow {
  itemId: number;
  rank: number;
  occurredAt: Date;
  minutesAfter: number;
}

/** Cold start now (services/cold-start-stats.ts): its waiting items and version by database id. */
export type { ColdStartStats } from '../services/cold-start-stats.ts';

/** Whom an item reaches (serving/item-reach.ts): its item, users and versions by database id. */
export type { ItemReach, ReachedUser as ItemReachUser } from '../serving/item-reach.ts';
/** A trial's row: its versions and results have field resolvers. */
export type { ModelTrialRecord as ModelTrial } from '@fewshot/pipeline/lifecycle';

/**
 * A ranked item; RecommendationList.items adds the row it read for the whole list, so `item` needs no lookup, and the
 * list itself, whose items' reasons (`because`) are worked out together when asked for.
 */
export type RecommendedItem = ServedItem & { row?: Item; list?: RecommendationResult };

/** An item near another one, by database id: the field resolver loads the item. */
export interface SimilarItem {
  itemId: number;
  similarity: number;
}

/** A queue job as BullMQ holds it, with the queue it is in (job ids are unique per queue only). */
export interface Job {
  queue: QueueName;
  job: AnyJob;
  /** Its state, read with it so the two agree (JobQueues.getJobWithState); absent: read when asked. */
  state?: JobStateName;
  /** Removed from its queue by cancelJob before a worker took it (BullMQ no longer has a state for it). */
  cancelled?: boolean;
}

import { ItemStatus } from '@fewshot/db';
import { InteractionKind } from '@fewshot/db';
import { ApiKeyRole } from '@fewshot/db';
import { ModelVersionStatus } from '@fewshot/db';
import { TrainingRunStatus } from '@fewshot/db';
import { ModelTrialStatus } from '@fewshot/db';
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Item as ItemRow, User as UserRow, Interaction as InteractionRow, ApiKey as ApiKeyRow, ModelVersion as ModelVersionRow, RecommendationList as RecommendationListRow, RecommendedItem as RecommendedItemRow, SimilarItem as SimilarItemRow, Job as JobRow, RetrainSchedule as RetrainScheduleRow, ModelTrial as ModelTrialRow, ItemReach as ItemReachRow, ItemReachUser as ItemReachUserRow, ServedList as ServedListRow, ServedListItem as ServedListItemRow, ServedListFollow as ServedListFollowRow, ColdStartStats as ColdStartStatsRow } from '../schema/mappers.ts';
import type { ContextValue } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type EnumResolverSignature<T, AllowedValues = any> = { [key in keyof T]?: AllowedValues };
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, as an ISO-8601 string in UTC. */
  DateTime: { input: Date; output: Date; }
  /** Arbitrary JSON: structured attributes as the importer or the client gave them. */
  JSON: { input: unknown; output: unknown; }
  /**
   * A file sent with a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec): the
   * fields `operations` and `map`, then the file; the request needs an `apollo-require-preflight: true` header (CSRF
   * prevention). Images must be JPEG or PNG by content, at most 25 MB and 40 megapixels.
   */
  Upload: { input: unknown; output: unknown; }
};

/** An API key as lists show it. The key itself is shown once, when it is created, and never stored. */
export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Last time a request used the key, to the minute; null when never used. */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who or what uses the key. */
  name: Scalars['String']['output'];
  /** The key's first characters, to tell keys apart. */
  prefix: Scalars['String']['output'];
  /** The limit this key's requests are counted against now: its own, else its role's as the api is configured. */
  rateLimit: RateLimit;
  /** The key's own rate limit in requests a minute (0: none); null when its role's applies (see rateLimit). */
  rateLimitPerMinute?: Maybe<Scalars['Int']['output']>;
  /**
   * Requests with this key refused for its rate limit in the last 24 hours (whole hours, this one included), on every
   * replica that counts in the same Redis: a key that meets its limit, to raise it or to look into.
   */
  refusedLastDay: Scalars['Int']['output'];
  /** When the key was revoked; null while it is valid. */
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  role: ApiKeyRole;
};

export { ApiKeyRole };

/** How many users, items and interactions the catalog holds. */
export type CatalogStats = {
  __typename?: 'CatalogStats';
  interactions: Scalars['Int']['output'];
  /** Traffic: interactions that happened in the last 7 days (by their time, up to now). */
  interactionsLast7d: Scalars['Int']['output'];
  /** Traffic: interactions that happened in the last 24 hours (by their time, up to now). */
  interactionsLast24h: Scalars['Int']['output'];
  items: Scalars['Int']['output'];
  users: Scalars['Int']['output'];
};

/**
 * Cold start now: the items the serving version was not trained on and whether it ranks them yet, and the users who are
 * new or cold. What the platform is for, at a glance.
 */
export type ColdStartStats = {
  __typename?: 'ColdStartStats';
  /** Users with an event in the window. */
  activeUsers: Scalars['Int']['output'];
  /** Of those, the ones with fewer events than the cold threshold: the users the few-shot path serves. */
  coldActiveUsers: Scalars['Int']['output'];
  /** The cold threshold (FEWSHOT_COLD_THRESHOLD). */
  coldThreshold: Scalars['Int']['output'];
  /** The window the user counts cover, in days (by event time, up to now). */
  days: Scalars['Int']['output'];
  /**
   * Active items the serving version had in its catalog but no training event for (nobody had picked them, or only users
   * after its split): new to it as well, ranked by the generator's row and served by new-item slots like the items
   * added since. 0 for a version stored before its artifact listed them.
   */
  itemsWithoutTrainingEvents: Scalars['Int']['output'];
  /** The version that ranks; null when none is active (popularity serves, and no item is new to a model). */
  modelVersion?: Maybe<ModelVersion>;
  /**
   * Active items the serving version was not trained on: added since its training, placed by the item embedding
   * generator from their features. Looked for among items created from a day before the version was stored.
   */
  newItems: Scalars['Int']['output'];
  /** Of those, the ones it ranks now. */
  newItemsRecommendable: Scalars['Int']['output'];
  /** Of those, the ones it cannot rank yet: no vector of its encoders (features not computed, or failed). */
  newItemsWaiting: Scalars['Int']['output'];
  /** Users whose first event is in the window. */
  newUsers: Scalars['Int']['output'];
  /** Up to 20 of the waiting items, newest first: what to look at first. */
  waitingItems: Array<Item>;
};

/** A new key: the secret is in this answer and nowhere else, ever. */
export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** The key to send as `Authorization: Bearer <key>`. Shown once: store it now. */
  key: Scalars['String']['output'];
};

/** What deleteUser removed. */
export type DeleteUserPayload = {
  __typename?: 'DeleteUserPayload';
  /** How many of the user's interactions were deleted with them. */
  deletedInteractions: Scalars['Int']['output'];
  /** The deleted user's id in the client's system. */
  id: Scalars['ID']['output'];
};

/** The cold-start evaluation a training ends with. */
export type EvaluationInput = {
  /** The one the version's headline metrics (and the promotion policy) use; must be among ns. */
  headlineN?: InputMaybe<Scalars['Int']['input']>;
  /** New users whose bounded adaptation is timed (1 to 1000). */
  latencyUsers?: InputMaybe<Scalars['Int']['input']>;
  /** New users' history lengths to measure, 1 to 5 values from 2 to 100 (n events: the first n − 1 known, the next one predicted); default 2, 3, 5, 10, 20. */
  ns?: InputMaybe<Array<Scalars['Int']['input']>>;
};

/** The service's state, for load balancers and people. */
export type Health = {
  __typename?: 'Health';
  /** Catalog counts. */
  catalog: CatalogStats;
  /** `postgres` or `pglite`. */
  database: Scalars['String']['output'];
  /** Set while the demo catalog is being imported into an empty database. */
  seeding: Scalars['Boolean']['output'];
  /** `ok` when the database answers. */
  status: Scalars['String']['output'];
  /** Seconds since the process started. */
  uptimeSeconds: Scalars['Float']['output'];
};

/** One event: a user's action on an item at a time. */
export type Interaction = {
  __typename?: 'Interaction';
  /** The client's event id, or the one derived at import. */
  id: Scalars['ID']['output'];
  item: Item;
  kind: InteractionKind;
  occurredAt: Scalars['DateTime']['output'];
  user: User;
  /** Strength of the event, e.g. a rating. */
  value?: Maybe<Scalars['Float']['output']>;
};

/** A page of interactions. */
export type InteractionConnection = {
  __typename?: 'InteractionConnection';
  nodes: Array<Interaction>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** One event to record. */
export type InteractionInput = {
  /** Your id for the event: sending the same id again records nothing new (safe retries). */
  clientEventId?: InputMaybe<Scalars['String']['input']>;
  /** The item's id in the client's system; it must exist. */
  itemId: Scalars['ID']['input'];
  kind?: InputMaybe<InteractionKind>;
  /** When it happened; default: now. At most a day in the future. */
  occurredAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** The user's id in the client's system; an unknown user is created. */
  userId: Scalars['ID']['input'];
  /** Strength of the event, e.g. a rating. */
  value?: InputMaybe<Scalars['Float']['input']>;
};

export { InteractionKind };

/** Something to recommend: its text, attributes and image. */
export type Item = {
  __typename?: 'Item';
  /** Every structured attribute, including genres and year. */
  attributes: Scalars['JSON']['output'];
  /** When the item entered the catalog. */
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** The item's stored features per modality and encoder, newest first (empty until its features job has run). */
  features: Array<ItemFeature>;
  /** Genres or categories. */
  genres: Array<Scalars['String']['output']>;
  /** The item's id in the client's system. */
  id: Scalars['ID']['output'];
  /** Where the item's image is referenced, when it has one. */
  imageUri?: Maybe<Scalars['String']['output']>;
  /**
   * Where the api serves the item's image, when it has one: a stable path on the api's origin
   * (`/images/items/<url-encoded id>`), answered with the image's bytes, its type, an ETag and Cache-Control.
   */
  imageUrl?: Maybe<Scalars['String']['output']>;
  /** How many interactions the item has. */
  interactionCount: Scalars['Int']['output'];
  status: ItemStatus;
  title: Scalars['String']['output'];
  /** Release or publication year, when known. */
  year?: Maybe<Scalars['Int']['output']>;
};

/** A page of items. */
export type ItemConnection = {
  __typename?: 'ItemConnection';
  nodes: Array<Item>;
  pageInfo: PageInfo;
  /** How many items match the filter, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One modality of an item's stored features: what the encoders made of its text or image. */
export type ItemFeature = {
  __typename?: 'ItemFeature';
  /** When the features were computed. */
  createdAt: Scalars['DateTime']['output'];
  /** The encoder, as `name@version`. */
  encoder: Scalars['String']['output'];
  /** Why it failed, when it did. */
  error?: Maybe<Scalars['String']['output']>;
  /** `TEXT` or `IMAGE`. */
  modality: Scalars['String']['output'];
  /** `READY` (a vector is stored) or `FAILED` (its error says why). */
  status: Scalars['String']['output'];
};

/** What one modality of an item's features came to. */
export type ItemFeatureOutcome = {
  __typename?: 'ItemFeatureOutcome';
  /** The encoder, as `name@version`, when one applies. */
  encoder?: Maybe<Scalars['String']['output']>;
  /** Why it failed, when it did. */
  error?: Maybe<Scalars['String']['output']>;
  /** `TEXT` or `IMAGE`. */
  modality: Scalars['String']['output'];
  /** `READY`, `FAILED`, `NONE` (no input, e.g. no image) or `UNAVAILABLE` (the encoder cannot run in the api). */
  status: Scalars['String']['output'];
};

/** A new item, as a merchandiser describes it. */
export type ItemInput = {
  /** Any other structured attributes, a JSON object of at most 16 KB (genres and year have their own fields). */
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  /** Longer text, at most 10,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Genres or categories, at most 50 of at most 100 characters each; recommendations can filter on them. */
  genres?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The item's id in the client's system: non-empty, at most 256 characters, unused. */
  id: Scalars['ID']['input'];
  /**
   * An http(s) URL of a JPEG or PNG image that the server downloads and stores (instead of an upload). Only public
   * addresses are fetched, at most 3 redirects, 25 MB and 15 s.
   */
  imageUrl?: InputMaybe<Scalars['String']['input']>;
  /** What the item is called: non-empty, at most 500 characters. The text encoder reads it first. */
  title: Scalars['String']['input'];
  /** Release or publication year (four digits). */
  year?: InputMaybe<Scalars['Int']['input']>;
};

/** How a list of items is ordered. */
export const ItemOrder = {
  /** Newest first: the cold-start items. */
  NEWEST: 'NEWEST',
  /** Catalog order: oldest first. */
  OLDEST: 'OLDEST'
} as const;

export type ItemOrder = typeof ItemOrder[keyof typeof ItemOrder];
/** Changes to an item: a field left out stays as it is; null clears an optional field. */
export type ItemPatch = {
  /** Replaces the free-form attributes (genres and year stay unless given). */
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  genres?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Replaces the image by the one at this http(s) URL. */
  imageUrl?: InputMaybe<Scalars['String']['input']>;
  /** Removes the item's image. */
  removeImage?: InputMaybe<Scalars['Boolean']['input']>;
  /** A new title (it cannot be removed). */
  title?: InputMaybe<Scalars['String']['input']>;
  year?: InputMaybe<Scalars['Int']['input']>;
};

/** The result of an item write: the item, and whether recommendations can include it now. */
export type ItemPayload = {
  __typename?: 'ItemPayload';
  /** The item's features per modality the model reads (both modalities when no model is active). */
  features: Array<ItemFeatureOutcome>;
  item: Item;
  /**
   * The features job that encodes the item and then queues its warm-up: follow it with `job(id)` while the write
   * answered before they finished. Null when the api runs without job queues (features are then computed in the request).
   */
  job?: Maybe<Job>;
  /** Why the item is not recommendable (no active model, features that failed, archived), or what only partly worked. */
  message?: Maybe<Scalars['String']['output']>;
  /**
   * True when the serving model ranks the item from now on: its features were computed with the encoders the
   * active model was trained on and the item embedding generator placed it, without retraining.
   */
  recommendable: Scalars['Boolean']['output'];
};

/**
 * Whom an item reaches now: where it stands in the recommendations of the most recently active users (the ones who
 * will see the catalog next), each ranked as `recommendations` would rank them (no filter, what they have had left out,
 * the version and new-item slots of their trial arm). A preview of who a new item would reach, the moment it is placed.
 */
export type ItemReach = {
  __typename?: 'ItemReach';
  /** The item was added after the active version's training: placed by the item embedding generator since. */
  addedAfterTraining: Scalars['Boolean']['output'];
  /** Checked users who already had the item (lists leave out what a user has had). */
  alreadyHad: Scalars['Int']['output'];
  /** Checked and reached users per path: cold users adapted to their events, cold users not yet, warm users. */
  byPath: Array<ItemReachPath>;
  /** The list length a user counts as reached within. */
  depth: Scalars['Int']['output'];
  item: Item;
  /** The median rank over the users it was ranked for. */
  medianRank?: Maybe<Scalars['Int']['output']>;
  /** The active version; null when none is (popularity then serves everyone the same counted list). */
  modelVersion?: Maybe<ModelVersion>;
  /** The new-item slots asked for (`newItems`); null: each user's lists as served. */
  newItems?: Maybe<Scalars['Int']['output']>;
  /**
   * The item is new to the active version: added after its training, or in the catalog then without an event its
   * training saw. The version learned nothing from its events (its ID row is the generator's): new-item slots are for it.
   */
  newToVersion: Scalars['Boolean']['output'];
  /** Checked users it could not be ranked for: their version has not placed it yet, or knows none of their items. */
  notRanked: Scalars['Int']['output'];
  /** Ranked users per range of ranks: 1–10, 11–20, 21–50, 51–100, 101–500, beyond. */
  rankRanges: Array<ItemReachRange>;
  /** Checked users whose list of `depth` items shows it. */
  reached: Scalars['Int']['output'];
  /** Of those, the users it reaches through a new-item slot, not by its rank. */
  reachedInNewItemSlot: Scalars['Int']['output'];
  /** Why nobody was ranked (no active version, an archived item, an item not placed yet); null when some were. */
  reason?: Maybe<Scalars['String']['output']>;
  /** Up to `first` users, best placed first: by their list's position, then by the item's rank. */
  users: Array<ItemReachUser>;
  usersChecked: Scalars['Int']['output'];
  /** Users with any event; the check asks the most recently active of them. */
  usersWithHistory: Scalars['Int']['output'];
};

/** Users checked and reached, for one way of making lists. */
export type ItemReachPath = {
  __typename?: 'ItemReachPath';
  path: RecommendationPath;
  reached: Scalars['Int']['output'];
  users: Scalars['Int']['output'];
};

/** How many ranked users put the item in a range of ranks. */
export type ItemReachRange = {
  __typename?: 'ItemReachRange';
  from: Scalars['Int']['output'];
  /** Null: no upper bound. */
  to?: Maybe<Scalars['Int']['output']>;
  users: Scalars['Int']['output'];
};

/** Where an item stands for one user: its rank among everything their list could show, and its place in the list. */
export type ItemReachUser = {
  __typename?: 'ItemReachUser';
  /** How many events the user has. */
  historyLength: Scalars['Int']['output'];
  /** In the list because of a slot kept for items the version was not trained on (`newItems`), not by its rank. */
  inNewItemSlot: Scalars['Boolean']['output'];
  /** The version that ranked it: a running trial's for the users in its arm. */
  modelVersion: ModelVersion;
  /** How their list is made: FEW_SHOT (a cold user, adapted to their events), COLD_UNADAPTED or WARM. */
  path: RecommendationPath;
  /** Its place in the user's list of `depth` items; null when the list does not show it. */
  position?: Maybe<Scalars['Int']['output']>;
  /** The item's rank by score among the active items the user has not had (1 for the best). */
  rank: Scalars['Int']['output'];
  user: User;
};

export { ItemStatus };

/** A job in one of the queues, with its progress, log and outcome. */
export type Job = {
  __typename?: 'Job';
  /** Attempts started so far, and how many are allowed (a worker that dies mid-job costs one). */
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** What it was asked to do (item ids, training settings, the reason it was queued). */
  data: Scalars['JSON']['output'];
  /** Why it failed, when it did. */
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** `<queue>:<id>`, e.g. `train:run-12`: what job(id), cancelJob and retryJob take. */
  id: Scalars['ID']['output'];
  /** The newest lines of its log, oldest first. */
  logs: Array<Scalars['String']['output']>;
  maxAttempts: Scalars['Int']['output'];
  progress?: Maybe<JobProgress>;
  queue: JobQueue;
  /** What it produced, once COMPLETED. */
  result?: Maybe<Scalars['JSON']['output']>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  state: JobState;
  /** The training run it executes (train jobs). */
  trainingRun?: Maybe<TrainingRun>;
};


/** A job in one of the queues, with its progress, log and outcome. */
export type JobLogsArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of jobs. */
export type JobConnection = {
  __typename?: 'JobConnection';
  nodes: Array<Job>;
  pageInfo: PageInfo;
  /** How many jobs the given queues hold in the given states, over all pages. */
  totalCount: Scalars['Int']['output'];
};

/** How far a job is. */
export type JobProgress = {
  __typename?: 'JobProgress';
  /** While ACTIVE, where the job can tell (trainings, after their first 10 s): when it will likely end. */
  finishesAt?: Maybe<Scalars['DateTime']['output']>;
  /** 0 to 1, of the whole job. */
  fraction: Scalars['Float']['output'];
  message?: Maybe<Scalars['String']['output']>;
  /** The step it is on (`encode`, `pretrain:id`, `meta:text`, `generator`, `fusion`, `evaluate`, …). */
  stage: Scalars['String']['output'];
};

/** The job queues: features encode items, warm-up places new items in the served model, train makes model versions. */
export const JobQueue = {
  FEATURES: 'FEATURES',
  TRAIN: 'TRAIN',
  WARMUP: 'WARMUP'
} as const;

export type JobQueue = typeof JobQueue[keyof typeof JobQueue];
/** Where a job is. */
export const JobState = {
  /** A worker runs it now. */
  ACTIVE: 'ACTIVE',
  /**
   * Cancelled before a worker took it, and so removed from its queue: only cancelJob's answer says this (job(id) finds
   * nothing afterwards; a training's run says CANCELLED, with the reason).
   */
  CANCELLED: 'CANCELLED',
  COMPLETED: 'COMPLETED',
  /** Queued to run later (a retry after a failure waits a little). */
  DELAYED: 'DELAYED',
  /** Failed for good: its error says why; retryJob runs it again. */
  FAILED: 'FAILED',
  /** Gone from the queue's history, or in a state this api does not know. */
  UNKNOWN: 'UNKNOWN',
  /** Queued, waiting for a worker. */
  WAITING: 'WAITING'
} as const;

export type JobState = typeof JobState[keyof typeof JobState];
/** Two users to merge: every event of `from` moves to `into`. */
export type MergeUsersInput = {
  /** The user whose events move, e.g. the anonymous id a visitor browsed under. It is deleted. */
  from: Scalars['ID']['input'];
  /** The user that keeps every event, e.g. the account the visitor signed in to. Created if it does not exist. */
  into: Scalars['ID']['input'];
};

/** The outcome of mergeUsers. */
export type MergeUsersPayload = {
  __typename?: 'MergeUsersPayload';
  /** How many events moved from `from`. */
  movedInteractions: Scalars['Int']['output'];
  /** The user that now holds the events of both. */
  user: User;
};

/**
 * Which learner drove a list: the fusion layer's weight of each modality for this user (they sum to 1). A learner
 * the model was trained without (no image features, say) is null.
 */
export type ModalityWeights = {
  __typename?: 'ModalityWeights';
  /** Weight of the item-ID learner (collaborative signal). */
  id?: Maybe<Scalars['Float']['output']>;
  /** Weight of the image learner. */
  image?: Maybe<Scalars['Float']['output']>;
  /** Weight of the text learner (titles, descriptions, attributes). */
  text?: Maybe<Scalars['Float']['output']>;
};

/**
 * An online trial: a READY (or RETIRED) version, the candidate, serves a share of known users beside the ACTIVE version,
 * the control, which serves everyone else (anonymous sequences included). Which users is drawn from a hash of the trial
 * and the user's id: the same user gets the same version on every replica and every request. The two arms' lists are
 * followed by users drawn from the same population in the same weeks, so `results` compares them fairly, which comparing
 * versions active at different times cannot.
 */
export type ModelTrial = {
  __typename?: 'ModelTrial';
  /** The version on trial; for a trial of a setting (newItemSlots), the ACTIVE version itself. */
  candidate: ModelVersion;
  /** The version that was ACTIVE when the trial started. */
  control: ModelVersion;
  /** Why it ended, when a guardrail ended it (the difference and interval it acted on); null when a person did, or while it runs. */
  endReason?: Maybe<Scalars['String']['output']>;
  /** When it stopped, or its candidate was promoted, or another version became active; null while it runs. */
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /**
   * A trial of a setting, not of a version: the new-item slots the candidate's arm keeps in its lists (for requests that
   * leave newItems out), beside the control's users served as each replica is set (FEWSHOT_NEW_ITEM_SLOTS). Null: a
   * trial of another version.
   */
  newItemSlots?: Maybe<Scalars['Int']['output']>;
  /**
   * A setting's trial's bound on its slots: only a new item the user's scores rank within the top this-many fills one (0:
   * at any rank). Null: as each replica is set (FEWSHOT_NEW_ITEM_WITHIN), for both arms alike; always null for a trial of
   * another version.
   */
  newItemWithin?: Maybe<Scalars['Int']['output']>;
  /** The users (both arms) the trial means to reach, set when it started: its results' intervals are tightest there. */
  plannedUsers: Scalars['Int']['output'];
  /** Its other guardrail: it promotes its candidate by itself (PROMOTED, with `endReason`) once the whole interval is above 0, with the same minimum. */
  promoteIfBetter: Scalars['Boolean']['output'];
  /** How each arm followed its lists so far (or over the whole trial, once it ended). */
  results: ModelTrialResults;
  /** The share of known users the candidate serves, 0.01 to 0.99. */
  share: Scalars['Float']['output'];
  startedAt: Scalars['DateTime']['output'];
  status: ModelTrialStatus;
  /**
   * Its guardrail: it stops by itself (STOPPED, with `endReason`) once the candidate's lists are clearly followed less
   * often than the control's: the whole follow-rate interval below 0, with at least 30 users in each arm. Each replica
   * checks every FEWSHOT_TRIAL_CHECK_MS (5 minutes).
   */
  stopIfWorse: Scalars['Boolean']['output'];
  /**
   * How the overall follow-rate difference and its interval moved while it ran: at `points` moments evenly spread from
   * its start to its end (or now), each with the lists served and the follows made before that moment only, as it
   * could have been read then. The interval holds at every look, so the whole line may be read. Needs an ADMIN key.
   */
  timeline: Array<TrialMoment>;
};


/**
 * An online trial: a READY (or RETIRED) version, the candidate, serves a share of known users beside the ACTIVE version,
 * the control, which serves everyone else (anonymous sequences included). Which users is drawn from a hash of the trial
 * and the user's id: the same user gets the same version on every replica and every request. The two arms' lists are
 * followed by users drawn from the same population in the same weeks, so `results` compares them fairly, which comparing
 * versions active at different times cannot.
 */
export type ModelTrialResultsArgs = {
  withinMinutes?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * An online trial: a READY (or RETIRED) version, the candidate, serves a share of known users beside the ACTIVE version,
 * the control, which serves everyone else (anonymous sequences included). Which users is drawn from a hash of the trial
 * and the user's id: the same user gets the same version on every replica and every request. The two arms' lists are
 * followed by users drawn from the same population in the same weeks, so `results` compares them fairly, which comparing
 * versions active at different times cannot.
 */
export type ModelTrialTimelineArgs = {
  points?: InputMaybe<Scalars['Int']['input']>;
  withinMinutes?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of trials. */
export type ModelTrialConnection = {
  __typename?: 'ModelTrialConnection';
  nodes: Array<ModelTrial>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/**
 * How a trial's arms followed the lists a model ranked for known users (warm, few-shot and cold-unadapted; counted
 * lists for users without history are left out) while it ran. Each list counts in the arm its user was drawn into.
 */
export type ModelTrialResults = {
  __typename?: 'ModelTrialResults';
  /** The same per range of the users' events when served (1–2, 3–4, 5–9, 10–19, 20 or more), where there were lists. */
  byHistory: Array<TrialComparison>;
  /**
   * The half-width the overall follow-rate difference's interval is expected to have once plannedUsers are in, from the
   * spread so far: a smaller true difference will likely not show by then. Null before there is an interval, and once
   * the plan is reached.
   */
  followRateHalfWidthAtPlan?: Maybe<Scalars['Float']['output']>;
  /** Lists a user got from the other arm's version (a replica still loading the trial's version, or unable to). */
  otherVersionLists: Scalars['Int']['output'];
  overall: TrialComparison;
  /**
   * When plannedUsers will be in at the pace users joined so far (a straight line: the pace tends to slow as returning
   * users join no more, so this tends to come early). Null once the plan is reached, before anyone joined, and once the
   * trial ended.
   */
  planReachedAround?: Maybe<Scalars['DateTime']['output']>;
  /** The trial's plannedUsers, for comparison with `users`. */
  plannedUsers: Scalars['Int']['output'];
  /** Whether the users split into the arms as the trial's share drew them. Read it before the comparison. */
  sampleRatio: TrialSampleRatio;
  since: Scalars['DateTime']['output'];
  /** Lists served less than `withinMinutes` ago: they may still be followed, so the rates can still rise. */
  stillOpen: Scalars['Int']['output'];
  until: Scalars['DateTime']['output'];
  /** Users shown a list a model ranked during the trial, both arms together. */
  users: Scalars['Int']['output'];
  withinMinutes: Scalars['Int']['output'];
};

export { ModelTrialStatus };

/** A trained MML model with its cold-start metrics. */
export type ModelVersion = {
  __typename?: 'ModelVersion';
  createdAt: Scalars['DateTime']['output'];
  /** The encoders (per modality) whose features it was trained on. */
  encoders: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  /** The cold-start evaluation: per method, Recall/MRR/NDCG at 5/10/20 by new-user history length. */
  metrics?: Maybe<Scalars['JSON']['output']>;
  name: Scalars['String']['output'];
  /** When it last became ACTIVE. */
  promotedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When it last stopped being ACTIVE. */
  retiredAt?: Maybe<Scalars['DateTime']['output']>;
  status: ModelVersionStatus;
  /** The latest training run that made it: progress while TRAINING, the reason when FAILED, timings and curves. */
  trainingRun?: Maybe<TrainingRun>;
};

/** A page of model versions. */
export type ModelVersionConnection = {
  __typename?: 'ModelVersionConnection';
  nodes: Array<ModelVersion>;
  pageInfo: PageInfo;
  /** How many versions match the filter, over all pages. */
  totalCount: Scalars['Int']['output'];
};

export { ModelVersionStatus };

/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type Mutation = {
  __typename?: 'Mutation';
  /** Archives an item: recommendations stop including it at once (its history stays). Role merchandiser. */
  archiveItem: ItemPayload;
  /**
   * Cancels a waiting job (it is removed from its queue: the answer's state is CANCELLED), or stops a running one, or
   * one a worker takes at that moment (it fails with "cancelled: <reason>" as soon as its worker notices; the answer's
   * state is ACTIVE or WAITING until then). Needs an ADMIN key.
   */
  cancelJob: Job;
  /** Creates an API key with a role. Needs an ADMIN key. */
  createApiKey: CreatedApiKey;
  /**
   * Adds an item with its text and an image (an upload in `image`, or `input.imageUrl`), computes its features and
   * places it in the serving model so the next recommendations can include it. Needs role merchandiser (or admin).
   * An id that exists is ALREADY_EXISTS.
   */
  createItem: ItemPayload;
  /** Creates a retrain schedule (BullMQ's job scheduler queues the trainings). Needs an ADMIN key. */
  createRetrainSchedule: RetrainSchedule;
  /** Deletes a schedule; trainings it already queued still run. Answers the deleted schedule. Needs an ADMIN key. */
  deleteRetrainSchedule: RetrainSchedule;
  /**
   * Deletes a user and every interaction of theirs, in one transaction and for good (a person's request to be
   * forgotten). Every replica forgets their recommendations and adapted modules before its next answer; the next
   * trainings never see their events (model versions trained already hold no per-user parameters). An event recorded
   * for the same id afterwards starts a new user. An unknown id is NOT_FOUND. Needs an ADMIN key.
   */
  deleteUser: DeleteUserPayload;
  /**
   * Moves every event of one user to another and deletes the first, in one transaction: when a visitor who browsed
   * under an anonymous id signs in, their first events become the start of their account's history, so the account's
   * very next recommendations use them. `into` is created if it does not exist; its attributes win over `from`'s where
   * both have one. A `from` without a user is NOT_FOUND (merged already, or it never recorded an event); the same id in
   * both is BAD_USER_INPUT. Needs a FRONTEND key (or stronger).
   */
  mergeUsers: MergeUsersPayload;
  /**
   * Makes a READY version ACTIVE (or rolls back to a RETIRED one); the active one is retired in the same step.
   * Every replica swaps to it within seconds, without failing a request. Needs an ADMIN key.
   */
  promoteModelVersion: ModelVersion;
  /** Records one event; the user's next recommendations reflect it. Needs a FRONTEND key (or stronger). */
  recordInteraction: RecordInteractionPayload;
  /** Records up to 1,000 events in one transaction (all or none). Needs a FRONTEND key (or stronger). */
  recordInteractions: RecordInteractionsPayload;
  /** Makes an archived item recommendable again. Role merchandiser. */
  restoreItem: ItemPayload;
  /** Runs a FAILED job again from its first attempt. Needs an ADMIN key. */
  retryJob: Job;
  /** Revokes a key: every later request that sends it is refused. Revoking twice changes nothing. Needs an ADMIN key. */
  revokeApiKey: ApiKey;
  /**
   * Re-activates a version served before and retires the active one in the same step: by default the one that was
   * active just before it, or the RETIRED version given. Every replica swaps to it within seconds. Needs an ADMIN key.
   */
  rollbackModelVersion: ModelVersion;
  /**
   * Gives a key its own rate limit in requests a minute (0: no limit), or with null its role's again. Every replica counts
   * the key's next request against it; what it used in the current minute still counts. Needs an ADMIN key.
   */
  setApiKeyRateLimit: ApiKey;
  /**
   * Starts a trial: the version serves `share` of known users beside the ACTIVE version, on every replica within seconds.
   * Promoting it ends the trial (PROMOTED); so does promoting or rolling back to another version by hand (SUPERSEDED),
   * while automatic promotions (autoPromote, schedules) leave a better version READY until the trial ends. With
   * `newItemSlots`, a trial of that setting instead: the ACTIVE version serves `share` of known users with those
   * new-item slots, everyone else as each replica is set, and another version made active ends it (SUPERSEDED). One
   * trial runs at a time. Needs an ADMIN key.
   */
  startModelTrial: ModelTrial;
  /** Queues a training of a new model version on a snapshot of the data. Needs an ADMIN key. */
  startTraining: Job;
  /** Stops the running trial: every user is served by the active version again. Needs an ADMIN key. */
  stopModelTrial: ModelTrial;
  /** Changes an item's text or image; changed features are recomputed and the item placed again. Role merchandiser. */
  updateItem: ItemPayload;
  /** Changes a schedule; the next run follows the new expression. Needs an ADMIN key. */
  updateRetrainSchedule: RetrainSchedule;
  /** Creates a user or replaces its attributes. Needs a FRONTEND key (or stronger). */
  upsertUser: User;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationArchiveItemArgs = {
  id: Scalars['ID']['input'];
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationCancelJobArgs = {
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationCreateApiKeyArgs = {
  name: Scalars['String']['input'];
  rateLimitPerMinute?: InputMaybe<Scalars['Int']['input']>;
  role: ApiKeyRole;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationCreateItemArgs = {
  image?: InputMaybe<Scalars['Upload']['input']>;
  input: ItemInput;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationCreateRetrainScheduleArgs = {
  input: RetrainScheduleInput;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationDeleteRetrainScheduleArgs = {
  id: Scalars['ID']['input'];
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationDeleteUserArgs = {
  id: Scalars['ID']['input'];
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationMergeUsersArgs = {
  input: MergeUsersInput;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationPromoteModelVersionArgs = {
  id: Scalars['ID']['input'];
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationRecordInteractionArgs = {
  input: InteractionInput;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationRecordInteractionsArgs = {
  inputs: Array<InteractionInput>;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationRestoreItemArgs = {
  id: Scalars['ID']['input'];
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationRetryJobArgs = {
  id: Scalars['ID']['input'];
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationRollbackModelVersionArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationSetApiKeyRateLimitArgs = {
  id: Scalars['ID']['input'];
  perMinute?: InputMaybe<Scalars['Int']['input']>;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationStartModelTrialArgs = {
  newItemSlots?: InputMaybe<Scalars['Int']['input']>;
  newItemWithin?: InputMaybe<Scalars['Int']['input']>;
  plannedUsers?: InputMaybe<Scalars['Int']['input']>;
  promoteIfBetter?: InputMaybe<Scalars['Boolean']['input']>;
  share: Scalars['Float']['input'];
  stopIfWorse?: InputMaybe<Scalars['Boolean']['input']>;
  versionId: Scalars['ID']['input'];
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationStartTrainingArgs = {
  input?: InputMaybe<TrainingInput>;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationStopModelTrialArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationUpdateItemArgs = {
  id: Scalars['ID']['input'];
  image?: InputMaybe<Scalars['Upload']['input']>;
  input: ItemPatch;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationUpdateRetrainScheduleArgs = {
  id: Scalars['ID']['input'];
  input: RetrainSchedulePatch;
};


/** Writes: interactions, users, items and model promotion, each needing a role (see ApiKeyRole). */
export type MutationUpsertUserArgs = {
  input: UserInput;
};

/** Where a page of a list ends and whether more follows. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to get the next page; null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when at least one more element follows this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** How far back popularity counts. */
export const PopularityWindow = {
  ALL_TIME: 'ALL_TIME',
  DAY: 'DAY',
  MONTH: 'MONTH',
  WEEK: 'WEEK',
  YEAR: 'YEAR'
} as const;

export type PopularityWindow = typeof PopularityWindow[keyof typeof PopularityWindow];
/** Whether a version beats the active one under a policy, and why. */
export type PromotionJudgment = {
  __typename?: 'PromotionJudgment';
  /** The active version's value; null when none is active or its metrics lack it. */
  active?: Maybe<Scalars['Float']['output']>;
  /** The version it is compared with; null when none is active. */
  activeVersion?: Maybe<ModelVersion>;
  /** The version's value of the policy's metric (method mml); null when its metrics lack it. */
  candidate?: Maybe<Scalars['Float']['output']>;
  /** The popularity ranking's value in the version's own evaluation (what it is compared with when none is active); null when its metrics lack it. */
  popularity?: Maybe<Scalars['Float']['output']>;
  /** Whether the policy would promote it now. */
  promote: Scalars['Boolean']['output'];
  /** Why, with both numbers: what to do next, in a sentence. */
  reason: Scalars['String']['output'];
};

/** A metric of the cold-start evaluation. */
export const PromotionMetric = {
  MRR: 'MRR',
  NDCG: 'NDCG',
  RECALL: 'RECALL'
} as const;

export type PromotionMetric = typeof PromotionMetric[keyof typeof PromotionMetric];
/** What makes a version better than the active one (or, with none active, than popularity): its metric on new users, by more than minGain. */
export type PromotionPolicyInput = {
  /**
   * With no version active (popularity serves), the version must beat the popularity ranking of its own evaluation (same
   * split, users and metric) by more than minGain; false: any first version replaces popularity.
   */
  beatPopularity?: InputMaybe<Scalars['Boolean']['input']>;
  /** The cut-off: 5, 10 or 20. */
  k?: InputMaybe<Scalars['Int']['input']>;
  metric?: InputMaybe<PromotionMetric>;
  /** How much better, absolute, from 0 (any gain) to 1. */
  minGain?: InputMaybe<Scalars['Float']['input']>;
  /** New users' history length, a length the versions were evaluated at (default: the version's headline length, 10). */
  n?: InputMaybe<Scalars['Int']['input']>;
};

export type Query = {
  __typename?: 'Query';
  /** Every API key, revoked ones included, oldest first. Needs an ADMIN key. */
  apiKeys: Array<ApiKey>;
  /** Cold start now (see ColdStartStats). Needs a MERCHANDISER or ADMIN key. */
  coldStart: ColdStartStats;
  /** The service's state: database, catalog size, demo catalog import. */
  health: Health;
  /** One item by its id, or null when there is none. */
  item?: Maybe<Item>;
  /**
   * Whom an item reaches now (see ItemReach): one model run per user checked, so it takes a few milliseconds per user.
   * Needs a MERCHANDISER or ADMIN key.
   */
  itemReach: ItemReach;
  /** Items, a page at a time. */
  items: ItemConnection;
  /** One job by its id (`train:run-12`). Needs an ADMIN key, or MERCHANDISER for features and warm-up jobs. */
  job?: Maybe<Job>;
  /**
   * Jobs newest first (by creation; at the same instant by queue, then id), of the given queues (all by default) and
   * states (all by default), a page at a time. A page starts at most 10,000 jobs in: filter by queue or state to reach
   * older ones. Jobs queued or changing state between two pages shift the list: a page may repeat or skip one. The
   * states CANCELLED and UNKNOWN list nothing: their jobs are no longer in a queue. Needs an ADMIN key.
   */
  jobs: JobConnection;
  /**
   * Whether a version beats the active one under the policy (default NDCG@10 of new users with 10 events, any gain),
   * as automatic promotion judges it. Changes nothing. Needs an ADMIN key.
   */
  judgePromotion: PromotionJudgment;
  /** One trial, or NOT_FOUND; without an id, the running one (null when none runs). Needs an ADMIN key. */
  modelTrial?: Maybe<ModelTrial>;
  /** Trials, newest first, a page at a time. Needs an ADMIN key. */
  modelTrials: ModelTrialConnection;
  /** One model version, or NOT_FOUND. Needs an ADMIN key. */
  modelVersion?: Maybe<ModelVersion>;
  /** Model versions, newest first (by creation; the higher id first at the same instant), a page at a time. Needs an ADMIN key. */
  modelVersions: ModelVersionConnection;
  /**
   * The most-interacted active items in a time window. The counts are reused for up to 10 s (a little longer while
   * they are recounted), so a list may miss the last seconds' events; an archived item leaves it at once.
   */
  popularItems: Array<RecommendedItem>;
  /**
   * How the recommendations shown to users were followed, online: every list a FRONTEND key asked for a known user
   * (previews by other keys and anonymous sequences are not counted), grouped by the version that ranked it, the path
   * that made it and how many events the user had then (0, 1–2, 3–4, 5–9, 10–19, 20 or more). What a cold-start
   * platform is judged by: whether users with two or three events pick what they are shown. Versions active at
   * different times also saw different users and items: compare them over the same weeks where you can. Needs an
   * ADMIN key.
   */
  recommendationOutcomes: RecommendationOutcomes;
  /**
   * Recommendations for a user (by id) or for an anonymous visitor (the items they just looked at, oldest first).
   * Cold users, whose history is below the configured threshold, get few-shot adaptation to their events.
   * Without either argument, popular items. Needs a FRONTEND or MERCHANDISER key (or ADMIN).
   */
  recommendations: RecommendationList;
  /** Every retrain schedule, oldest first. Needs an ADMIN key. */
  retrainSchedules: Array<RetrainSchedule>;
  /** What this replica serves. */
  serving: Serving;
  /** Items most like this one, by the active model's item vectors (empty until a model version is active). */
  similarItems: Array<SimilarItem>;
  /** One user by id, or null when there is none. */
  user?: Maybe<User>;
  /** Users, a page at a time, in catalog order or most recently active first. */
  users: UserConnection;
  /**
   * The key this request was sent with (its name and role), or null without a valid key: how the console checks a key at
   * sign-in and decides what a person may see.
   */
  viewer?: Maybe<ApiKey>;
};


export type QueryColdStartArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryItemArgs = {
  id: Scalars['ID']['input'];
};


export type QueryItemReachArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  itemId: Scalars['ID']['input'];
  newItems?: InputMaybe<Scalars['Int']['input']>;
  users?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  genre?: InputMaybe<Scalars['String']['input']>;
  orderBy?: InputMaybe<ItemOrder>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  queues?: InputMaybe<Array<JobQueue>>;
  states?: InputMaybe<Array<JobState>>;
};


export type QueryJudgePromotionArgs = {
  id: Scalars['ID']['input'];
  policy?: InputMaybe<PromotionPolicyInput>;
};


export type QueryModelTrialArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryModelTrialsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryModelVersionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<ModelVersionStatus>;
};


export type QueryPopularItemsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  window?: InputMaybe<PopularityWindow>;
};


export type QueryRecommendationOutcomesArgs = {
  modelVersionId?: InputMaybe<Scalars['ID']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
  withinMinutes?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRecommendationsArgs = {
  excludeSeen?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<RecommendationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  newItems?: InputMaybe<Scalars['Int']['input']>;
  newItemsWithin?: InputMaybe<Scalars['Int']['input']>;
  recentItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type QuerySimilarItemsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  itemId: Scalars['ID']['input'];
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  cold?: InputMaybe<Scalars['Boolean']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<UserOrder>;
};

/**
 * A request rate limit. Requests to /graphql over it are refused with HTTP 429, code RATE_LIMITED and a Retry-After
 * header; every answer counted against one carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers.
 */
export type RateLimit = {
  __typename?: 'RateLimit';
  /** What one budget is counted over. */
  per: RateLimitScope;
  /** Requests a minute; null: no limit. */
  perMinute?: Maybe<Scalars['Int']['output']>;
  /** Whether the limit is the key's own or its role's. */
  source: RateLimitSource;
};

export const RateLimitScope = {
  /** Every request with the key, from anywhere (merchandiser and admin keys). */
  KEY: 'KEY',
  /** The key's requests from one client address (frontend keys, which ship in pages: one visitor cannot spend a shop's budget). */
  KEY_AND_ADDRESS: 'KEY_AND_ADDRESS'
} as const;

export type RateLimitScope = typeof RateLimitScope[keyof typeof RateLimitScope];
export const RateLimitSource = {
  /** Set for this key (setApiKeyRateLimit, or `fewshot keys limit`). */
  KEY: 'KEY',
  /** The role's, from the api's configuration (FEWSHOT_RATE_LIMIT_FRONTEND, _MERCHANDISER, _ADMIN). */
  ROLE: 'ROLE'
} as const;

export type RateLimitSource = typeof RateLimitSource[keyof typeof RateLimitSource];
/** Narrows recommendations. */
export type RecommendationFilter = {
  /** Never these items. */
  excludeItemIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only items with at least one of these genres (case-insensitive). */
  genres?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A ranked list of items for one user or one anonymous sequence, with why it looks the way it does. */
export type RecommendationList = {
  __typename?: 'RecommendationList';
  /** The fusion weights: which learner drove this list. Null when popularity served. */
  explanation?: Maybe<ModalityWeights>;
  /**
   * True when the user was cold and the model adapted to their few events before ranking (few-shot path): from the
   * version's bounded.minHistory events on (3 by default); shorter histories are ranked by the meta-trained model as it is.
   */
  fewShot: Scalars['Boolean']['output'];
  /**
   * Why the few-shot path ran or did not, in words: a warm user (as many events as FEWSHOT_COLD_THRESHOLD or more), too
   * short a history for this version (its bounded.minHistory), or events on items added after its training. Null when
   * popularity served.
   */
  fewShotReason?: Maybe<Scalars['String']['output']>;
  /** How many events the user's history holds (the sequence's length for anonymous requests). */
  historyLength: Scalars['Int']['output'];
  items: Array<RecommendedItem>;
  /** The model version that served, when one did. */
  modelVersion?: Maybe<ModelVersion>;
  /** Why popularity served, when it did (e.g. `no model version is active yet`); null when the model did. */
  reason?: Maybe<Scalars['String']['output']>;
  source: RecommendationSource;
};

/**
 * How the lists of one model version, one path and one range of history lengths were followed. A list is followed when
 * its user had an event on one of its items within `withinMinutes` after it was served.
 */
export type RecommendationOutcome = {
  __typename?: 'RecommendationOutcome';
  /** followed / lists. */
  followRate: Scalars['Float']['output'];
  /** Lists followed by an event on one of their items. */
  followed: Scalars['Int']['output'];
  /** The fewest events the lists' users had when served. */
  historyFrom: Scalars['Int']['output'];
  /** The most (null: no upper bound). */
  historyTo?: Maybe<Scalars['Int']['output']>;
  /**
   * Lists shown (of those recorded: FEWSHOT_SERVED_LIST_SAMPLE). The same list shown to the same user again within 30
   * minutes (a reload) is one list.
   */
  lists: Scalars['Int']['output'];
  /** Mean over the lists of 1 / the rank of the best-ranked item the user then had an event on (0 when none). */
  meanReciprocalRank: Scalars['Float']['output'];
  /** The version that ranked the lists; null for lists counted while no version was active. */
  modelVersion?: Maybe<ModelVersion>;
  path: RecommendationPath;
  /** Lists served less than `withinMinutes` ago: they may still be followed, so the rates can still rise. */
  stillOpen: Scalars['Int']['output'];
};

/** The outcomes of a time range, and how they were measured. */
export type RecommendationOutcomes = {
  __typename?: 'RecommendationOutcomes';
  /** Days a recorded list is kept (FEWSHOT_SERVED_LIST_DAYS): earlier ranges have nothing left to count. */
  retentionDays: Scalars['Int']['output'];
  /** One row per model version, path and history range that served lists in the range; the busiest version first. */
  rows: Array<RecommendationOutcome>;
  /** Share of the lists recorded in this api process (FEWSHOT_SERVED_LIST_SAMPLE). */
  sample: Scalars['Float']['output'];
  since: Scalars['DateTime']['output'];
  until: Scalars['DateTime']['output'];
  withinMinutes: Scalars['Int']['output'];
};

/** How a list was made. */
export const RecommendationPath = {
  /** The model as meta-trained, for a cold user with fewer events than the version adapts from. */
  COLD_UNADAPTED: 'COLD_UNADAPTED',
  /** The model adapted to a cold user's few events before ranking (the few-shot path). */
  FEW_SHOT: 'FEW_SHOT',
  /** Counts: the user had no history the model knows (RecommendationList.reason says which count). */
  NO_HISTORY: 'NO_HISTORY',
  /** Counts: no model version was active. */
  NO_MODEL: 'NO_MODEL',
  /** The model as trained, for a warm user (as many events as FEWSHOT_COLD_THRESHOLD or more). */
  WARM: 'WARM'
} as const;

export type RecommendationPath = typeof RecommendationPath[keyof typeof RecommendationPath];
/** What produced a list of recommendations. */
export const RecommendationSource = {
  /** The active model version (MML): personalised, with fusion weights as the explanation. */
  MODEL: 'MODEL',
  /**
   * Most-interacted items: no model version is active (all-time counts), or there was no history to personalise from
   * (the count the active version's training chose for users without history: all time, the last days of activity,
   * or each user's first events; `reason` names it).
   */
  POPULARITY: 'POPULARITY'
} as const;

export type RecommendationSource = typeof RecommendationSource[keyof typeof RecommendationSource];
/** One recommended item and where it ranks. */
export type RecommendedItem = {
  __typename?: 'RecommendedItem';
  /**
   * Added after the model version's training (new to it, and to the catalog since), placed by the item embedding
   * generator from its features, whether a slot placed it (`newItem`) or its rank did. A frontend may badge it as new.
   * False in popularity lists.
   */
  addedAfterTraining: Scalars['Boolean']['output'];
  /**
   * The item of the user's history (or the anonymous sequence) this one is most like, by the measure `similarItems`
   * ranks by, among the events the model read (the most recent, up to the version's sequence length: 50 by default): a
   * reason a person can read, "because you watched …".
   * Null in popularity lists.
   */
  because?: Maybe<Item>;
  /** How alike the two are (−1 to 1): a weak likeness makes a weak reason. Null with `because`. */
  becauseSimilarity?: Maybe<Scalars['Float']['output']>;
  item: Item;
  /**
   * Placed in a slot kept for items new to the model version (`newItems`, `newToVersion`), not by its rank among all
   * items: its score may be below the next item's.
   */
  newItem: Scalars['Boolean']['output'];
  /**
   * New to the model version: added after its training, or in the catalog then without an event its training saw.
   * The version learned nothing from the item's events (the item embedding generator placed it from its features), so
   * it rarely outranks what users picked: new-item slots are for such items. True whether a slot placed it (`newItem`)
   * or its rank did. False in popularity lists.
   */
  newToVersion: Scalars['Boolean']['output'];
  /** 1 for the best. */
  rank: Scalars['Int']['output'];
  /** The model's fused score (standardised across items), or the interaction count when popularity served. */
  score: Scalars['Float']['output'];
};

/** The outcome of recording one event. */
export type RecordInteractionPayload = {
  __typename?: 'RecordInteractionPayload';
  /** False when an event with this clientEventId was already recorded: nothing new was written. */
  created: Scalars['Boolean']['output'];
  interaction: Interaction;
};

/** The outcome of recording a batch. */
export type RecordInteractionsPayload = {
  __typename?: 'RecordInteractionsPayload';
  /** Events whose clientEventId was already recorded (written before, not again). */
  duplicates: Scalars['Int']['output'];
  /** Every event of the batch, in input order. */
  interactions: Array<Interaction>;
  /** Events written by this call. */
  recorded: Scalars['Int']['output'];
};

/** A recurring retrain: at every time its cron expression names, a training of a new model version is queued. */
export type RetrainSchedule = {
  __typename?: 'RetrainSchedule';
  /** Whether its trainings are promoted when they beat the active version. */
  autoPromote: Scalars['Boolean']['output'];
  /** Overrides of the MML settings its trainings use. */
  config?: Maybe<Scalars['JSON']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Five fields: minute hour day-of-month month day-of-week, e.g. `0 3 * * *` (03:00 daily). */
  cron: Scalars['String']['output'];
  /** A disabled schedule queues nothing until enabled again. */
  enabled: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** When it last queued a training. */
  lastRunAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** When it next queues one (null while disabled). */
  nextRunAt?: Maybe<Scalars['DateTime']['output']>;
  /** The IANA time zone the expression is read in. */
  timezone: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type RetrainScheduleInput = {
  autoPromote?: InputMaybe<Scalars['Boolean']['input']>;
  /** Overrides of the MML settings (a JSON object, at most 16 KB). */
  config?: InputMaybe<Scalars['JSON']['input']>;
  /** Five-field cron expression; runs must be at least 15 minutes apart. */
  cron: Scalars['String']['input'];
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** A name people recognise, at most 200 characters. */
  name: Scalars['String']['input'];
  /** IANA time zone, default UTC. */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a schedule: a field left out stays as it is. */
export type RetrainSchedulePatch = {
  autoPromote?: InputMaybe<Scalars['Boolean']['input']>;
  /** Replaces the settings overrides (null clears them). */
  config?: InputMaybe<Scalars['JSON']['input']>;
  cron?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  timezone?: InputMaybe<Scalars['String']['input']>;
};

/** A list of recommendations a frontend showed the user, and whether the user followed it. */
export type ServedList = {
  __typename?: 'ServedList';
  /** The first event on one of its items within `withinMinutes` after it; null when none (yet). */
  followed?: Maybe<ServedListFollow>;
  /** How many events the user had when it was shown. */
  historyLength: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  items: Array<ServedListItem>;
  /** The version that ranked it; null when counts served it while no version was active. */
  modelVersion?: Maybe<ModelVersion>;
  /** Its window has not closed: an event may still follow it. */
  open: Scalars['Boolean']['output'];
  path: RecommendationPath;
  servedAt: Scalars['DateTime']['output'];
};

/** A page of the lists a user was shown. */
export type ServedListConnection = {
  __typename?: 'ServedListConnection';
  nodes: Array<ServedList>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** The user's first event on one of a list's items within the window after it: what followed the list. */
export type ServedListFollow = {
  __typename?: 'ServedListFollow';
  /** Null when the item has been deleted since. */
  item?: Maybe<Item>;
  /** Minutes from the list to the event. */
  minutesAfter: Scalars['Float']['output'];
  occurredAt: Scalars['DateTime']['output'];
  /** Its rank in the list. */
  rank: Scalars['Int']['output'];
};

/** One item of a list a user was shown. */
export type ServedListItem = {
  __typename?: 'ServedListItem';
  /**
   * The same as newToVersion: lists record which of their items were new to their version, not why.
   * @deprecated Use newToVersion: a list records the items new to its version, added after its training or without events in it.
   */
  addedAfterTraining: Scalars['Boolean']['output'];
  /** Null when the item has been deleted since. */
  item?: Maybe<Item>;
  /**
   * The item was new to the version that ranked the list (`RecommendedItem.newToVersion`): added after its training, or
   * without events in it. Lists served before new items included the latter recorded only items added after training.
   */
  newToVersion: Scalars['Boolean']['output'];
  /** 1 for the first. */
  rank: Scalars['Int']['output'];
};

/** What serves recommendations on this replica. */
export type Serving = {
  __typename?: 'Serving';
  /** Items the served model can rank. */
  catalogItems: Scalars['Int']['output'];
  /** Users with fewer events than this are cold: the few-shot path serves them (FEWSHOT_COLD_THRESHOLD; `users(cold: true)`). */
  coldThreshold: Scalars['Int']['output'];
  /** Why the active version is not serving (its artifact was refused), when that is so. */
  error?: Maybe<Scalars['String']['output']>;
  /** The version this replica serves; null while popularity serves. */
  modelVersion?: Maybe<ModelVersion>;
  /** New-item slots kept in each model-served list when a request does not say (FEWSHOT_NEW_ITEM_SLOTS; `recommendations(newItems)`). */
  newItemSlots: Scalars['Int']['output'];
  /** Only new items ranked within the top this-many fill them when a request does not say (FEWSHOT_NEW_ITEM_WITHIN; `recommendations(newItemsWithin)`); null: any. */
  newItemWithin?: Maybe<Scalars['Int']['output']>;
  /** The onnxruntime execution provider that runs the model (`cpu`, `cuda`, `webgpu`). */
  provider?: Maybe<Scalars['String']['output']>;
  /** The running trial as this replica serves it; null when none runs, or its version could not be loaded here (see trialError). */
  trial?: Maybe<ModelTrial>;
  /** Why the running trial's version is not serving on this replica (its users get the active version meanwhile). */
  trialError?: Maybe<Scalars['String']['output']>;
};

/** An item close to another one, by the active model's item vectors. */
export type SimilarItem = {
  __typename?: 'SimilarItem';
  item: Item;
  /** Cosine similarity of the two items' vectors, averaged over the model's learners (−1 to 1). */
  similarity: Scalars['Float']['output'];
};

/** What a new training uses and does when it finishes. */
export type TrainingInput = {
  /** Promote the new version when it beats the active one on the policy's metric (with none active, popularity in its own evaluation). */
  autoPromote?: InputMaybe<Scalars['Boolean']['input']>;
  /** Overrides of the MML settings (see DEFAULT_MML_CONFIG), a JSON object of at most 16 KB. */
  config?: InputMaybe<Scalars['JSON']['input']>;
  /** What the evaluation measures; default new users with 5, 10 and 20 events, headline 10. */
  evaluation?: InputMaybe<EvaluationInput>;
  /** The version's display name (default: "mml" and the time). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** What "beats" means for autoPromote; default NDCG@10 of new users with 10 events, any gain. */
  policy?: InputMaybe<PromotionPolicyInput>;
};

/** One attempt to train a model version, with its job's progress. */
export type TrainingRun = {
  __typename?: 'TrainingRun';
  createdAt: Scalars['DateTime']['output'];
  /** Why it FAILED. */
  error?: Maybe<Scalars['String']['output']>;
  /** While RUNNING: when it will likely end, read from its pace so far (null in its first 10 s and once it ended). */
  estimatedFinishAt?: Maybe<Scalars['DateTime']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The queue job that runs it (see Query.job), for the worker's logs. */
  jobId?: Maybe<Scalars['String']['output']>;
  /** What it is doing, or (once SUCCEEDED) the users, items and events it trained on. */
  message?: Maybe<Scalars['String']['output']>;
  /** 0 to 1, of the whole training. */
  progress: Scalars['Float']['output'];
  /** What it measured: seconds per stage and the learning curves of every stage; null until it finished. */
  report?: Maybe<Scalars['JSON']['output']>;
  /** The stage running now, or the one it stopped at (`pretrain:id`, `meta:text`, `generator`, `fusion`, `evaluate`, `done`). */
  stage?: Maybe<Scalars['String']['output']>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: TrainingRunStatus;
};

export { TrainingRunStatus };

/** One arm's lists: those shown to the users drawn into it, whichever replica or version answered. */
export type TrialArm = {
  __typename?: 'TrialArm';
  /** followed / lists; null without lists. */
  followRate?: Maybe<Scalars['Float']['output']>;
  /** Lists followed by an event on one of their items within `withinMinutes`. */
  followed: Scalars['Int']['output'];
  /** Lists shown (a reload of the same list is one list, as in recommendationOutcomes). */
  lists: Scalars['Int']['output'];
  /** Mean over the lists of 1 / the rank of the best-ranked item the user then had an event on (0 when none). */
  meanReciprocalRank?: Maybe<Scalars['Float']['output']>;
  /** newItemFollowed / lists; null without lists. */
  newItemFollowRate?: Maybe<Scalars['Float']['output']>;
  /** Lists followed on such an item within `withinMinutes`: events the items new to the version got from the arm. */
  newItemFollowed: Scalars['Int']['output'];
  /**
   * Lists that showed an item new to their version (`RecommendedItem.newToVersion`: added after its training, or
   * without events in it; in a new-item slot or by its own score). Lists recorded before these were kept count none.
   */
  newItemLists: Scalars['Int']['output'];
  /** Users who were shown lists. */
  users: Scalars['Int']['output'];
};

/** The two arms compared, over all the users or over those with some number of events when served. */
export type TrialComparison = {
  __typename?: 'TrialComparison';
  candidate: TrialArm;
  control: TrialArm;
  /** Candidate − control follow rate; null until each arm has lists from two users. */
  followRateDifference?: Maybe<TrialEstimate>;
  /** The fewest events the lists' users had when served (0 over all). */
  historyFrom: Scalars['Int']['output'];
  /** The most (null: no upper bound). */
  historyTo?: Maybe<Scalars['Int']['output']>;
  /** Candidate − control mean reciprocal rank; null until each arm has lists from two users. */
  meanReciprocalRankDifference?: Maybe<TrialEstimate>;
  /**
   * Candidate − control newItemFollowRate: how much more often the candidate's lists gave an item new to its version
   * an event (what new-item slots are for); null until each arm has lists from two users.
   */
  newItemFollowRateDifference?: Maybe<TrialEstimate>;
};

/**
 * A difference between the arms, candidate − control, with its always-valid 95% interval: over users (one user's lists
 * are not independent), cut to [−1, 1], and valid however often it is read and whenever the trial is stopped (an
 * asymptotic confidence sequence, tightest at the trial's plannedUsers). It is wider than a one-look interval, which
 * would be `value ± 1.96 × standardError` and is only right when read once, at a size fixed in advance.
 */
export type TrialEstimate = {
  __typename?: 'TrialEstimate';
  high: Scalars['Float']['output'];
  low: Scalars['Float']['output'];
  /** The difference's standard error over users. */
  standardError: Scalars['Float']['output'];
  value: Scalars['Float']['output'];
};

/** The overall follow-rate difference of a trial as it stood at one moment. */
export type TrialMoment = {
  __typename?: 'TrialMoment';
  at: Scalars['DateTime']['output'];
  /** Candidate − control, with its interval; null before each arm had lists from two users. */
  followRateDifference?: Maybe<TrialEstimate>;
  /** Users shown a list a model ranked by then, both arms. */
  users: Scalars['Int']['output'];
};

/**
 * Whether a trial's users split into its arms as its share drew them (a sample-ratio check). Users are drawn by a hash
 * of their id, so the split drifts from the share only when something treats the arms differently after the draw: one
 * arm's lists lost, replicas that disagree on the trial, or the candidate changing who comes back to be counted. Then
 * the arms are no longer the same population and their comparison says nothing about the version; a guardrail never
 * promotes on it. The test (a Dirichlet-multinomial mixture likelihood ratio, Lindon & Malek 2022) is valid however
 * often it is read, like the comparison's interval.
 */
export type TrialSampleRatio = {
  __typename?: 'TrialSampleRatio';
  /** The share counted in the candidate's arm; null before anyone is counted. */
  candidateShare?: Maybe<Scalars['Float']['output']>;
  candidateUsers: Scalars['Int']['output'];
  controlUsers: Scalars['Int']['output'];
  /** The share of users the trial draws into its candidate's arm. */
  expectedCandidateShare: Scalars['Float']['output'];
  /** pValue is below 0.001: the arms are not the split the trial drew. */
  mismatch: Scalars['Boolean']['output'];
  /** The p-value of "the users split as drawn", valid at every look; once low it stays low (1: no evidence against it). */
  pValue: Scalars['Float']['output'];
};

/** Someone who interacts with items. */
export type User = {
  __typename?: 'User';
  /** Profile attributes as imported. */
  attributes: Scalars['JSON']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** When the user's first interaction happened (how new they are to the platform); null without any. */
  firstActiveAt?: Maybe<Scalars['DateTime']['output']>;
  /** The user's id in the client's system. */
  id: Scalars['ID']['output'];
  /** How many interactions the user has: below a few, the user is cold. */
  interactionCount: Scalars['Int']['output'];
  /** The user's history, most recent first. */
  interactions: InteractionConnection;
  /** When the user's latest interaction happened; null without any. */
  lastActiveAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * The lists a frontend showed the user, newest first: those recorded (FEWSHOT_SERVED_LIST_SAMPLE; the console's
   * previews are not) and kept (FEWSHOT_SERVED_LIST_DAYS), each with what followed it, judged as
   * recommendationOutcomes judges lists. Needs a MERCHANDISER or ADMIN key.
   */
  servedLists: ServedListConnection;
};


/** Someone who interacts with items. */
export type UserInteractionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Someone who interacts with items. */
export type UserServedListsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  withinMinutes?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of users. */
export type UserConnection = {
  __typename?: 'UserConnection';
  nodes: Array<User>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** A user to create or update. */
export type UserInput = {
  /** Profile attributes (replaced as a whole when given). */
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  /** The user's id in the client's system. */
  id: Scalars['ID']['input'];
};

/** How a list of users is ordered. */
export const UserOrder = {
  /** Catalog order: the first imported or created first. */
  OLDEST: 'OLDEST',
  /** By their latest interaction, most recent first; users without any are left out (and out of totalCount). */
  RECENTLY_ACTIVE: 'RECENTLY_ACTIVE'
} as const;

export type UserOrder = typeof UserOrder[keyof typeof UserOrder];


export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ApiKey: ResolverTypeWrapper<ApiKeyRow>;
  ApiKeyRole: ApiKeyRole;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CatalogStats: ResolverTypeWrapper<CatalogStats>;
  ColdStartStats: ResolverTypeWrapper<ColdStartStatsRow>;
  CreatedApiKey: ResolverTypeWrapper<Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteUserPayload: ResolverTypeWrapper<DeleteUserPayload>;
  EvaluationInput: EvaluationInput;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Health: ResolverTypeWrapper<Health>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Interaction: ResolverTypeWrapper<InteractionRow>;
  InteractionConnection: ResolverTypeWrapper<Omit<InteractionConnection, 'nodes'> & { nodes: Array<ResolversTypes['Interaction']> }>;
  InteractionInput: InteractionInput;
  InteractionKind: InteractionKind;
  Item: ResolverTypeWrapper<ItemRow>;
  ItemConnection: ResolverTypeWrapper<Omit<ItemConnection, 'nodes'> & { nodes: Array<ResolversTypes['Item']> }>;
  ItemFeature: ResolverTypeWrapper<ItemFeature>;
  ItemFeatureOutcome: ResolverTypeWrapper<ItemFeatureOutcome>;
  ItemInput: ItemInput;
  ItemOrder: ItemOrder;
  ItemPatch: ItemPatch;
  ItemPayload: ResolverTypeWrapper<Omit<ItemPayload, 'item' | 'job'> & { item: ResolversTypes['Item'], job?: Maybe<ResolversTypes['Job']> }>;
  ItemReach: ResolverTypeWrapper<ItemReachRow>;
  ItemReachPath: ResolverTypeWrapper<ItemReachPath>;
  ItemReachRange: ResolverTypeWrapper<ItemReachRange>;
  ItemReachUser: ResolverTypeWrapper<ItemReachUserRow>;
  ItemStatus: ItemStatus;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<JobRow>;
  JobConnection: ResolverTypeWrapper<Omit<JobConnection, 'nodes'> & { nodes: Array<ResolversTypes['Job']> }>;
  JobProgress: ResolverTypeWrapper<JobProgress>;
  JobQueue: JobQueue;
  JobState: JobState;
  MergeUsersInput: MergeUsersInput;
  MergeUsersPayload: ResolverTypeWrapper<Omit<MergeUsersPayload, 'user'> & { user: ResolversTypes['User'] }>;
  ModalityWeights: ResolverTypeWrapper<ModalityWeights>;
  ModelTrial: ResolverTypeWrapper<ModelTrialRow>;
  ModelTrialConnection: ResolverTypeWrapper<Omit<ModelTrialConnection, 'nodes'> & { nodes: Array<ResolversTypes['ModelTrial']> }>;
  ModelTrialResults: ResolverTypeWrapper<ModelTrialResults>;
  ModelTrialStatus: ModelTrialStatus;
  ModelVersion: ResolverTypeWrapper<ModelVersionRow>;
  ModelVersionConnection: ResolverTypeWrapper<Omit<ModelVersionConnection, 'nodes'> & { nodes: Array<ResolversTypes['ModelVersion']> }>;
  ModelVersionStatus: ModelVersionStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PopularityWindow: PopularityWindow;
  PromotionJudgment: ResolverTypeWrapper<Omit<PromotionJudgment, 'activeVersion'> & { activeVersion?: Maybe<ResolversTypes['ModelVersion']> }>;
  PromotionMetric: PromotionMetric;
  PromotionPolicyInput: PromotionPolicyInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RateLimit: ResolverTypeWrapper<RateLimit>;
  RateLimitScope: RateLimitScope;
  RateLimitSource: RateLimitSource;
  RecommendationFilter: RecommendationFilter;
  RecommendationList: ResolverTypeWrapper<RecommendationListRow>;
  RecommendationOutcome: ResolverTypeWrapper<Omit<RecommendationOutcome, 'modelVersion'> & { modelVersion?: Maybe<ResolversTypes['ModelVersion']> }>;
  RecommendationOutcomes: ResolverTypeWrapper<Omit<RecommendationOutcomes, 'rows'> & { rows: Array<ResolversTypes['RecommendationOutcome']> }>;
  RecommendationPath: RecommendationPath;
  RecommendationSource: RecommendationSource;
  RecommendedItem: ResolverTypeWrapper<RecommendedItemRow>;
  RecordInteractionPayload: ResolverTypeWrapper<Omit<RecordInteractionPayload, 'interaction'> & { interaction: ResolversTypes['Interaction'] }>;
  RecordInteractionsPayload: ResolverTypeWrapper<Omit<RecordInteractionsPayload, 'interactions'> & { interactions: Array<ResolversTypes['Interaction']> }>;
  RetrainSchedule: ResolverTypeWrapper<RetrainScheduleRow>;
  RetrainScheduleInput: RetrainScheduleInput;
  RetrainSchedulePatch: RetrainSchedulePatch;
  ServedList: ResolverTypeWrapper<ServedListRow>;
  ServedListConnection: ResolverTypeWrapper<Omit<ServedListConnection, 'nodes'> & { nodes: Array<ResolversTypes['ServedList']> }>;
  ServedListFollow: ResolverTypeWrapper<ServedListFollowRow>;
  ServedListItem: ResolverTypeWrapper<ServedListItemRow>;
  Serving: ResolverTypeWrapper<Omit<Serving, 'modelVersion' | 'trial'> & { modelVersion?: Maybe<ResolversTypes['ModelVersion']>, trial?: Maybe<ResolversTypes['ModelTrial']> }>;
  SimilarItem: ResolverTypeWrapper<SimilarItemRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  TrainingInput: TrainingInput;
  TrainingRun: ResolverTypeWrapper<TrainingRun>;
  TrainingRunStatus: TrainingRunStatus;
  TrialArm: ResolverTypeWrapper<TrialArm>;
  TrialComparison: ResolverTypeWrapper<TrialComparison>;
  TrialEstimate: ResolverTypeWrapper<TrialEstimate>;
  TrialMoment: ResolverTypeWrapper<TrialMoment>;
  TrialSampleRatio: ResolverTypeWrapper<TrialSampleRatio>;
  Upload: ResolverTypeWrapper<Scalars['Upload']['output']>;
  User: ResolverTypeWrapper<UserRow>;
  UserConnection: ResolverTypeWrapper<Omit<UserConnection, 'nodes'> & { nodes: Array<ResolversTypes['User']> }>;
  UserInput: UserInput;
  UserOrder: UserOrder;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ApiKey: ApiKeyRow;
  Boolean: Scalars['Boolean']['output'];
  CatalogStats: CatalogStats;
  ColdStartStats: ColdStartStatsRow;
  CreatedApiKey: Omit<CreatedApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  DateTime: Scalars['DateTime']['output'];
  DeleteUserPayload: DeleteUserPayload;
  EvaluationInput: EvaluationInput;
  Float: Scalars['Float']['output'];
  Health: Health;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Interaction: InteractionRow;
  InteractionConnection: Omit<InteractionConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Interaction']> };
  InteractionInput: InteractionInput;
  Item: ItemRow;
  ItemConnection: Omit<ItemConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Item']> };
  ItemFeature: ItemFeature;
  ItemFeatureOutcome: ItemFeatureOutcome;
  ItemInput: ItemInput;
  ItemPatch: ItemPatch;
  ItemPayload: Omit<ItemPayload, 'item' | 'job'> & { item: ResolversParentTypes['Item'], job?: Maybe<ResolversParentTypes['Job']> };
  ItemReach: ItemReachRow;
  ItemReachPath: ItemReachPath;
  ItemReachRange: ItemReachRange;
  ItemReachUser: ItemReachUserRow;
  JSON: Scalars['JSON']['output'];
  Job: JobRow;
  JobConnection: Omit<JobConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Job']> };
  JobProgress: JobProgress;
  MergeUsersInput: MergeUsersInput;
  MergeUsersPayload: Omit<MergeUsersPayload, 'user'> & { user: ResolversParentTypes['User'] };
  ModalityWeights: ModalityWeights;
  ModelTrial: ModelTrialRow;
  ModelTrialConnection: Omit<ModelTrialConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['ModelTrial']> };
  ModelTrialResults: ModelTrialResults;
  ModelVersion: ModelVersionRow;
  ModelVersionConnection: Omit<ModelVersionConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['ModelVersion']> };
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PromotionJudgment: Omit<PromotionJudgment, 'activeVersion'> & { activeVersion?: Maybe<ResolversParentTypes['ModelVersion']> };
  PromotionPolicyInput: PromotionPolicyInput;
  Query: Record<PropertyKey, never>;
  RateLimit: RateLimit;
  RecommendationFilter: RecommendationFilter;
  RecommendationList: RecommendationListRow;
  RecommendationOutcome: Omit<RecommendationOutcome, 'modelVersion'> & { modelVersion?: Maybe<ResolversParentTypes['ModelVersion']> };
  RecommendationOutcomes: Omit<RecommendationOutcomes, 'rows'> & { rows: Array<ResolversParentTypes['RecommendationOutcome']> };
  RecommendedItem: RecommendedItemRow;
  RecordInteractionPayload: Omit<RecordInteractionPayload, 'interaction'> & { interaction: ResolversParentTypes['Interaction'] };
  RecordInteractionsPayload: Omit<RecordInteractionsPayload, 'interactions'> & { interactions: Array<ResolversParentTypes['Interaction']> };
  RetrainSchedule: RetrainScheduleRow;
  RetrainScheduleInput: RetrainScheduleInput;
  RetrainSchedulePatch: RetrainSchedulePatch;
  ServedList: ServedListRow;
  ServedListConnection: Omit<ServedListConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['ServedList']> };
  ServedListFollow: ServedListFollowRow;
  ServedListItem: ServedListItemRow;
  Serving: Omit<Serving, 'modelVersion' | 'trial'> & { modelVersion?: Maybe<ResolversParentTypes['ModelVersion']>, trial?: Maybe<ResolversParentTypes['ModelTrial']> };
  SimilarItem: SimilarItemRow;
  String: Scalars['String']['output'];
  TrainingInput: TrainingInput;
  TrainingRun: TrainingRun;
  TrialArm: TrialArm;
  TrialComparison: TrialComparison;
  TrialEstimate: TrialEstimate;
  TrialMoment: TrialMoment;
  TrialSampleRatio: TrialSampleRatio;
  Upload: Scalars['Upload']['output'];
  User: UserRow;
  UserConnection: Omit<UserConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['User']> };
  UserInput: UserInput;
};

export type ApiKeyResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rateLimit?: Resolver<ResolversTypes['RateLimit'], ParentType, ContextType>;
  rateLimitPerMinute?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  refusedLastDay?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['ApiKeyRole'], ParentType, ContextType>;
};

export type ApiKeyRoleResolvers = EnumResolverSignature<{ ADMIN?: any, FRONTEND?: any, MERCHANDISER?: any }, ResolversTypes['ApiKeyRole']>;

export type CatalogStatsResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['CatalogStats'] = ResolversParentTypes['CatalogStats']> = {
  interactions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  interactionsLast7d?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  interactionsLast24h?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  items?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ColdStartStatsResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ColdStartStats'] = ResolversParentTypes['ColdStartStats']> = {
  activeUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  coldActiveUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  coldThreshold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  days?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  itemsWithoutTrainingEvents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  newItems?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  newItemsRecommendable?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  newItemsWaiting?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  newUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waitingItems?: Resolver<Array<ResolversTypes['Item']>, ParentType, ContextType>;
};

export type CreatedApiKeyResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = {
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteUserPayloadResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['DeleteUserPayload'] = ResolversParentTypes['DeleteUserPayload']> = {
  deletedInteractions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type HealthResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  catalog?: Resolver<ResolversTypes['CatalogStats'], ParentType, ContextType>;
  database?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seeding?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uptimeSeconds?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type InteractionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['Interaction'] = ResolversParentTypes['Interaction']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['InteractionKind'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type InteractionConnectionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['InteractionConnection'] = ResolversParentTypes['InteractionConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Interaction']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type InteractionKindResolvers = EnumResolverSignature<{ CART?: any, CLICK?: any, LIKE?: any, PURCHASE?: any, RATING?: any, VIEW?: any }, ResolversTypes['InteractionKind']>;

export type ItemResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = {
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  features?: Resolver<Array<ResolversTypes['ItemFeature']>, ParentType, ContextType>;
  genres?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageUri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  imageUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  interactionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ItemStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  year?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type ItemConnectionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ItemConnection'] = ResolversParentTypes['ItemConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Item']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ItemFeatureResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ItemFeature'] = ResolversParentTypes['ItemFeature']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  encoder?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  modality?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ItemFeatureOutcomeResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ItemFeatureOutcome'] = ResolversParentTypes['ItemFeatureOutcome']> = {
  encoder?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  modality?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ItemPayloadResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ItemPayload'] = ResolversParentTypes['ItemPayload']> = {
  features?: Resolver<Array<ResolversTypes['ItemFeatureOutcome']>, ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recommendable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ItemReachResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ItemReach'] = ResolversParentTypes['ItemReach']> = {
  addedAfterTraining?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  alreadyHad?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  byPath?: Resolver<Array<ResolversTypes['ItemReachPath']>, ParentType, ContextType>;
  depth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  medianRank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  newItems?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  newToVersion?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  notRanked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rankRanges?: Resolver<Array<ResolversTypes['ItemReachRange']>, ParentType, ContextType>;
  reached?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reachedInNewItemSlot?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['ItemReachUser']>, ParentType, ContextType>;
  usersChecked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  usersWithHistory?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ItemReachPathResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ItemReachPath'] = ResolversParentTypes['ItemReachPath']> = {
  path?: Resolver<ResolversTypes['RecommendationPath'], ParentType, ContextType>;
  reached?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ItemReachRangeResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ItemReachRange'] = ResolversParentTypes['ItemReachRange']> = {
  from?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ItemReachUserResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ItemReachUser'] = ResolversParentTypes['ItemReachUser']> = {
  historyLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  inNewItemSlot?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['RecommendationPath'], ParentType, ContextType>;
  position?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type ItemStatusResolvers = EnumResolverSignature<{ ACTIVE?: any, ARCHIVED?: any }, ResolversTypes['ItemStatus']>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  data?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  logs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, RequireFields<JobLogsArgs, 'last'>>;
  maxAttempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['JobProgress']>, ParentType, ContextType>;
  queue?: Resolver<ResolversTypes['JobQueue'], ParentType, ContextType>;
  result?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['JobState'], ParentType, ContextType>;
  trainingRun?: Resolver<Maybe<ResolversTypes['TrainingRun']>, ParentType, ContextType>;
};

export type JobConnectionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['JobConnection'] = ResolversParentTypes['JobConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Job']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type JobProgressResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['JobProgress'] = ResolversParentTypes['JobProgress']> = {
  finishesAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  fraction?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MergeUsersPayloadResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['MergeUsersPayload'] = ResolversParentTypes['MergeUsersPayload']> = {
  movedInteractions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type ModalityWeightsResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ModalityWeights'] = ResolversParentTypes['ModalityWeights']> = {
  id?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  image?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type ModelTrialResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ModelTrial'] = ResolversParentTypes['ModelTrial']> = {
  candidate?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  control?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  endReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  newItemSlots?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  newItemWithin?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  plannedUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  promoteIfBetter?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  results?: Resolver<ResolversTypes['ModelTrialResults'], ParentType, ContextType, RequireFields<ModelTrialResultsArgs, 'withinMinutes'>>;
  share?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ModelTrialStatus'], ParentType, ContextType>;
  stopIfWorse?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  timeline?: Resolver<Array<ResolversTypes['TrialMoment']>, ParentType, ContextType, RequireFields<ModelTrialTimelineArgs, 'points' | 'withinMinutes'>>;
};

export type ModelTrialConnectionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ModelTrialConnection'] = ResolversParentTypes['ModelTrialConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['ModelTrial']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ModelTrialResultsResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ModelTrialResults'] = ResolversParentTypes['ModelTrialResults']> = {
  byHistory?: Resolver<Array<ResolversTypes['TrialComparison']>, ParentType, ContextType>;
  followRateHalfWidthAtPlan?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  otherVersionLists?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  overall?: Resolver<ResolversTypes['TrialComparison'], ParentType, ContextType>;
  planReachedAround?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  plannedUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sampleRatio?: Resolver<ResolversTypes['TrialSampleRatio'], ParentType, ContextType>;
  since?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  stillOpen?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  until?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  withinMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ModelTrialStatusResolvers = EnumResolverSignature<{ PROMOTED?: any, RUNNING?: any, STOPPED?: any, SUPERSEDED?: any }, ResolversTypes['ModelTrialStatus']>;

export type ModelVersionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ModelVersion'] = ResolversParentTypes['ModelVersion']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  encoders?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metrics?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  promotedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  retiredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ModelVersionStatus'], ParentType, ContextType>;
  trainingRun?: Resolver<Maybe<ResolversTypes['TrainingRun']>, ParentType, ContextType>;
};

export type ModelVersionConnectionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ModelVersionConnection'] = ResolversParentTypes['ModelVersionConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ModelVersionStatusResolvers = EnumResolverSignature<{ ACTIVE?: any, FAILED?: any, READY?: any, RETIRED?: any, TRAINING?: any }, ResolversTypes['ModelVersionStatus']>;

export type MutationResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  archiveItem?: Resolver<ResolversTypes['ItemPayload'], ParentType, ContextType, RequireFields<MutationArchiveItemArgs, 'id'>>;
  cancelJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationCancelJobArgs, 'id'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'name' | 'role'>>;
  createItem?: Resolver<ResolversTypes['ItemPayload'], ParentType, ContextType, RequireFields<MutationCreateItemArgs, 'input'>>;
  createRetrainSchedule?: Resolver<ResolversTypes['RetrainSchedule'], ParentType, ContextType, RequireFields<MutationCreateRetrainScheduleArgs, 'input'>>;
  deleteRetrainSchedule?: Resolver<ResolversTypes['RetrainSchedule'], ParentType, ContextType, RequireFields<MutationDeleteRetrainScheduleArgs, 'id'>>;
  deleteUser?: Resolver<ResolversTypes['DeleteUserPayload'], ParentType, ContextType, RequireFields<MutationDeleteUserArgs, 'id'>>;
  mergeUsers?: Resolver<ResolversTypes['MergeUsersPayload'], ParentType, ContextType, RequireFields<MutationMergeUsersArgs, 'input'>>;
  promoteModelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType, RequireFields<MutationPromoteModelVersionArgs, 'id'>>;
  recordInteraction?: Resolver<ResolversTypes['RecordInteractionPayload'], ParentType, ContextType, RequireFields<MutationRecordInteractionArgs, 'input'>>;
  recordInteractions?: Resolver<ResolversTypes['RecordInteractionsPayload'], ParentType, ContextType, RequireFields<MutationRecordInteractionsArgs, 'inputs'>>;
  restoreItem?: Resolver<ResolversTypes['ItemPayload'], ParentType, ContextType, RequireFields<MutationRestoreItemArgs, 'id'>>;
  retryJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationRetryJobArgs, 'id'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id'>>;
  rollbackModelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType, Partial<MutationRollbackModelVersionArgs>>;
  setApiKeyRateLimit?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationSetApiKeyRateLimitArgs, 'id'>>;
  startModelTrial?: Resolver<ResolversTypes['ModelTrial'], ParentType, ContextType, RequireFields<MutationStartModelTrialArgs, 'share' | 'versionId'>>;
  startTraining?: Resolver<ResolversTypes['Job'], ParentType, ContextType, Partial<MutationStartTrainingArgs>>;
  stopModelTrial?: Resolver<ResolversTypes['ModelTrial'], ParentType, ContextType, Partial<MutationStopModelTrialArgs>>;
  updateItem?: Resolver<ResolversTypes['ItemPayload'], ParentType, ContextType, RequireFields<MutationUpdateItemArgs, 'id' | 'input'>>;
  updateRetrainSchedule?: Resolver<ResolversTypes['RetrainSchedule'], ParentType, ContextType, RequireFields<MutationUpdateRetrainScheduleArgs, 'id' | 'input'>>;
  upsertUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpsertUserArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PromotionJudgmentResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['PromotionJudgment'] = ResolversParentTypes['PromotionJudgment']> = {
  active?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  activeVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  candidate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  popularity?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  promote?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  coldStart?: Resolver<ResolversTypes['ColdStartStats'], ParentType, ContextType, RequireFields<QueryColdStartArgs, 'days'>>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType, RequireFields<QueryItemArgs, 'id'>>;
  itemReach?: Resolver<ResolversTypes['ItemReach'], ParentType, ContextType, RequireFields<QueryItemReachArgs, 'depth' | 'first' | 'itemId' | 'users'>>;
  items?: Resolver<ResolversTypes['ItemConnection'], ParentType, ContextType, RequireFields<QueryItemsArgs, 'first' | 'orderBy'>>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  jobs?: Resolver<ResolversTypes['JobConnection'], ParentType, ContextType, RequireFields<QueryJobsArgs, 'first'>>;
  judgePromotion?: Resolver<ResolversTypes['PromotionJudgment'], ParentType, ContextType, RequireFields<QueryJudgePromotionArgs, 'id'>>;
  modelTrial?: Resolver<Maybe<ResolversTypes['ModelTrial']>, ParentType, ContextType, Partial<QueryModelTrialArgs>>;
  modelTrials?: Resolver<ResolversTypes['ModelTrialConnection'], ParentType, ContextType, RequireFields<QueryModelTrialsArgs, 'first'>>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType, RequireFields<QueryModelVersionArgs, 'id'>>;
  modelVersions?: Resolver<ResolversTypes['ModelVersionConnection'], ParentType, ContextType, RequireFields<QueryModelVersionsArgs, 'first'>>;
  popularItems?: Resolver<Array<ResolversTypes['RecommendedItem']>, ParentType, ContextType, RequireFields<QueryPopularItemsArgs, 'first' | 'window'>>;
  recommendationOutcomes?: Resolver<ResolversTypes['RecommendationOutcomes'], ParentType, ContextType, RequireFields<QueryRecommendationOutcomesArgs, 'withinMinutes'>>;
  recommendations?: Resolver<ResolversTypes['RecommendationList'], ParentType, ContextType, RequireFields<QueryRecommendationsArgs, 'excludeSeen' | 'first'>>;
  retrainSchedules?: Resolver<Array<ResolversTypes['RetrainSchedule']>, ParentType, ContextType>;
  serving?: Resolver<ResolversTypes['Serving'], ParentType, ContextType>;
  similarItems?: Resolver<Array<ResolversTypes['SimilarItem']>, ParentType, ContextType, RequireFields<QuerySimilarItemsArgs, 'first' | 'itemId'>>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
  users?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, RequireFields<QueryUsersArgs, 'first' | 'orderBy'>>;
  viewer?: Resolver<Maybe<ResolversTypes['ApiKey']>, ParentType, ContextType>;
};

export type RateLimitResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['RateLimit'] = ResolversParentTypes['RateLimit']> = {
  per?: Resolver<ResolversTypes['RateLimitScope'], ParentType, ContextType>;
  perMinute?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['RateLimitSource'], ParentType, ContextType>;
};

export type RecommendationListResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['RecommendationList'] = ResolversParentTypes['RecommendationList']> = {
  explanation?: Resolver<Maybe<ResolversTypes['ModalityWeights']>, ParentType, ContextType>;
  fewShot?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fewShotReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  historyLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['RecommendedItem']>, ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['RecommendationSource'], ParentType, ContextType>;
};

export type RecommendationOutcomeResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['RecommendationOutcome'] = ResolversParentTypes['RecommendationOutcome']> = {
  followRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  followed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  historyFrom?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  historyTo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  lists?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanReciprocalRank?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  path?: Resolver<ResolversTypes['RecommendationPath'], ParentType, ContextType>;
  stillOpen?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RecommendationOutcomesResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['RecommendationOutcomes'] = ResolversParentTypes['RecommendationOutcomes']> = {
  retentionDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['RecommendationOutcome']>, ParentType, ContextType>;
  sample?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  since?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  until?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  withinMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RecommendedItemResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['RecommendedItem'] = ResolversParentTypes['RecommendedItem']> = {
  addedAfterTraining?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  because?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  becauseSimilarity?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  newItem?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  newToVersion?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type RecordInteractionPayloadResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['RecordInteractionPayload'] = ResolversParentTypes['RecordInteractionPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  interaction?: Resolver<ResolversTypes['Interaction'], ParentType, ContextType>;
};

export type RecordInteractionsPayloadResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['RecordInteractionsPayload'] = ResolversParentTypes['RecordInteractionsPayload']> = {
  duplicates?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  interactions?: Resolver<Array<ResolversTypes['Interaction']>, ParentType, ContextType>;
  recorded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type RetrainScheduleResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['RetrainSchedule'] = ResolversParentTypes['RetrainSchedule']> = {
  autoPromote?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  config?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  cron?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastRunAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nextRunAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  timezone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type ServedListResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ServedList'] = ResolversParentTypes['ServedList']> = {
  followed?: Resolver<Maybe<ResolversTypes['ServedListFollow']>, ParentType, ContextType>;
  historyLength?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['ServedListItem']>, ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['RecommendationPath'], ParentType, ContextType>;
  servedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type ServedListConnectionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ServedListConnection'] = ResolversParentTypes['ServedListConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['ServedList']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ServedListFollowResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ServedListFollow'] = ResolversParentTypes['ServedListFollow']> = {
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  minutesAfter?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ServedListItemResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['ServedListItem'] = ResolversParentTypes['ServedListItem']> = {
  addedAfterTraining?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  newToVersion?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ServingResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['Serving'] = ResolversParentTypes['Serving']> = {
  catalogItems?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  coldThreshold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  newItemSlots?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  newItemWithin?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  trial?: Resolver<Maybe<ResolversTypes['ModelTrial']>, ParentType, ContextType>;
  trialError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type SimilarItemResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['SimilarItem'] = ResolversParentTypes['SimilarItem']> = {
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  similarity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type TrainingRunResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['TrainingRun'] = ResolversParentTypes['TrainingRun']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  estimatedFinishAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  jobId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  report?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  stage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TrainingRunStatus'], ParentType, ContextType>;
};

export type TrainingRunStatusResolvers = EnumResolverSignature<{ CANCELLED?: any, FAILED?: any, QUEUED?: any, RUNNING?: any, SUCCEEDED?: any }, ResolversTypes['TrainingRunStatus']>;

export type TrialArmResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['TrialArm'] = ResolversParentTypes['TrialArm']> = {
  followRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  followed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lists?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanReciprocalRank?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  newItemFollowRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  newItemFollowed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  newItemLists?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TrialComparisonResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['TrialComparison'] = ResolversParentTypes['TrialComparison']> = {
  candidate?: Resolver<ResolversTypes['TrialArm'], ParentType, ContextType>;
  control?: Resolver<ResolversTypes['TrialArm'], ParentType, ContextType>;
  followRateDifference?: Resolver<Maybe<ResolversTypes['TrialEstimate']>, ParentType, ContextType>;
  historyFrom?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  historyTo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  meanReciprocalRankDifference?: Resolver<Maybe<ResolversTypes['TrialEstimate']>, ParentType, ContextType>;
  newItemFollowRateDifference?: Resolver<Maybe<ResolversTypes['TrialEstimate']>, ParentType, ContextType>;
};

export type TrialEstimateResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['TrialEstimate'] = ResolversParentTypes['TrialEstimate']> = {
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  standardError?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type TrialMomentResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['TrialMoment'] = ResolversParentTypes['TrialMoment']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  followRateDifference?: Resolver<Maybe<ResolversTypes['TrialEstimate']>, ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TrialSampleRatioResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['TrialSampleRatio'] = ResolversParentTypes['TrialSampleRatio']> = {
  candidateShare?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  candidateUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  controlUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedCandidateShare?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  mismatch?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export interface UploadScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Upload'], any> {
  name: 'Upload';
}

export type UserResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  firstActiveAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  interactionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  interactions?: Resolver<ResolversTypes['InteractionConnection'], ParentType, ContextType, RequireFields<UserInteractionsArgs, 'first'>>;
  lastActiveAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  servedLists?: Resolver<ResolversTypes['ServedListConnection'], ParentType, ContextType, RequireFields<UserServedListsArgs, 'first' | 'withinMinutes'>>;
};

export type UserConnectionResolvers<ContextType = ContextValue, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = ContextValue> = {
  ApiKey?: ApiKeyResolvers<ContextType>;
  ApiKeyRole?: ApiKeyRoleResolvers;
  CatalogStats?: CatalogStatsResolvers<ContextType>;
  ColdStartStats?: ColdStartStatsResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteUserPayload?: DeleteUserPayloadResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  Interaction?: InteractionResolvers<ContextType>;
  InteractionConnection?: InteractionConnectionResolvers<ContextType>;
  InteractionKind?: InteractionKindResolvers;
  Item?: ItemResolvers<ContextType>;
  ItemConnection?: ItemConnectionResolvers<ContextType>;
  ItemFeature?: ItemFeatureResolvers<ContextType>;
  ItemFeatureOutcome?: ItemFeatureOutcomeResolvers<ContextType>;
  ItemPayload?: ItemPayloadResolvers<ContextType>;
  ItemReach?: ItemReachResolvers<ContextType>;
  ItemReachPath?: ItemReachPathResolvers<ContextType>;
  ItemReachRange?: ItemReachRangeResolvers<ContextType>;
  ItemReachUser?: ItemReachUserResolvers<ContextType>;
  ItemStatus?: ItemStatusResolvers;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobConnection?: JobConnectionResolvers<ContextType>;
  JobProgress?: JobProgressResolvers<ContextType>;
  MergeUsersPayload?: MergeUsersPayloadResolvers<ContextType>;
  ModalityWeights?: ModalityWeightsResolvers<ContextType>;
  ModelTrial?: ModelTrialResolvers<ContextType>;
  ModelTrialConnection?: ModelTrialConnectionResolvers<ContextType>;
  ModelTrialResults?: ModelTrialResultsResolvers<ContextType>;
  ModelTrialStatus?: ModelTrialStatusResolvers;
  ModelVersion?: ModelVersionResolvers<ContextType>;
  ModelVersionConnection?: ModelVersionConnectionResolvers<ContextType>;
  ModelVersionStatus?: ModelVersionStatusResolvers;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PromotionJudgment?: PromotionJudgmentResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RateLimit?: RateLimitResolvers<ContextType>;
  RecommendationList?: RecommendationListResolvers<ContextType>;
  RecommendationOutcome?: RecommendationOutcomeResolvers<ContextType>;
  RecommendationOutcomes?: RecommendationOutcomesResolvers<ContextType>;
  RecommendedItem?: RecommendedItemResolvers<ContextType>;
  RecordInteractionPayload?: RecordInteractionPayloadResolvers<ContextType>;
  RecordInteractionsPayload?: RecordInteractionsPayloadResolvers<ContextType>;
  RetrainSchedule?: RetrainScheduleResolvers<ContextType>;
  ServedList?: ServedListResolvers<ContextType>;
  ServedListConnection?: ServedListConnectionResolvers<ContextType>;
  ServedListFollow?: ServedListFollowResolvers<ContextType>;
  ServedListItem?: ServedListItemResolvers<ContextType>;
  Serving?: ServingResolvers<ContextType>;
  SimilarItem?: SimilarItemResolvers<ContextType>;
  TrainingRun?: TrainingRunResolvers<ContextType>;
  TrainingRunStatus?: TrainingRunStatusResolvers;
  TrialArm?: TrialArmResolvers<ContextType>;
  TrialComparison?: TrialComparisonResolvers<ContextType>;
  TrialEstimate?: TrialEstimateResolvers<ContextType>;
  TrialMoment?: TrialMomentResolvers<ContextType>;
  TrialSampleRatio?: TrialSampleRatioResolvers<ContextType>;
  Upload?: GraphQLScalarType;
  User?: UserResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
};


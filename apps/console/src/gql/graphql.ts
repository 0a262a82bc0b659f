/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What an API key may do. ADMIN may do everything. */
export type ApiKeyRole =
  /** Everything, API keys included. */
  | 'ADMIN'
  /** Recommendations, interactions and read queries: what a shop's frontend calls. */
  | 'FRONTEND'
  /** Reading and writing items. */
  | 'MERCHANDISER';

/** The cold-start evaluation a training ends with. */
export type EvaluationInput = {
  /** The one the version's headline metrics (and the promotion policy) use; must be among ns. */
  headlineN?: number | null | undefined;
  /** New users whose bounded adaptation is timed (1 to 1000). */
  latencyUsers?: number | null | undefined;
  /** New users' history lengths to measure, 1 to 5 values from 2 to 100 (n events: the first n − 1 known, the next one predicted); default 2, 3, 5, 10, 20. */
  ns?: Array<number> | null | undefined;
};

/** What a user did with an item. */
export type InteractionKind =
  | 'CART'
  | 'CLICK'
  | 'LIKE'
  | 'PURCHASE'
  | 'RATING'
  | 'VIEW';

/** A new item, as a merchandiser describes it. */
export type ItemInput = {
  /** Any other structured attributes, a JSON object of at most 16 KB (genres and year have their own fields). */
  attributes?: unknown;
  /** Longer text, at most 10,000 characters. */
  description?: string | null | undefined;
  /** Genres or categories, at most 50 of at most 100 characters each; recommendations can filter on them. */
  genres?: Array<string> | null | undefined;
  /** The item's id in the client's system: non-empty, at most 256 characters, unused. */
  id: string;
  /**
   * An http(s) URL of a JPEG or PNG image that the server downloads and stores (instead of an upload). Only public
   * addresses are fetched, at most 3 redirects, 25 MB and 15 s.
   */
  imageUrl?: string | null | undefined;
  /** What the item is called: non-empty, at most 500 characters. The text encoder reads it first. */
  title: string;
  /** Release or publication year (four digits). */
  year?: number | null | undefined;
};

/** How a list of items is ordered. */
export type ItemOrder =
  /** Newest first: the cold-start items. */
  | 'NEWEST'
  /** Catalog order: oldest first. */
  | 'OLDEST';

/** Changes to an item: a field left out stays as it is; null clears an optional field. */
export type ItemPatch = {
  /** Replaces the free-form attributes (genres and year stay unless given). */
  attributes?: unknown;
  description?: string | null | undefined;
  genres?: Array<string> | null | undefined;
  /** Replaces the image by the one at this http(s) URL. */
  imageUrl?: string | null | undefined;
  /** Removes the item's image. */
  removeImage?: boolean | null | undefined;
  /** A new title (it cannot be removed). */
  title?: string | null | undefined;
  year?: number | null | undefined;
};

/** Whether an item can be recommended. */
export type ItemStatus =
  | 'ACTIVE'
  | 'ARCHIVED';

/** The job queues: features encode items, warm-up places new items in the served model, train makes model versions. */
export type JobQueue =
  | 'FEATURES'
  | 'TRAIN'
  | 'WARMUP';

/** Where a job is. */
export type JobState =
  /** A worker runs it now. */
  | 'ACTIVE'
  /**
   * Cancelled before a worker took it, and so removed from its queue: only cancelJob's answer says this (job(id) finds
   * nothing afterwards; a training's run says CANCELLED, with the reason).
   */
  | 'CANCELLED'
  | 'COMPLETED'
  /** Queued to run later (a retry after a failure waits a little). */
  | 'DELAYED'
  /** Failed for good: its error says why; retryJob runs it again. */
  | 'FAILED'
  /** Gone from the queue's history, or in a state this api does not know. */
  | 'UNKNOWN'
  /** Queued, waiting for a worker. */
  | 'WAITING';

/** Where an online trial is. */
export type ModelTrialStatus =
  /** Its version was promoted: every user gets it now. */
  | 'PROMOTED'
  /** Its version serves its share of users now. */
  | 'RUNNING'
  /** Stopped by an admin: every user is back on the active version. */
  | 'STOPPED'
  /** Another version became ACTIVE (a promotion or a rollback), so the trial's control was no longer served. */
  | 'SUPERSEDED';

/** Where a model version is in its life. */
export type ModelVersionStatus =
  /** The one version every replica serves. */
  | 'ACTIVE'
  /** Training failed or was cancelled. */
  | 'FAILED'
  /** Trained and evaluated; can be promoted. */
  | 'READY'
  /** Served before; can be rolled back to. */
  | 'RETIRED'
  /** Being trained; invisible to serving. */
  | 'TRAINING';

/** A metric of the cold-start evaluation. */
export type PromotionMetric =
  | 'MRR'
  | 'NDCG'
  | 'RECALL';

/** What makes a version better than the active one (or, with none active, than popularity): its metric on new users, by more than minGain. */
export type PromotionPolicyInput = {
  /**
   * With no version active (popularity serves), the version must beat the popularity ranking of its own evaluation (same
   * split, users and metric) by more than minGain; false: any first version replaces popularity.
   */
  beatPopularity?: boolean | null | undefined;
  /** The cut-off: 5, 10 or 20. */
  k?: number | null | undefined;
  metric?: PromotionMetric | null | undefined;
  /** How much better, absolute, from 0 (any gain) to 1. */
  minGain?: number | null | undefined;
  /** New users' history length, a length the versions were evaluated at (default: the version's headline length, 10). */
  n?: number | null | undefined;
};

export type RateLimitScope =
  /** Every request with the key, from anywhere (merchandiser and admin keys). */
  | 'KEY'
  /** The key's requests from one client address (frontend keys, which ship in pages: one visitor cannot spend a shop's budget). */
  | 'KEY_AND_ADDRESS';

/** How a list was made. */
export type RecommendationPath =
  /** The model as meta-trained, for a cold user with fewer events than the version adapts from. */
  | 'COLD_UNADAPTED'
  /** The model adapted to a cold user's few events before ranking (the few-shot path). */
  | 'FEW_SHOT'
  /** Counts: the user had no history the model knows (RecommendationList.reason says which count). */
  | 'NO_HISTORY'
  /** Counts: no model version was active. */
  | 'NO_MODEL'
  /** The model as trained, for a warm user (as many events as FEWSHOT_COLD_THRESHOLD or more). */
  | 'WARM';

/** What produced a list of recommendations. */
export type RecommendationSource =
  /** The active model version (MML): personalised, with fusion weights as the explanation. */
  | 'MODEL'
  /**
   * Most-interacted items: no model version is active (all-time counts), or there was no history to personalise from
   * (the count the active version's training chose for users without history: all time, the last days of activity,
   * or each user's first events; `reason` names it).
   */
  | 'POPULARITY';

export type RetrainScheduleInput = {
  autoPromote?: boolean | null | undefined;
  /** Overrides of the MML settings (a JSON object, at most 16 KB). */
  config?: unknown;
  /** Five-field cron expression; runs must be at least 15 minutes apart. */
  cron: string;
  enabled?: boolean | null | undefined;
  /** A name people recognise, at most 200 characters. */
  name: string;
  /** IANA time zone, default UTC. */
  timezone?: string | null | undefined;
};

/** Changes to a schedule: a field left out stays as it is. */
export type RetrainSchedulePatch = {
  autoPromote?: boolean | null | undefined;
  /** Replaces the settings overrides (null clears them). */
  config?: unknown;
  cron?: string | null | undefined;
  enabled?: boolean | null | undefined;
  name?: string | null | undefined;
  timezone?: string | null | undefined;
};

/** What a new training uses and does when it finishes. */
export type TrainingInput = {
  /** Promote the new version when it beats the active one on the policy's metric (with none active, popularity in its own evaluation). */
  autoPromote?: boolean | null | undefined;
  /** Overrides of the MML settings (see DEFAULT_MML_CONFIG), a JSON object of at most 16 KB. */
  config?: unknown;
  /** What the evaluation measures; default new users with 5, 10 and 20 events, headline 10. */
  evaluation?: EvaluationInput | null | undefined;
  /** The version's display name (default: "mml" and the time). */
  name?: string | null | undefined;
  /** What "beats" means for autoPromote; default NDCG@10 of new users with 10 events, any gain. */
  policy?: PromotionPolicyInput | null | undefined;
};

/** Where a training run is. */
export type TrainingRunStatus =
  /** Cancelled before it ran. */
  | 'CANCELLED'
  /** Training failed, or the worker running it stopped: `error` says why. */
  | 'FAILED'
  /** Queued, waiting for a worker. */
  | 'QUEUED'
  /** Training or evaluating now. */
  | 'RUNNING'
  /** Its version is READY (or was promoted since). */
  | 'SUCCEEDED';

/** How a list of users is ordered. */
export type UserOrder =
  /** Catalog order: the first imported or created first. */
  | 'OLDEST'
  /** By their latest interaction, most recent first; users without any are left out (and out of totalCount). */
  | 'RECENTLY_ACTIVE';

export type ItemDetailQueryVariables = Exact<{
  id: string;
}>;


export type ItemDetailQuery = { item: { id: string, title: string, description: string | null, genres: Array<string>, year: number | null, attributes: unknown, imageUrl: string | null, status: ItemStatus, createdAt: string, interactionCount: number, features: Array<{ modality: string, encoder: string, status: string, error: string | null, createdAt: string }> } | null };

export type ItemCreateMutationVariables = Exact<{
  input: ItemInput;
  image?: File | null | undefined;
}>;


export type ItemCreateMutation = { createItem: { recommendable: boolean, message: string | null, item: { id: string, title: string }, features: Array<{ modality: string, encoder: string | null, status: string, error: string | null }>, job: { id: string } | null } };

export type ItemUpdateMutationVariables = Exact<{
  id: string;
  input: ItemPatch;
  image?: File | null | undefined;
}>;


export type ItemUpdateMutation = { updateItem: { recommendable: boolean, message: string | null, item: { id: string } } };

export type ItemArchiveMutationVariables = Exact<{
  id: string;
}>;


export type ItemArchiveMutation = { archiveItem: { recommendable: boolean, message: string | null, item: { id: string, status: ItemStatus } } };

export type ItemRestoreMutationVariables = Exact<{
  id: string;
}>;


export type ItemRestoreMutation = { restoreItem: { recommendable: boolean, message: string | null, item: { id: string, status: ItemStatus } } };

export type ItemJobPollQueryVariables = Exact<{
  id: string;
}>;


export type ItemJobPollQuery = { job: { id: string, queue: JobQueue, state: JobState, data: unknown, result: unknown, error: string | null, progress: { stage: string, fraction: number, message: string | null } | null } | null };

export type ItemsListQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  search?: string | null | undefined;
  genre?: string | null | undefined;
  orderBy?: ItemOrder | null | undefined;
}>;


export type ItemsListQuery = { items: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, nodes: Array<{ id: string, title: string, year: number | null, genres: Array<string>, imageUrl: string | null, status: ItemStatus, interactionCount: number }> } };

export type ItemReachQueryVariables = Exact<{
  itemId: string;
  users: number;
  depth: number;
  first: number;
}>;


export type ItemReachQuery = { itemReach: { depth: number, newToVersion: boolean, usersChecked: number, usersWithHistory: number, reached: number, reachedInNewItemSlot: number, alreadyHad: number, notRanked: number, medianRank: number | null, reason: string | null, modelVersion: { id: string, name: string } | null, rankRanges: Array<{ from: number, to: number | null, users: number }>, byPath: Array<{ path: RecommendationPath, users: number, reached: number }>, users: Array<{ historyLength: number, path: RecommendationPath, rank: number, position: number | null, inNewItemSlot: boolean, user: { id: string } }> } };

export type ItemReachWithSlotQueryVariables = Exact<{
  itemId: string;
  users: number;
  depth: number;
}>;


export type ItemReachWithSlotQuery = { itemReach: { usersChecked: number, reached: number, reachedInNewItemSlot: number } };

export type ItemNeighboursQueryVariables = Exact<{
  id: string;
  first: number;
}>;


export type ItemNeighboursQuery = { similarItems: Array<{ similarity: number, item: { id: string, title: string, year: number | null, imageUrl: string | null } }> };

export type JobDetailQueryVariables = Exact<{
  id: string;
}>;


export type JobDetailQuery = { job: { id: string, queue: JobQueue, state: JobState, data: unknown, result: unknown, error: string | null, attempts: number, maxAttempts: number, logs: Array<string>, createdAt: string, startedAt: string | null, finishedAt: string | null, progress: { stage: string, fraction: number, message: string | null, finishesAt: string | null } | null, trainingRun: { id: string, status: TrainingRunStatus, stage: string | null, progress: number, message: string | null, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null } | null } | null };

export type JobLogsQueryVariables = Exact<{
  id: string;
}>;


export type JobLogsQuery = { job: { id: string, state: JobState, logs: Array<string>, trainingRun: { id: string, status: TrainingRunStatus, stage: string | null, progress: number, message: string | null, error: string | null } | null } | null };

export type JobCancelMutationVariables = Exact<{
  id: string;
  reason?: string | null | undefined;
}>;


export type JobCancelMutation = { cancelJob: { id: string, state: JobState, error: string | null } };

export type JobRetryMutationVariables = Exact<{
  id: string;
}>;


export type JobRetryMutation = { retryJob: { id: string, state: JobState } };

export type JobsListQueryVariables = Exact<{
  queues?: Array<JobQueue> | JobQueue | null | undefined;
  states?: Array<JobState> | JobState | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type JobsListQuery = { jobs: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, nodes: Array<{ id: string, queue: JobQueue, state: JobState, data: unknown, result: unknown, error: string | null, attempts: number, maxAttempts: number, createdAt: string, startedAt: string | null, finishedAt: string | null, progress: { stage: string, fraction: number, message: string | null, finishesAt: string | null } | null, trainingRun: { id: string, status: TrainingRunStatus, stage: string | null } | null }> } };

export type KeyCreateMutationVariables = Exact<{
  role: ApiKeyRole;
  name: string;
  rateLimitPerMinute?: number | null | undefined;
}>;


export type KeyCreateMutation = { createApiKey: { key: string, apiKey: { id: string, name: string, role: ApiKeyRole, prefix: string } } };

export type KeyRevokeMutationVariables = Exact<{
  id: string;
}>;


export type KeyRevokeMutation = { revokeApiKey: { id: string, name: string, revokedAt: string | null } };

export type KeyRateLimitMutationVariables = Exact<{
  id: string;
  perMinute?: number | null | undefined;
}>;


export type KeyRateLimitMutation = { setApiKeyRateLimit: { id: string, rateLimitPerMinute: number | null } };

export type KeysListQueryVariables = Exact<{ [key: string]: never; }>;


export type KeysListQuery = { apiKeys: Array<{ id: string, name: string, role: ApiKeyRole, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, rateLimitPerMinute: number | null, refusedLastDay: number, rateLimit: { perMinute: number | null, per: RateLimitScope } }> };

export type ModelDetailQueryVariables = Exact<{
  id: string;
}>;


export type ModelDetailQuery = { modelVersion: { id: string, name: string, status: ModelVersionStatus, createdAt: string, promotedAt: string | null, retiredAt: string | null, metrics: unknown, encoders: unknown, trainingRun: { id: string, status: TrainingRunStatus, stage: string | null, progress: number, message: string | null, estimatedFinishAt: string | null, error: string | null, jobId: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, report: unknown } | null } | null };

export type ModelJudgeQueryVariables = Exact<{
  id: string;
}>;


export type ModelJudgeQuery = { judgePromotion: { promote: boolean, reason: string, candidate: number | null, active: number | null, popularity: number | null, activeVersion: { id: string, name: string } | null } };

export type VersionTrialStateQueryVariables = Exact<{ [key: string]: never; }>;


export type VersionTrialStateQuery = { modelTrial: { id: string, share: number, newItemSlots: number | null, newItemWithin: number | null, candidate: { id: string, name: string }, control: { id: string, name: string } } | null, active: { nodes: Array<{ id: string, name: string }> }, serving: { newItemWithin: number | null } };

export type ModelsStartTrainingMutationVariables = Exact<{
  input?: TrainingInput | null | undefined;
}>;


export type ModelsStartTrainingMutation = { startTraining: { id: string } };

export type ModelsPromoteMutationVariables = Exact<{
  id: string;
}>;


export type ModelsPromoteMutation = { promoteModelVersion: { id: string, name: string, status: ModelVersionStatus } };

export type ModelsRollbackMutationVariables = Exact<{
  id?: string | null | undefined;
}>;


export type ModelsRollbackMutation = { rollbackModelVersion: { id: string, name: string, status: ModelVersionStatus } };

export type ModelsStartTrialMutationVariables = Exact<{
  versionId: string;
  share: number;
  plannedUsers?: number | null | undefined;
  stopIfWorse: boolean;
  promoteIfBetter: boolean;
  newItemSlots?: number | null | undefined;
  newItemWithin?: number | null | undefined;
}>;


export type ModelsStartTrialMutation = { startModelTrial: { id: string, share: number, plannedUsers: number, newItemSlots: number | null, newItemWithin: number | null, candidate: { name: string }, control: { name: string } } };

export type ModelsStopTrialMutationVariables = Exact<{
  id?: string | null | undefined;
}>;


export type ModelsStopTrialMutation = { stopModelTrial: { id: string } };

export type ModelsJobProgressQueryVariables = Exact<{
  id: string;
}>;


export type ModelsJobProgressQuery = { job: { id: string, state: JobState, error: string | null, result: unknown, progress: { stage: string, fraction: number, message: string | null, finishesAt: string | null } | null, trainingRun: { status: TrainingRunStatus, stage: string | null, progress: number, message: string | null, error: string | null, estimatedFinishAt: string | null } | null } | null, modelVersions: { nodes: Array<{ id: string, name: string, trainingRun: { jobId: string | null } | null }> } };

export type ModelsListQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ModelsListQuery = { modelVersions: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, nodes: Array<{ id: string, name: string, status: ModelVersionStatus, createdAt: string, promotedAt: string | null, retiredAt: string | null, metrics: unknown, trainingRun: { status: TrainingRunStatus, stage: string | null, progress: number, error: string | null, jobId: string | null, estimatedFinishAt: string | null } | null }> }, active: { nodes: Array<{ id: string, name: string }> }, training: { totalCount: number } };

export type TrialDetailQueryVariables = Exact<{
  id: string;
}>;


export type TrialDetailQuery = { modelTrial: { id: string, share: number, plannedUsers: number, stopIfWorse: boolean, promoteIfBetter: boolean, status: ModelTrialStatus, startedAt: string, endedAt: string | null, endReason: string | null, newItemSlots: number | null, newItemWithin: number | null, candidate: { id: string, name: string, status: ModelVersionStatus }, control: { id: string, name: string, status: ModelVersionStatus }, results: { since: string, until: string, withinMinutes: number, otherVersionLists: number, stillOpen: number, users: number, plannedUsers: number, followRateHalfWidthAtPlan: number | null, planReachedAround: string | null, sampleRatio: { controlUsers: number, candidateUsers: number, expectedCandidateShare: number, candidateShare: number | null, pValue: number, mismatch: boolean }, overall: { historyFrom: number, historyTo: number | null, control: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, candidate: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, followRateDifference: { value: number, low: number, high: number, standardError: number } | null, meanReciprocalRankDifference: { value: number, low: number, high: number } | null, newItemFollowRateDifference: { value: number, low: number, high: number } | null }, byHistory: Array<{ historyFrom: number, historyTo: number | null, control: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, candidate: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, followRateDifference: { value: number, low: number, high: number, standardError: number } | null, meanReciprocalRankDifference: { value: number, low: number, high: number } | null, newItemFollowRateDifference: { value: number, low: number, high: number } | null }> }, timeline: Array<{ at: string, users: number, followRateDifference: { value: number, low: number, high: number } | null }> } | null };

export type OverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewQuery = { health: { seeding: boolean, catalog: { users: number, items: number, interactions: number, interactionsLast24h: number, interactionsLast7d: number } }, serving: { provider: string | null, catalogItems: number, error: string | null, modelVersion: { id: string, name: string, status: ModelVersionStatus, promotedAt: string | null, metrics: unknown } | null }, coldStart: { days: number, newItems: number, newItemsRecommendable: number, newItemsWaiting: number, itemsWithoutTrainingEvents: number, newUsers: number, activeUsers: number, coldActiveUsers: number, coldThreshold: number, waitingItems: Array<{ id: string, title: string }>, modelVersion: { id: string, name: string } | null } };

export type OverviewJobsQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewJobsQuery = { jobs: { totalCount: number, nodes: Array<{ id: string, queue: JobQueue, state: JobState, createdAt: string, finishedAt: string | null, error: string | null, progress: { stage: string, fraction: number } | null }> } };

export type PlaygroundSearchQueryVariables = Exact<{
  search: string;
  first: number;
}>;


export type PlaygroundSearchQuery = { items: { totalCount: number, nodes: Array<{ id: string, title: string, imageUrl: string | null, genres: Array<string>, status: ItemStatus }> } };

export type PlaygroundItemQueryVariables = Exact<{
  id: string;
}>;


export type PlaygroundItemQuery = { item: { id: string, title: string, imageUrl: string | null, status: ItemStatus } | null };

export type PlaygroundRecommendationsQueryVariables = Exact<{
  recent: Array<string> | string;
  newItems?: number | null | undefined;
  within?: number | null | undefined;
}>;


export type PlaygroundRecommendationsQuery = { recommendations: { source: RecommendationSource, reason: string | null, fewShot: boolean, fewShotReason: string | null, historyLength: number, explanation: { id: number | null, text: number | null, image: number | null } | null, modelVersion: { id: string, name: string } | null, items: Array<{ rank: number, score: number, newItem: boolean, newToVersion: boolean, becauseSimilarity: number | null, because: { id: string, title: string } | null, item: { id: string, title: string, imageUrl: string | null, genres: Array<string> } }> } };

export type ScheduleCreateMutationVariables = Exact<{
  input: RetrainScheduleInput;
}>;


export type ScheduleCreateMutation = { createRetrainSchedule: { id: string, name: string, nextRunAt: string | null } };

export type ScheduleUpdateMutationVariables = Exact<{
  id: string;
  input: RetrainSchedulePatch;
}>;


export type ScheduleUpdateMutation = { updateRetrainSchedule: { id: string, name: string, enabled: boolean, nextRunAt: string | null } };

export type ScheduleDeleteMutationVariables = Exact<{
  id: string;
}>;


export type ScheduleDeleteMutation = { deleteRetrainSchedule: { id: string, name: string } };

export type SchedulesListQueryVariables = Exact<{ [key: string]: never; }>;


export type SchedulesListQuery = { retrainSchedules: Array<{ id: string, name: string, cron: string, timezone: string, enabled: boolean, autoPromote: boolean, config: unknown, lastRunAt: string | null, nextRunAt: string | null, createdAt: string, updatedAt: string }> };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { id: string, name: string, role: ApiKeyRole, revokedAt: string | null } | null };

export type UserDetailQueryVariables = Exact<{
  id: string;
  first: number;
  after?: string | null | undefined;
}>;


export type UserDetailQuery = { user: { id: string, createdAt: string, interactionCount: number, attributes: unknown, interactions: { totalCount: number, nodes: Array<{ id: string, kind: InteractionKind, value: number | null, occurredAt: string, item: { id: string, title: string, imageUrl: string | null } }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } } | null };

export type UserRecommendationsQueryVariables = Exact<{
  id: string;
}>;


export type UserRecommendationsQuery = { recommendations: { source: RecommendationSource, reason: string | null, fewShot: boolean, fewShotReason: string | null, historyLength: number, explanation: { id: number | null, text: number | null, image: number | null } | null, modelVersion: { id: string, name: string } | null, items: Array<{ rank: number, score: number, newItem: boolean, newToVersion: boolean, becauseSimilarity: number | null, because: { id: string, title: string } | null, item: { id: string, title: string, imageUrl: string | null, genres: Array<string> } }> } };

export type UserDeleteMutationVariables = Exact<{
  id: string;
}>;


export type UserDeleteMutation = { deleteUser: { id: string, deletedInteractions: number } };

export type UsersListQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  orderBy?: UserOrder | null | undefined;
  cold?: boolean | null | undefined;
}>;


export type UsersListQuery = { users: { totalCount: number, nodes: Array<{ id: string, createdAt: string, interactionCount: number, firstActiveAt: string | null, lastActiveAt: string | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type UsersLookupQueryVariables = Exact<{
  id: string;
}>;


export type UsersLookupQuery = { user: { id: string } | null };

export type UsersColdThresholdQueryVariables = Exact<{ [key: string]: never; }>;


export type UsersColdThresholdQuery = { serving: { coldThreshold: number } };

export type ModelOutcomesQueryVariables = Exact<{
  since: string;
  version?: string | null | undefined;
}>;


export type ModelOutcomesQuery = { recommendationOutcomes: { withinMinutes: number, sample: number, retentionDays: number, rows: Array<{ path: RecommendationPath, historyFrom: number, historyTo: number | null, lists: number, followed: number, followRate: number, meanReciprocalRank: number, stillOpen: number, modelVersion: { id: string, name: string } | null }> } };

export type RecListFieldsFragment = { source: RecommendationSource, reason: string | null, fewShot: boolean, fewShotReason: string | null, historyLength: number, explanation: { id: number | null, text: number | null, image: number | null } | null, modelVersion: { id: string, name: string } | null, items: Array<{ rank: number, score: number, newItem: boolean, newToVersion: boolean, becauseSimilarity: number | null, because: { id: string, title: string } | null, item: { id: string, title: string, imageUrl: string | null, genres: Array<string> } }> };

export type TrialArmFieldsFragment = { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null };

export type TrialComparisonFieldsFragment = { historyFrom: number, historyTo: number | null, control: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, candidate: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, followRateDifference: { value: number, low: number, high: number, standardError: number } | null, meanReciprocalRankDifference: { value: number, low: number, high: number } | null, newItemFollowRateDifference: { value: number, low: number, high: number } | null };

export type TrialFieldsFragment = { id: string, share: number, plannedUsers: number, stopIfWorse: boolean, promoteIfBetter: boolean, status: ModelTrialStatus, startedAt: string, endedAt: string | null, endReason: string | null, newItemSlots: number | null, newItemWithin: number | null, candidate: { id: string, name: string, status: ModelVersionStatus }, control: { id: string, name: string, status: ModelVersionStatus }, results: { since: string, until: string, withinMinutes: number, otherVersionLists: number, stillOpen: number, users: number, plannedUsers: number, followRateHalfWidthAtPlan: number | null, planReachedAround: string | null, sampleRatio: { controlUsers: number, candidateUsers: number, expectedCandidateShare: number, candidateShare: number | null, pValue: number, mismatch: boolean }, overall: { historyFrom: number, historyTo: number | null, control: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, candidate: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, followRateDifference: { value: number, low: number, high: number, standardError: number } | null, meanReciprocalRankDifference: { value: number, low: number, high: number } | null, newItemFollowRateDifference: { value: number, low: number, high: number } | null }, byHistory: Array<{ historyFrom: number, historyTo: number | null, control: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, candidate: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, followRateDifference: { value: number, low: number, high: number, standardError: number } | null, meanReciprocalRankDifference: { value: number, low: number, high: number } | null, newItemFollowRateDifference: { value: number, low: number, high: number } | null }> }, timeline: Array<{ at: string, users: number, followRateDifference: { value: number, low: number, high: number } | null }> };

export type PastTrialsQueryVariables = Exact<{
  first: number;
}>;


export type PastTrialsQuery = { modelTrials: { totalCount: number, nodes: Array<{ id: string, share: number, status: ModelTrialStatus, startedAt: string, endedAt: string | null, endReason: string | null, newItemSlots: number | null, newItemWithin: number | null, candidate: { id: string, name: string }, control: { id: string, name: string } }> } };

export type RunningTrialQueryVariables = Exact<{ [key: string]: never; }>;


export type RunningTrialQuery = { modelTrial: { id: string, share: number, plannedUsers: number, stopIfWorse: boolean, promoteIfBetter: boolean, status: ModelTrialStatus, startedAt: string, endedAt: string | null, endReason: string | null, newItemSlots: number | null, newItemWithin: number | null, candidate: { id: string, name: string, status: ModelVersionStatus }, control: { id: string, name: string, status: ModelVersionStatus }, results: { since: string, until: string, withinMinutes: number, otherVersionLists: number, stillOpen: number, users: number, plannedUsers: number, followRateHalfWidthAtPlan: number | null, planReachedAround: string | null, sampleRatio: { controlUsers: number, candidateUsers: number, expectedCandidateShare: number, candidateShare: number | null, pValue: number, mismatch: boolean }, overall: { historyFrom: number, historyTo: number | null, control: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, candidate: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, followRateDifference: { value: number, low: number, high: number, standardError: number } | null, meanReciprocalRankDifference: { value: number, low: number, high: number } | null, newItemFollowRateDifference: { value: number, low: number, high: number } | null }, byHistory: Array<{ historyFrom: number, historyTo: number | null, control: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, candidate: { users: number, lists: number, followed: number, followRate: number | null, meanReciprocalRank: number | null, newItemLists: number, newItemFollowed: number, newItemFollowRate: number | null }, followRateDifference: { value: number, low: number, high: number, standardError: number } | null, meanReciprocalRankDifference: { value: number, low: number, high: number } | null, newItemFollowRateDifference: { value: number, low: number, high: number } | null }> }, timeline: Array<{ at: string, users: number, followRateDifference: { value: number, low: number, high: number } | null }> } | null, serving: { trialError: string | null } };

export type UserServedListsQueryVariables = Exact<{
  id: string;
  first: number;
}>;


export type UserServedListsQuery = { user: { servedLists: { totalCount: number, nodes: Array<{ id: string, servedAt: string, path: RecommendationPath, historyLength: number, open: boolean, modelVersion: { id: string, name: string } | null, items: Array<{ rank: number, newToVersion: boolean, item: { id: string, title: string } | null }>, followed: { rank: number, minutesAfter: number, item: { id: string, title: string } | null } | null }> } } | null };

export type TrainingOnItsWayQueryVariables = Exact<{ [key: string]: never; }>;


export type TrainingOnItsWayQuery = { training: { nodes: Array<{ id: string, name: string, trainingRun: { stage: string | null, progress: number, estimatedFinishAt: string | null } | null }> }, features: { nodes: Array<{ id: string, data: unknown, progress: { stage: string, fraction: number } | null }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const RecListFieldsFragmentDoc = new TypedDocumentString(`
    fragment RecListFields on RecommendationList {
  source
  reason
  fewShot
  fewShotReason
  historyLength
  explanation {
    id
    text
    image
  }
  modelVersion {
    id
    name
  }
  items {
    rank
    score
    newItem
    newToVersion
    becauseSimilarity
    because {
      id
      title
    }
    item {
      id
      title
      imageUrl
      genres
    }
  }
}
    `, {"fragmentName":"RecListFields"}) as unknown as TypedDocumentString<RecListFieldsFragment, unknown>;
export const TrialArmFieldsFragmentDoc = new TypedDocumentString(`
    fragment TrialArmFields on TrialArm {
  users
  lists
  followed
  followRate
  meanReciprocalRank
  newItemLists
  newItemFollowed
  newItemFollowRate
}
    `, {"fragmentName":"TrialArmFields"}) as unknown as TypedDocumentString<TrialArmFieldsFragment, unknown>;
export const TrialComparisonFieldsFragmentDoc = new TypedDocumentString(`
    fragment TrialComparisonFields on TrialComparison {
  historyFrom
  historyTo
  control {
    ...TrialArmFields
  }
  candidate {
    ...TrialArmFields
  }
  followRateDifference {
    value
    low
    high
    standardError
  }
  meanReciprocalRankDifference {
    value
    low
    high
  }
  newItemFollowRateDifference {
    value
    low
    high
  }
}
    fragment TrialArmFields on TrialArm {
  users
  lists
  followed
  followRate
  meanReciprocalRank
  newItemLists
  newItemFollowed
  newItemFollowRate
}`, {"fragmentName":"TrialComparisonFields"}) as unknown as TypedDocumentString<TrialComparisonFieldsFragment, unknown>;
export const TrialFieldsFragmentDoc = new TypedDocumentString(`
    fragment TrialFields on ModelTrial {
  id
  share
  plannedUsers
  stopIfWorse
  promoteIfBetter
  status
  startedAt
  endedAt
  endReason
  newItemSlots
  newItemWithin
  candidate {
    id
    name
    status
  }
  control {
    id
    name
    status
  }
  results {
    since
    until
    withinMinutes
    otherVersionLists
    stillOpen
    users
    plannedUsers
    followRateHalfWidthAtPlan
    planReachedAround
    sampleRatio {
      controlUsers
      candidateUsers
      expectedCandidateShare
      candidateShare
      pValue
      mismatch
    }
    overall {
      ...TrialComparisonFields
    }
    byHistory {
      ...TrialComparisonFields
    }
  }
  timeline {
    at
    users
    followRateDifference {
      value
      low
      high
    }
  }
}
    fragment TrialArmFields on TrialArm {
  users
  lists
  followed
  followRate
  meanReciprocalRank
  newItemLists
  newItemFollowed
  newItemFollowRate
}
fragment TrialComparisonFields on TrialComparison {
  historyFrom
  historyTo
  control {
    ...TrialArmFields
  }
  candidate {
    ...TrialArmFields
  }
  followRateDifference {
    value
    low
    high
    standardError
  }
  meanReciprocalRankDifference {
    value
    low
    high
  }
  newItemFollowRateDifference {
    value
    low
    high
  }
}`, {"fragmentName":"TrialFields"}) as unknown as TypedDocumentString<TrialFieldsFragment, unknown>;
export const ItemDetailDocument = new TypedDocumentString(`
    query ItemDetail($id: ID!) {
  item(id: $id) {
    id
    title
    description
    genres
    year
    attributes
    imageUrl
    status
    createdAt
    interactionCount
    features {
      modality
      encoder
      status
      error
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<ItemDetailQuery, ItemDetailQueryVariables>;
export const ItemCreateDocument = new TypedDocumentString(`
    mutation ItemCreate($input: ItemInput!, $image: Upload) {
  createItem(input: $input, image: $image) {
    item {
      id
      title
    }
    recommendable
    message
    features {
      modality
      encoder
      status
      error
    }
    job {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ItemCreateMutation, ItemCreateMutationVariables>;
export const ItemUpdateDocument = new TypedDocumentString(`
    mutation ItemUpdate($id: ID!, $input: ItemPatch!, $image: Upload) {
  updateItem(id: $id, input: $input, image: $image) {
    item {
      id
    }
    recommendable
    message
  }
}
    `) as unknown as TypedDocumentString<ItemUpdateMutation, ItemUpdateMutationVariables>;
export const ItemArchiveDocument = new TypedDocumentString(`
    mutation ItemArchive($id: ID!) {
  archiveItem(id: $id) {
    item {
      id
      status
    }
    recommendable
    message
  }
}
    `) as unknown as TypedDocumentString<ItemArchiveMutation, ItemArchiveMutationVariables>;
export const ItemRestoreDocument = new TypedDocumentString(`
    mutation ItemRestore($id: ID!) {
  restoreItem(id: $id) {
    item {
      id
      status
    }
    recommendable
    message
  }
}
    `) as unknown as TypedDocumentString<ItemRestoreMutation, ItemRestoreMutationVariables>;
export const ItemJobPollDocument = new TypedDocumentString(`
    query ItemJobPoll($id: ID!) {
  job(id: $id) {
    id
    queue
    state
    progress {
      stage
      fraction
      message
    }
    data
    result
    error
  }
}
    `) as unknown as TypedDocumentString<ItemJobPollQuery, ItemJobPollQueryVariables>;
export const ItemsListDocument = new TypedDocumentString(`
    query ItemsList($first: Int!, $after: String, $search: String, $genre: String, $orderBy: ItemOrder) {
  items(
    first: $first
    after: $after
    search: $search
    genre: $genre
    orderBy: $orderBy
  ) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    nodes {
      id
      title
      year
      genres
      imageUrl
      status
      interactionCount
    }
  }
}
    `) as unknown as TypedDocumentString<ItemsListQuery, ItemsListQueryVariables>;
export const ItemReachDocument = new TypedDocumentString(`
    query ItemReach($itemId: ID!, $users: Int!, $depth: Int!, $first: Int!) {
  itemReach(itemId: $itemId, users: $users, depth: $depth, first: $first) {
    depth
    newToVersion
    usersChecked
    usersWithHistory
    reached
    reachedInNewItemSlot
    alreadyHad
    notRanked
    medianRank
    reason
    modelVersion {
      id
      name
    }
    rankRanges {
      from
      to
      users
    }
    byPath {
      path
      users
      reached
    }
    users {
      user {
        id
      }
      historyLength
      path
      rank
      position
      inNewItemSlot
    }
  }
}
    `) as unknown as TypedDocumentString<ItemReachQuery, ItemReachQueryVariables>;
export const ItemReachWithSlotDocument = new TypedDocumentString(`
    query ItemReachWithSlot($itemId: ID!, $users: Int!, $depth: Int!) {
  itemReach(itemId: $itemId, users: $users, depth: $depth, first: 0, newItems: 1) {
    usersChecked
    reached
    reachedInNewItemSlot
  }
}
    `) as unknown as TypedDocumentString<ItemReachWithSlotQuery, ItemReachWithSlotQueryVariables>;
export const ItemNeighboursDocument = new TypedDocumentString(`
    query ItemNeighbours($id: ID!, $first: Int!) {
  similarItems(itemId: $id, first: $first) {
    similarity
    item {
      id
      title
      year
      imageUrl
    }
  }
}
    `) as unknown as TypedDocumentString<ItemNeighboursQuery, ItemNeighboursQueryVariables>;
export const JobDetailDocument = new TypedDocumentString(`
    query JobDetail($id: ID!) {
  job(id: $id) {
    id
    queue
    state
    progress {
      stage
      fraction
      message
      finishesAt
    }
    data
    result
    error
    attempts
    maxAttempts
    logs(last: 500)
    createdAt
    startedAt
    finishedAt
    trainingRun {
      id
      status
      stage
      progress
      message
      error
      createdAt
      startedAt
      finishedAt
    }
  }
}
    `) as unknown as TypedDocumentString<JobDetailQuery, JobDetailQueryVariables>;
export const JobLogsDocument = new TypedDocumentString(`
    query JobLogs($id: ID!) {
  job(id: $id) {
    id
    state
    logs(last: 100)
    trainingRun {
      id
      status
      stage
      progress
      message
      error
    }
  }
}
    `) as unknown as TypedDocumentString<JobLogsQuery, JobLogsQueryVariables>;
export const JobCancelDocument = new TypedDocumentString(`
    mutation JobCancel($id: ID!, $reason: String) {
  cancelJob(id: $id, reason: $reason) {
    id
    state
    error
  }
}
    `) as unknown as TypedDocumentString<JobCancelMutation, JobCancelMutationVariables>;
export const JobRetryDocument = new TypedDocumentString(`
    mutation JobRetry($id: ID!) {
  retryJob(id: $id) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<JobRetryMutation, JobRetryMutationVariables>;
export const JobsListDocument = new TypedDocumentString(`
    query JobsList($queues: [JobQueue!], $states: [JobState!], $first: Int, $after: String) {
  jobs(queues: $queues, states: $states, first: $first, after: $after) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    nodes {
      id
      queue
      state
      progress {
        stage
        fraction
        message
        finishesAt
      }
      data
      result
      error
      attempts
      maxAttempts
      createdAt
      startedAt
      finishedAt
      trainingRun {
        id
        status
        stage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<JobsListQuery, JobsListQueryVariables>;
export const KeyCreateDocument = new TypedDocumentString(`
    mutation KeyCreate($role: ApiKeyRole!, $name: String!, $rateLimitPerMinute: Int) {
  createApiKey(role: $role, name: $name, rateLimitPerMinute: $rateLimitPerMinute) {
    key
    apiKey {
      id
      name
      role
      prefix
    }
  }
}
    `) as unknown as TypedDocumentString<KeyCreateMutation, KeyCreateMutationVariables>;
export const KeyRevokeDocument = new TypedDocumentString(`
    mutation KeyRevoke($id: ID!) {
  revokeApiKey(id: $id) {
    id
    name
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<KeyRevokeMutation, KeyRevokeMutationVariables>;
export const KeyRateLimitDocument = new TypedDocumentString(`
    mutation KeyRateLimit($id: ID!, $perMinute: Int) {
  setApiKeyRateLimit(id: $id, perMinute: $perMinute) {
    id
    rateLimitPerMinute
  }
}
    `) as unknown as TypedDocumentString<KeyRateLimitMutation, KeyRateLimitMutationVariables>;
export const KeysListDocument = new TypedDocumentString(`
    query KeysList {
  apiKeys {
    id
    name
    role
    prefix
    createdAt
    lastUsedAt
    revokedAt
    rateLimitPerMinute
    rateLimit {
      perMinute
      per
    }
    refusedLastDay
  }
}
    `) as unknown as TypedDocumentString<KeysListQuery, KeysListQueryVariables>;
export const ModelDetailDocument = new TypedDocumentString(`
    query ModelDetail($id: ID!) {
  modelVersion(id: $id) {
    id
    name
    status
    createdAt
    promotedAt
    retiredAt
    metrics
    encoders
    trainingRun {
      id
      status
      stage
      progress
      message
      estimatedFinishAt
      error
      jobId
      createdAt
      startedAt
      finishedAt
      report
    }
  }
}
    `) as unknown as TypedDocumentString<ModelDetailQuery, ModelDetailQueryVariables>;
export const ModelJudgeDocument = new TypedDocumentString(`
    query ModelJudge($id: ID!) {
  judgePromotion(id: $id) {
    promote
    reason
    candidate
    active
    popularity
    activeVersion {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ModelJudgeQuery, ModelJudgeQueryVariables>;
export const VersionTrialStateDocument = new TypedDocumentString(`
    query VersionTrialState {
  modelTrial {
    id
    share
    newItemSlots
    newItemWithin
    candidate {
      id
      name
    }
    control {
      id
      name
    }
  }
  active: modelVersions(status: ACTIVE, first: 1) {
    nodes {
      id
      name
    }
  }
  serving {
    newItemWithin
  }
}
    `) as unknown as TypedDocumentString<VersionTrialStateQuery, VersionTrialStateQueryVariables>;
export const ModelsStartTrainingDocument = new TypedDocumentString(`
    mutation ModelsStartTraining($input: TrainingInput) {
  startTraining(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ModelsStartTrainingMutation, ModelsStartTrainingMutationVariables>;
export const ModelsPromoteDocument = new TypedDocumentString(`
    mutation ModelsPromote($id: ID!) {
  promoteModelVersion(id: $id) {
    id
    name
    status
  }
}
    `) as unknown as TypedDocumentString<ModelsPromoteMutation, ModelsPromoteMutationVariables>;
export const ModelsRollbackDocument = new TypedDocumentString(`
    mutation ModelsRollback($id: ID) {
  rollbackModelVersion(id: $id) {
    id
    name
    status
  }
}
    `) as unknown as TypedDocumentString<ModelsRollbackMutation, ModelsRollbackMutationVariables>;
export const ModelsStartTrialDocument = new TypedDocumentString(`
    mutation ModelsStartTrial($versionId: ID!, $share: Float!, $plannedUsers: Int, $stopIfWorse: Boolean!, $promoteIfBetter: Boolean!, $newItemSlots: Int, $newItemWithin: Int) {
  startModelTrial(
    versionId: $versionId
    share: $share
    plannedUsers: $plannedUsers
    stopIfWorse: $stopIfWorse
    promoteIfBetter: $promoteIfBetter
    newItemSlots: $newItemSlots
    newItemWithin: $newItemWithin
  ) {
    id
    share
    plannedUsers
    newItemSlots
    newItemWithin
    candidate {
      name
    }
    control {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ModelsStartTrialMutation, ModelsStartTrialMutationVariables>;
export const ModelsStopTrialDocument = new TypedDocumentString(`
    mutation ModelsStopTrial($id: ID) {
  stopModelTrial(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<ModelsStopTrialMutation, ModelsStopTrialMutationVariables>;
export const ModelsJobProgressDocument = new TypedDocumentString(`
    query ModelsJobProgress($id: ID!) {
  job(id: $id) {
    id
    state
    error
    result
    progress {
      stage
      fraction
      message
      finishesAt
    }
    trainingRun {
      status
      stage
      progress
      message
      error
      estimatedFinishAt
    }
  }
  modelVersions(first: 10) {
    nodes {
      id
      name
      trainingRun {
        jobId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ModelsJobProgressQuery, ModelsJobProgressQueryVariables>;
export const ModelsListDocument = new TypedDocumentString(`
    query ModelsList($first: Int!, $after: String) {
  modelVersions(first: $first, after: $after) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    nodes {
      id
      name
      status
      createdAt
      promotedAt
      retiredAt
      metrics
      trainingRun {
        status
        stage
        progress
        error
        jobId
        estimatedFinishAt
      }
    }
  }
  active: modelVersions(status: ACTIVE, first: 1) {
    nodes {
      id
      name
    }
  }
  training: modelVersions(status: TRAINING, first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<ModelsListQuery, ModelsListQueryVariables>;
export const TrialDetailDocument = new TypedDocumentString(`
    query TrialDetail($id: ID!) {
  modelTrial(id: $id) {
    ...TrialFields
  }
}
    fragment TrialArmFields on TrialArm {
  users
  lists
  followed
  followRate
  meanReciprocalRank
  newItemLists
  newItemFollowed
  newItemFollowRate
}
fragment TrialComparisonFields on TrialComparison {
  historyFrom
  historyTo
  control {
    ...TrialArmFields
  }
  candidate {
    ...TrialArmFields
  }
  followRateDifference {
    value
    low
    high
    standardError
  }
  meanReciprocalRankDifference {
    value
    low
    high
  }
  newItemFollowRateDifference {
    value
    low
    high
  }
}
fragment TrialFields on ModelTrial {
  id
  share
  plannedUsers
  stopIfWorse
  promoteIfBetter
  status
  startedAt
  endedAt
  endReason
  newItemSlots
  newItemWithin
  candidate {
    id
    name
    status
  }
  control {
    id
    name
    status
  }
  results {
    since
    until
    withinMinutes
    otherVersionLists
    stillOpen
    users
    plannedUsers
    followRateHalfWidthAtPlan
    planReachedAround
    sampleRatio {
      controlUsers
      candidateUsers
      expectedCandidateShare
      candidateShare
      pValue
      mismatch
    }
    overall {
      ...TrialComparisonFields
    }
    byHistory {
      ...TrialComparisonFields
    }
  }
  timeline {
    at
    users
    followRateDifference {
      value
      low
      high
    }
  }
}`) as unknown as TypedDocumentString<TrialDetailQuery, TrialDetailQueryVariables>;
export const OverviewDocument = new TypedDocumentString(`
    query Overview {
  health {
    seeding
    catalog {
      users
      items
      interactions
      interactionsLast24h
      interactionsLast7d
    }
  }
  serving {
    provider
    catalogItems
    error
    modelVersion {
      id
      name
      status
      promotedAt
      metrics
    }
  }
  coldStart(days: 7) {
    days
    newItems
    newItemsRecommendable
    newItemsWaiting
    itemsWithoutTrainingEvents
    newUsers
    activeUsers
    coldActiveUsers
    coldThreshold
    waitingItems {
      id
      title
    }
    modelVersion {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<OverviewQuery, OverviewQueryVariables>;
export const OverviewJobsDocument = new TypedDocumentString(`
    query OverviewJobs {
  jobs(first: 5) {
    totalCount
    nodes {
      id
      queue
      state
      createdAt
      finishedAt
      error
      progress {
        stage
        fraction
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OverviewJobsQuery, OverviewJobsQueryVariables>;
export const PlaygroundSearchDocument = new TypedDocumentString(`
    query PlaygroundSearch($search: String!, $first: Int!) {
  items(search: $search, first: $first) {
    nodes {
      id
      title
      imageUrl
      genres
      status
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<PlaygroundSearchQuery, PlaygroundSearchQueryVariables>;
export const PlaygroundItemDocument = new TypedDocumentString(`
    query PlaygroundItem($id: ID!) {
  item(id: $id) {
    id
    title
    imageUrl
    status
  }
}
    `) as unknown as TypedDocumentString<PlaygroundItemQuery, PlaygroundItemQueryVariables>;
export const PlaygroundRecommendationsDocument = new TypedDocumentString(`
    query PlaygroundRecommendations($recent: [ID!]!, $newItems: Int, $within: Int) {
  recommendations(
    recentItemIds: $recent
    first: 10
    newItems: $newItems
    newItemsWithin: $within
  ) {
    ...RecListFields
  }
}
    fragment RecListFields on RecommendationList {
  source
  reason
  fewShot
  fewShotReason
  historyLength
  explanation {
    id
    text
    image
  }
  modelVersion {
    id
    name
  }
  items {
    rank
    score
    newItem
    newToVersion
    becauseSimilarity
    because {
      id
      title
    }
    item {
      id
      title
      imageUrl
      genres
    }
  }
}`) as unknown as TypedDocumentString<PlaygroundRecommendationsQuery, PlaygroundRecommendationsQueryVariables>;
export const ScheduleCreateDocument = new TypedDocumentString(`
    mutation ScheduleCreate($input: RetrainScheduleInput!) {
  createRetrainSchedule(input: $input) {
    id
    name
    nextRunAt
  }
}
    `) as unknown as TypedDocumentString<ScheduleCreateMutation, ScheduleCreateMutationVariables>;
export const ScheduleUpdateDocument = new TypedDocumentString(`
    mutation ScheduleUpdate($id: ID!, $input: RetrainSchedulePatch!) {
  updateRetrainSchedule(id: $id, input: $input) {
    id
    name
    enabled
    nextRunAt
  }
}
    `) as unknown as TypedDocumentString<ScheduleUpdateMutation, ScheduleUpdateMutationVariables>;
export const ScheduleDeleteDocument = new TypedDocumentString(`
    mutation ScheduleDelete($id: ID!) {
  deleteRetrainSchedule(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ScheduleDeleteMutation, ScheduleDeleteMutationVariables>;
export const SchedulesListDocument = new TypedDocumentString(`
    query SchedulesList {
  retrainSchedules {
    id
    name
    cron
    timezone
    enabled
    autoPromote
    config
    lastRunAt
    nextRunAt
    createdAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<SchedulesListQuery, SchedulesListQueryVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    id
    name
    role
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const UserDetailDocument = new TypedDocumentString(`
    query UserDetail($id: ID!, $first: Int!, $after: String) {
  user(id: $id) {
    id
    createdAt
    interactionCount
    attributes
    interactions(first: $first, after: $after) {
      nodes {
        id
        kind
        value
        occurredAt
        item {
          id
          title
          imageUrl
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
      totalCount
    }
  }
}
    `) as unknown as TypedDocumentString<UserDetailQuery, UserDetailQueryVariables>;
export const UserRecommendationsDocument = new TypedDocumentString(`
    query UserRecommendations($id: ID!) {
  recommendations(userId: $id, first: 10) {
    ...RecListFields
  }
}
    fragment RecListFields on RecommendationList {
  source
  reason
  fewShot
  fewShotReason
  historyLength
  explanation {
    id
    text
    image
  }
  modelVersion {
    id
    name
  }
  items {
    rank
    score
    newItem
    newToVersion
    becauseSimilarity
    because {
      id
      title
    }
    item {
      id
      title
      imageUrl
      genres
    }
  }
}`) as unknown as TypedDocumentString<UserRecommendationsQuery, UserRecommendationsQueryVariables>;
export const UserDeleteDocument = new TypedDocumentString(`
    mutation UserDelete($id: ID!) {
  deleteUser(id: $id) {
    id
    deletedInteractions
  }
}
    `) as unknown as TypedDocumentString<UserDeleteMutation, UserDeleteMutationVariables>;
export const UsersListDocument = new TypedDocumentString(`
    query UsersList($first: Int!, $after: String, $orderBy: UserOrder, $cold: Boolean) {
  users(first: $first, after: $after, orderBy: $orderBy, cold: $cold) {
    nodes {
      id
      createdAt
      interactionCount
      firstActiveAt
      lastActiveAt
    }
    pageInfo {
      endCursor
      hasNextPage
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<UsersListQuery, UsersListQueryVariables>;
export const UsersLookupDocument = new TypedDocumentString(`
    query UsersLookup($id: ID!) {
  user(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<UsersLookupQuery, UsersLookupQueryVariables>;
export const UsersColdThresholdDocument = new TypedDocumentString(`
    query UsersColdThreshold {
  serving {
    coldThreshold
  }
}
    `) as unknown as TypedDocumentString<UsersColdThresholdQuery, UsersColdThresholdQueryVariables>;
export const ModelOutcomesDocument = new TypedDocumentString(`
    query ModelOutcomes($since: DateTime!, $version: ID) {
  recommendationOutcomes(since: $since, modelVersionId: $version) {
    withinMinutes
    sample
    retentionDays
    rows {
      modelVersion {
        id
        name
      }
      path
      historyFrom
      historyTo
      lists
      followed
      followRate
      meanReciprocalRank
      stillOpen
    }
  }
}
    `) as unknown as TypedDocumentString<ModelOutcomesQuery, ModelOutcomesQueryVariables>;
export const PastTrialsDocument = new TypedDocumentString(`
    query PastTrials($first: Int!) {
  modelTrials(first: $first) {
    totalCount
    nodes {
      id
      share
      status
      startedAt
      endedAt
      endReason
      newItemSlots
      newItemWithin
      candidate {
        id
        name
      }
      control {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PastTrialsQuery, PastTrialsQueryVariables>;
export const RunningTrialDocument = new TypedDocumentString(`
    query RunningTrial {
  modelTrial {
    ...TrialFields
  }
  serving {
    trialError
  }
}
    fragment TrialArmFields on TrialArm {
  users
  lists
  followed
  followRate
  meanReciprocalRank
  newItemLists
  newItemFollowed
  newItemFollowRate
}
fragment TrialComparisonFields on TrialComparison {
  historyFrom
  historyTo
  control {
    ...TrialArmFields
  }
  candidate {
    ...TrialArmFields
  }
  followRateDifference {
    value
    low
    high
    standardError
  }
  meanReciprocalRankDifference {
    value
    low
    high
  }
  newItemFollowRateDifference {
    value
    low
    high
  }
}
fragment TrialFields on ModelTrial {
  id
  share
  plannedUsers
  stopIfWorse
  promoteIfBetter
  status
  startedAt
  endedAt
  endReason
  newItemSlots
  newItemWithin
  candidate {
    id
    name
    status
  }
  control {
    id
    name
    status
  }
  results {
    since
    until
    withinMinutes
    otherVersionLists
    stillOpen
    users
    plannedUsers
    followRateHalfWidthAtPlan
    planReachedAround
    sampleRatio {
      controlUsers
      candidateUsers
      expectedCandidateShare
      candidateShare
      pValue
      mismatch
    }
    overall {
      ...TrialComparisonFields
    }
    byHistory {
      ...TrialComparisonFields
    }
  }
  timeline {
    at
    users
    followRateDifference {
      value
      low
      high
    }
  }
}`) as unknown as TypedDocumentString<RunningTrialQuery, RunningTrialQueryVariables>;
export const UserServedListsDocument = new TypedDocumentString(`
    query UserServedLists($id: ID!, $first: Int!) {
  user(id: $id) {
    servedLists(first: $first) {
      totalCount
      nodes {
        id
        servedAt
        path
        historyLength
        open
        modelVersion {
          id
          name
        }
        items {
          rank
          newToVersion
          item {
            id
            title
          }
        }
        followed {
          rank
          minutesAfter
          item {
            id
            title
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UserServedListsQuery, UserServedListsQueryVariables>;
export const TrainingOnItsWayDocument = new TypedDocumentString(`
    query TrainingOnItsWay {
  training: modelVersions(status: TRAINING, first: 1) {
    nodes {
      id
      name
      trainingRun {
        stage
        progress
        estimatedFinishAt
      }
    }
  }
  features: jobs(
    queues: [FEATURES]
    states: [WAITING, DELAYED, ACTIVE]
    first: 20
  ) {
    nodes {
      id
      data
      progress {
        stage
        fraction
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TrainingOnItsWayQuery, TrainingOnItsWayQueryVariables>;
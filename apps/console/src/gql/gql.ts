/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ItemDetail($id: ID!) {\n    item(id: $id) {\n      id title description genres year attributes imageUrl status createdAt interactionCount\n      features { modality encoder status error createdAt }\n    }\n  }\n": typeof types.ItemDetailDocument,
    "\n  mutation ItemCreate($input: ItemInput!, $image: Upload) {\n    createItem(input: $input, image: $image) {\n      item { id title }\n      recommendable\n      message\n      features { modality encoder status error }\n      job { id }\n    }\n  }\n": typeof types.ItemCreateDocument,
    "\n  mutation ItemUpdate($id: ID!, $input: ItemPatch!, $image: Upload) {\n    updateItem(id: $id, input: $input, image: $image) { item { id } recommendable message }\n  }\n": typeof types.ItemUpdateDocument,
    "\n  mutation ItemArchive($id: ID!) {\n    archiveItem(id: $id) { item { id status } recommendable message }\n  }\n": typeof types.ItemArchiveDocument,
    "\n  mutation ItemRestore($id: ID!) {\n    restoreItem(id: $id) { item { id status } recommendable message }\n  }\n": typeof types.ItemRestoreDocument,
    "\n  query ItemJobPoll($id: ID!) {\n    job(id: $id) { id queue state progress { stage fraction message } data result error }\n  }\n": typeof types.ItemJobPollDocument,
    "\n  query ItemsList($first: Int!, $after: String, $search: String, $genre: String, $orderBy: ItemOrder) {\n    items(first: $first, after: $after, search: $search, genre: $genre, orderBy: $orderBy) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes { id title year genres imageUrl status interactionCount }\n    }\n  }\n": typeof types.ItemsListDocument,
    "\n  query ItemReach($itemId: ID!, $users: Int!, $depth: Int!, $first: Int!) {\n    itemReach(itemId: $itemId, users: $users, depth: $depth, first: $first) {\n      depth newToVersion usersChecked usersWithHistory reached reachedInNewItemSlot alreadyHad notRanked medianRank reason\n      modelVersion { id name }\n      rankRanges { from to users }\n      byPath { path users reached }\n      users { user { id } historyLength path rank position inNewItemSlot }\n    }\n  }\n": typeof types.ItemReachDocument,
    "\n  query ItemReachWithSlot($itemId: ID!, $users: Int!, $depth: Int!) {\n    itemReach(itemId: $itemId, users: $users, depth: $depth, first: 0, newItems: 1) { usersChecked reached reachedInNewItemSlot }\n  }\n": typeof types.ItemReachWithSlotDocument,
    "\n  query ItemNeighbours($id: ID!, $first: Int!) {\n    similarItems(itemId: $id, first: $first) { similarity item { id title year imageUrl } }\n  }\n": typeof types.ItemNeighboursDocument,
    "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      queue\n      state\n      progress { stage fraction message finishesAt }\n      data\n      result\n      error\n      attempts\n      maxAttempts\n      logs(last: 500)\n      createdAt\n      startedAt\n      finishedAt\n      trainingRun { id status stage progress message error createdAt startedAt finishedAt }\n    }\n  }\n": typeof types.JobDetailDocument,
    "\n  query JobLogs($id: ID!) {\n    job(id: $id) {\n      id\n      state\n      logs(last: 100)\n      trainingRun { id status stage progress message error }\n    }\n  }\n": typeof types.JobLogsDocument,
    "\n  mutation JobCancel($id: ID!, $reason: String) {\n    cancelJob(id: $id, reason: $reason) { id state error }\n  }\n": typeof types.JobCancelDocument,
    "\n  mutation JobRetry($id: ID!) {\n    retryJob(id: $id) { id state }\n  }\n": typeof types.JobRetryDocument,
    "\n  query JobsList($queues: [JobQueue!], $states: [JobState!], $first: Int, $after: String) {\n    jobs(queues: $queues, states: $states, first: $first, after: $after) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes {\n        id\n        queue\n        state\n        progress { stage fraction message finishesAt }\n        data\n        result\n        error\n        attempts\n        maxAttempts\n        createdAt\n        startedAt\n        finishedAt\n        trainingRun { id status stage }\n      }\n    }\n  }\n": typeof types.JobsListDocument,
    "\n  mutation KeyCreate($role: ApiKeyRole!, $name: String!, $rateLimitPerMinute: Int) {\n    createApiKey(role: $role, name: $name, rateLimitPerMinute: $rateLimitPerMinute) {\n      key\n      apiKey { id name role prefix }\n    }\n  }\n": typeof types.KeyCreateDocument,
    "\n  mutation KeyRevoke($id: ID!) {\n    revokeApiKey(id: $id) { id name revokedAt }\n  }\n": typeof types.KeyRevokeDocument,
    "\n  mutation KeyRateLimit($id: ID!, $perMinute: Int) {\n    setApiKeyRateLimit(id: $id, perMinute: $perMinute) { id rateLimitPerMinute }\n  }\n": typeof types.KeyRateLimitDocument,
    "\n  query KeysList {\n    apiKeys { id name role prefix createdAt lastUsedAt revokedAt rateLimitPerMinute rateLimit { perMinute per } refusedLastDay }\n  }\n": typeof types.KeysListDocument,
    "\n  query ModelDetail($id: ID!) {\n    modelVersion(id: $id) {\n      id name status createdAt promotedAt retiredAt metrics encoders\n      trainingRun { id status stage progress message estimatedFinishAt error jobId createdAt startedAt finishedAt report }\n    }\n  }\n": typeof types.ModelDetailDocument,
    "\n  query ModelJudge($id: ID!) {\n    judgePromotion(id: $id) { promote reason candidate active popularity activeVersion { id name } }\n  }\n": typeof types.ModelJudgeDocument,
    "\n  query VersionTrialState {\n    modelTrial { id share newItemSlots newItemWithin candidate { id name } control { id name } }\n    active: modelVersions(status: ACTIVE, first: 1) { nodes { id name } }\n    serving { newItemWithin }\n  }\n": typeof types.VersionTrialStateDocument,
    "\n  mutation ModelsStartTraining($input: TrainingInput) {\n    startTraining(input: $input) { id }\n  }\n": typeof types.ModelsStartTrainingDocument,
    "\n  mutation ModelsPromote($id: ID!) {\n    promoteModelVersion(id: $id) { id name status }\n  }\n": typeof types.ModelsPromoteDocument,
    "\n  mutation ModelsRollback($id: ID) {\n    rollbackModelVersion(id: $id) { id name status }\n  }\n": typeof types.ModelsRollbackDocument,
    "\n  mutation ModelsStartTrial($versionId: ID!, $share: Float!, $plannedUsers: Int, $stopIfWorse: Boolean!, $promoteIfBetter: Boolean!, $newItemSlots: Int, $newItemWithin: Int) {\n    startModelTrial(versionId: $versionId, share: $share, plannedUsers: $plannedUsers, stopIfWorse: $stopIfWorse, promoteIfBetter: $promoteIfBetter, newItemSlots: $newItemSlots, newItemWithin: $newItemWithin) {\n      id share plannedUsers newItemSlots newItemWithin candidate { name } control { name }\n    }\n  }\n": typeof types.ModelsStartTrialDocument,
    "\n  mutation ModelsStopTrial($id: ID) {\n    stopModelTrial(id: $id) { id }\n  }\n": typeof types.ModelsStopTrialDocument,
    "\n  query ModelsJobProgress($id: ID!) {\n    job(id: $id) {\n      id state error result\n      progress { stage fraction message finishesAt }\n      trainingRun { status stage progress message error estimatedFinishAt }\n    }\n    modelVersions(first: 10) { nodes { id name trainingRun { jobId } } }\n  }\n": typeof types.ModelsJobProgressDocument,
    "\n  query ModelsList($first: Int!, $after: String) {\n    modelVersions(first: $first, after: $after) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes {\n        id name status createdAt promotedAt retiredAt metrics\n        trainingRun { status stage progress error jobId estimatedFinishAt }\n      }\n    }\n    active: modelVersions(status: ACTIVE, first: 1) { nodes { id name } }\n    training: modelVersions(status: TRAINING, first: 1) { totalCount }\n  }\n": typeof types.ModelsListDocument,
    "\n  query TrialDetail($id: ID!) {\n    modelTrial(id: $id) { ...TrialFields }\n  }\n": typeof types.TrialDetailDocument,
    "\n  query Overview {\n    health { seeding catalog { users items interactions interactionsLast24h interactionsLast7d } }\n    serving { provider catalogItems error modelVersion { id name status promotedAt metrics } }\n    coldStart(days: 7) {\n      days newItems newItemsRecommendable newItemsWaiting itemsWithoutTrainingEvents newUsers activeUsers coldActiveUsers coldThreshold\n      waitingItems { id title } modelVersion { id name }\n    }\n  }\n": typeof types.OverviewDocument,
    "\n  query OverviewJobs {\n    jobs(first: 5) { totalCount nodes { id queue state createdAt finishedAt error progress { stage fraction } } }\n  }\n": typeof types.OverviewJobsDocument,
    "\n  query PlaygroundSearch($search: String!, $first: Int!) {\n    items(search: $search, first: $first) {\n      nodes { id title imageUrl genres status }\n      totalCount\n    }\n  }\n": typeof types.PlaygroundSearchDocument,
    "\n  query PlaygroundItem($id: ID!) { item(id: $id) { id title imageUrl status } }\n": typeof types.PlaygroundItemDocument,
    "\n  query PlaygroundRecommendations($recent: [ID!]!, $newItems: Int, $within: Int) {\n    recommendations(recentItemIds: $recent, first: 10, newItems: $newItems, newItemsWithin: $within) { ...RecListFields }\n  }\n": typeof types.PlaygroundRecommendationsDocument,
    "\n  mutation ScheduleCreate($input: RetrainScheduleInput!) {\n    createRetrainSchedule(input: $input) { id name nextRunAt }\n  }\n": typeof types.ScheduleCreateDocument,
    "\n  mutation ScheduleUpdate($id: ID!, $input: RetrainSchedulePatch!) {\n    updateRetrainSchedule(id: $id, input: $input) { id name enabled nextRunAt }\n  }\n": typeof types.ScheduleUpdateDocument,
    "\n  mutation ScheduleDelete($id: ID!) {\n    deleteRetrainSchedule(id: $id) { id name }\n  }\n": typeof types.ScheduleDeleteDocument,
    "\n  query SchedulesList {\n    retrainSchedules { id name cron timezone enabled autoPromote config lastRunAt nextRunAt createdAt updatedAt }\n  }\n": typeof types.SchedulesListDocument,
    "\n  query Viewer {\n    viewer { id name role revokedAt }\n  }\n": typeof types.ViewerDocument,
    "\n  query UserDetail($id: ID!, $first: Int!, $after: String) {\n    user(id: $id) {\n      id\n      createdAt\n      interactionCount\n      attributes\n      interactions(first: $first, after: $after) {\n        nodes { id kind value occurredAt item { id title imageUrl } }\n        pageInfo { endCursor hasNextPage }\n        totalCount\n      }\n    }\n  }\n": typeof types.UserDetailDocument,
    "\n  query UserRecommendations($id: ID!) {\n    recommendations(userId: $id, first: 10) { ...RecListFields }\n  }\n": typeof types.UserRecommendationsDocument,
    "\n  mutation UserDelete($id: ID!) {\n    deleteUser(id: $id) { id deletedInteractions }\n  }\n": typeof types.UserDeleteDocument,
    "\n  query UsersList($first: Int!, $after: String, $orderBy: UserOrder, $cold: Boolean) {\n    users(first: $first, after: $after, orderBy: $orderBy, cold: $cold) {\n      nodes { id createdAt interactionCount firstActiveAt lastActiveAt }\n      pageInfo { endCursor hasNextPage }\n      totalCount\n    }\n  }\n": typeof types.UsersListDocument,
    "\n  query UsersLookup($id: ID!) { user(id: $id) { id } }\n": typeof types.UsersLookupDocument,
    "\n  query UsersColdThreshold { serving { coldThreshold } }\n": typeof types.UsersColdThresholdDocument,
    "\n  query ModelOutcomes($since: DateTime!, $version: ID) {\n    recommendationOutcomes(since: $since, modelVersionId: $version) {\n      withinMinutes sample retentionDays\n      rows { modelVersion { id name } path historyFrom historyTo lists followed followRate meanReciprocalRank stillOpen }\n    }\n  }\n": typeof types.ModelOutcomesDocument,
    "\n  fragment RecListFields on RecommendationList {\n    source\n    reason\n    fewShot\n    fewShotReason\n    historyLength\n    explanation { id text image }\n    modelVersion { id name }\n    items { rank score newItem newToVersion becauseSimilarity because { id title } item { id title imageUrl genres } }\n  }\n": typeof types.RecListFieldsFragmentDoc,
    "\n  fragment TrialArmFields on TrialArm { users lists followed followRate meanReciprocalRank newItemLists newItemFollowed newItemFollowRate }\n": typeof types.TrialArmFieldsFragmentDoc,
    "\n  fragment TrialComparisonFields on TrialComparison {\n    historyFrom historyTo\n    control { ...TrialArmFields }\n    candidate { ...TrialArmFields }\n    followRateDifference { value low high standardError }\n    meanReciprocalRankDifference { value low high }\n    newItemFollowRateDifference { value low high }\n  }\n": typeof types.TrialComparisonFieldsFragmentDoc,
    "\n  fragment TrialFields on ModelTrial {\n    id share plannedUsers stopIfWorse promoteIfBetter status startedAt endedAt endReason newItemSlots newItemWithin\n    candidate { id name status }\n    control { id name status }\n    results {\n      since until withinMinutes otherVersionLists stillOpen users plannedUsers followRateHalfWidthAtPlan planReachedAround\n      sampleRatio { controlUsers candidateUsers expectedCandidateShare candidateShare pValue mismatch }\n      overall { ...TrialComparisonFields }\n      byHistory { ...TrialComparisonFields }\n    }\n    timeline { at users followRateDifference { value low high } }\n  }\n": typeof types.TrialFieldsFragmentDoc,
    "\n  query PastTrials($first: Int!) {\n    modelTrials(first: $first) {\n      totalCount\n      nodes { id share status startedAt endedAt endReason newItemSlots newItemWithin candidate { id name } control { id name } }\n    }\n  }\n": typeof types.PastTrialsDocument,
    "\n  query RunningTrial {\n    modelTrial { ...TrialFields }\n    serving { trialError }\n  }\n": typeof types.RunningTrialDocument,
    "\n  query UserServedLists($id: ID!, $first: Int!) {\n    user(id: $id) {\n      servedLists(first: $first) {\n        totalCount\n        nodes {\n          id servedAt path historyLength open\n          modelVersion { id name }\n          items { rank newToVersion item { id title } }\n          followed { rank minutesAfter item { id title } }\n        }\n      }\n    }\n  }\n": typeof types.UserServedListsDocument,
    "\n  query TrainingOnItsWay {\n    training: modelVersions(status: TRAINING, first: 1) { nodes { id name trainingRun { stage progress estimatedFinishAt } } }\n    features: jobs(queues: [FEATURES], states: [WAITING, DELAYED, ACTIVE], first: 20) { nodes { id data progress { stage fraction } } }\n  }\n": typeof types.TrainingOnItsWayDocument,
};
const documents: Documents = {
    "\n  query ItemDetail($id: ID!) {\n    item(id: $id) {\n      id title description genres year attributes imageUrl status createdAt interactionCount\n      features { modality encoder status error createdAt }\n    }\n  }\n": types.ItemDetailDocument,
    "\n  mutation ItemCreate($input: ItemInput!, $image: Upload) {\n    createItem(input: $input, image: $image) {\n      item { id title }\n      recommendable\n      message\n      features { modality encoder status error }\n      job { id }\n    }\n  }\n": types.ItemCreateDocument,
    "\n  mutation ItemUpdate($id: ID!, $input: ItemPatch!, $image: Upload) {\n    updateItem(id: $id, input: $input, image: $image) { item { id } recommendable message }\n  }\n": types.ItemUpdateDocument,
    "\n  mutation ItemArchive($id: ID!) {\n    archiveItem(id: $id) { item { id status } recommendable message }\n  }\n": types.ItemArchiveDocument,
    "\n  mutation ItemRestore($id: ID!) {\n    restoreItem(id: $id) { item { id status } recommendable message }\n  }\n": types.ItemRestoreDocument,
    "\n  query ItemJobPoll($id: ID!) {\n    job(id: $id) { id queue state progress { stage fraction message } data result error }\n  }\n": types.ItemJobPollDocument,
    "\n  query ItemsList($first: Int!, $after: String, $search: String, $genre: String, $orderBy: ItemOrder) {\n    items(first: $first, after: $after, search: $search, genre: $genre, orderBy: $orderBy) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes { id title year genres imageUrl status interactionCount }\n    }\n  }\n": types.ItemsListDocument,
    "\n  query ItemReach($itemId: ID!, $users: Int!, $depth: Int!, $first: Int!) {\n    itemReach(itemId: $itemId, users: $users, depth: $depth, first: $first) {\n      depth newToVersion usersChecked usersWithHistory reached reachedInNewItemSlot alreadyHad notRanked medianRank reason\n      modelVersion { id name }\n      rankRanges { from to users }\n      byPath { path users reached }\n      users { user { id } historyLength path rank position inNewItemSlot }\n    }\n  }\n": types.ItemReachDocument,
    "\n  query ItemReachWithSlot($itemId: ID!, $users: Int!, $depth: Int!) {\n    itemReach(itemId: $itemId, users: $users, depth: $depth, first: 0, newItems: 1) { usersChecked reached reachedInNewItemSlot }\n  }\n": types.ItemReachWithSlotDocument,
    "\n  query ItemNeighbours($id: ID!, $first: Int!) {\n    similarItems(itemId: $id, first: $first) { similarity item { id title year imageUrl } }\n  }\n": types.ItemNeighboursDocument,
    "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      queue\n      state\n      progress { stage fraction message finishesAt }\n      data\n      result\n      error\n      attempts\n      maxAttempts\n      logs(last: 500)\n      createdAt\n      startedAt\n      finishedAt\n      trainingRun { id status stage progress message error createdAt startedAt finishedAt }\n    }\n  }\n": types.JobDetailDocument,
    "\n  query JobLogs($id: ID!) {\n    job(id: $id) {\n      id\n      state\n      logs(last: 100)\n      trainingRun { id status stage progress message error }\n    }\n  }\n": types.JobLogsDocument,
    "\n  mutation JobCancel($id: ID!, $reason: String) {\n    cancelJob(id: $id, reason: $reason) { id state error }\n  }\n": types.JobCancelDocument,
    "\n  mutation JobRetry($id: ID!) {\n    retryJob(id: $id) { id state }\n  }\n": types.JobRetryDocument,
    "\n  query JobsList($queues: [JobQueue!], $states: [JobState!], $first: Int, $after: String) {\n    jobs(queues: $queues, states: $states, first: $first, after: $after) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes {\n        id\n        queue\n        state\n        progress { stage fraction message finishesAt }\n        data\n        result\n        error\n        attempts\n        maxAttempts\n        createdAt\n        startedAt\n        finishedAt\n        trainingRun { id status stage }\n      }\n    }\n  }\n": types.JobsListDocument,
    "\n  mutation KeyCreate($role: ApiKeyRole!, $name: String!, $rateLimitPerMinute: Int) {\n    createApiKey(role: $role, name: $name, rateLimitPerMinute: $rateLimitPerMinute) {\n      key\n      apiKey { id name role prefix }\n    }\n  }\n": types.KeyCreateDocument,
    "\n  mutation KeyRevoke($id: ID!) {\n    revokeApiKey(id: $id) { id name revokedAt }\n  }\n": types.KeyRevokeDocument,
    "\n  mutation KeyRateLimit($id: ID!, $perMinute: Int) {\n    setApiKeyRateLimit(id: $id, perMinute: $perMinute) { id rateLimitPerMinute }\n  }\n": types.KeyRateLimitDocument,
    "\n  query KeysList {\n    apiKeys { id name role prefix createdAt lastUsedAt revokedAt rateLimitPerMinute rateLimit { perMinute per } refusedLastDay }\n  }\n": types.KeysListDocument,
    "\n  query ModelDetail($id: ID!) {\n    modelVersion(id: $id) {\n      id name status createdAt promotedAt retiredAt metrics encoders\n      trainingRun { id status stage progress message estimatedFinishAt error jobId createdAt startedAt finishedAt report }\n    }\n  }\n": types.ModelDetailDocument,
    "\n  query ModelJudge($id: ID!) {\n    judgePromotion(id: $id) { promote reason candidate active popularity activeVersion { id name } }\n  }\n": types.ModelJudgeDocument,
    "\n  query VersionTrialState {\n    modelTrial { id share newItemSlots newItemWithin candidate { id name } control { id name } }\n    active: modelVersions(status: ACTIVE, first: 1) { nodes { id name } }\n    serving { newItemWithin }\n  }\n": types.VersionTrialStateDocument,
    "\n  mutation ModelsStartTraining($input: TrainingInput) {\n    startTraining(input: $input) { id }\n  }\n": types.ModelsStartTrainingDocument,
    "\n  mutation ModelsPromote($id: ID!) {\n    promoteModelVersion(id: $id) { id name status }\n  }\n": types.ModelsPromoteDocument,
    "\n  mutation ModelsRollback($id: ID) {\n    rollbackModelVersion(id: $id) { id name status }\n  }\n": types.ModelsRollbackDocument,
    "\n  mutation ModelsStartTrial($versionId: ID!, $share: Float!, $plannedUsers: Int, $stopIfWorse: Boolean!, $promoteIfBetter: Boolean!, $newItemSlots: Int, $newItemWithin: Int) {\n    startModelTrial(versionId: $versionId, share: $share, plannedUsers: $plannedUsers, stopIfWorse: $stopIfWorse, promoteIfBetter: $promoteIfBetter, newItemSlots: $newItemSlots, newItemWithin: $newItemWithin) {\n      id share plannedUsers newItemSlots newItemWithin candidate { name } control { name }\n    }\n  }\n": types.ModelsStartTrialDocument,
    "\n  mutation ModelsStopTrial($id: ID) {\n    stopModelTrial(id: $id) { id }\n  }\n": types.ModelsStopTrialDocument,
    "\n  query ModelsJobProgress($id: ID!) {\n    job(id: $id) {\n      id state error result\n      progress { stage fraction message finishesAt }\n      trainingRun { status stage progress message error estimatedFinishAt }\n    }\n    modelVersions(first: 10) { nodes { id name trainingRun { jobId } } }\n  }\n": types.ModelsJobProgressDocument,
    "\n  query ModelsList($first: Int!, $after: String) {\n    modelVersions(first: $first, after: $after) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes {\n        id name status createdAt promotedAt retiredAt metrics\n        trainingRun { status stage progress error jobId estimatedFinishAt }\n      }\n    }\n    active: modelVersions(status: ACTIVE, first: 1) { nodes { id name } }\n    training: modelVersions(status: TRAINING, first: 1) { totalCount }\n  }\n": types.ModelsListDocument,
    "\n  query TrialDetail($id: ID!) {\n    modelTrial(id: $id) { ...TrialFields }\n  }\n": types.TrialDetailDocument,
    "\n  query Overview {\n    health { seeding catalog { users items interactions interactionsLast24h interactionsLast7d } }\n    serving { provider catalogItems error modelVersion { id name status promotedAt metrics } }\n    coldStart(days: 7) {\n      days newItems newItemsRecommendable newItemsWaiting itemsWithoutTrainingEvents newUsers activeUsers coldActiveUsers coldThreshold\n      waitingItems { id title } modelVersion { id name }\n    }\n  }\n": types.OverviewDocument,
    "\n  query OverviewJobs {\n    jobs(first: 5) { totalCount nodes { id queue state createdAt finishedAt error progress { stage fraction } } }\n  }\n": types.OverviewJobsDocument,
    "\n  query PlaygroundSearch($search: String!, $first: Int!) {\n    items(search: $search, first: $first) {\n      nodes { id title imageUrl genres status }\n      totalCount\n    }\n  }\n": types.PlaygroundSearchDocument,
    "\n  query PlaygroundItem($id: ID!) { item(id: $id) { id title imageUrl status } }\n": types.PlaygroundItemDocument,
    "\n  query PlaygroundRecommendations($recent: [ID!]!, $newItems: Int, $within: Int) {\n    recommendations(recentItemIds: $recent, first: 10, newItems: $newItems, newItemsWithin: $within) { ...RecListFields }\n  }\n": types.PlaygroundRecommendationsDocument,
    "\n  mutation ScheduleCreate($input: RetrainScheduleInput!) {\n    createRetrainSchedule(input: $input) { id name nextRunAt }\n  }\n": types.ScheduleCreateDocument,
    "\n  mutation ScheduleUpdate($id: ID!, $input: RetrainSchedulePatch!) {\n    updateRetrainSchedule(id: $id, input: $input) { id name enabled nextRunAt }\n  }\n": types.ScheduleUpdateDocument,
    "\n  mutation ScheduleDelete($id: ID!) {\n    deleteRetrainSchedule(id: $id) { id name }\n  }\n": types.ScheduleDeleteDocument,
    "\n  query SchedulesList {\n    retrainSchedules { id name cron timezone enabled autoPromote config lastRunAt nextRunAt createdAt updatedAt }\n  }\n": types.SchedulesListDocument,
    "\n  query Viewer {\n    viewer { id name role revokedAt }\n  }\n": types.ViewerDocument,
    "\n  query UserDetail($id: ID!, $first: Int!, $after: String) {\n    user(id: $id) {\n      id\n      createdAt\n      interactionCount\n      attributes\n      interactions(first: $first, after: $after) {\n        nodes { id kind value occurredAt item { id title imageUrl } }\n        pageInfo { endCursor hasNextPage }\n        totalCount\n      }\n    }\n  }\n": types.UserDetailDocument,
    "\n  query UserRecommendations($id: ID!) {\n    recommendations(userId: $id, first: 10) { ...RecListFields }\n  }\n": types.UserRecommendationsDocument,
    "\n  mutation UserDelete($id: ID!) {\n    deleteUser(id: $id) { id deletedInteractions }\n  }\n": types.UserDeleteDocument,
    "\n  query UsersList($first: Int!, $after: String, $orderBy: UserOrder, $cold: Boolean) {\n    users(first: $first, after: $after, orderBy: $orderBy, cold: $cold) {\n      nodes { id createdAt interactionCount firstActiveAt lastActiveAt }\n      pageInfo { endCursor hasNextPage }\n      totalCount\n    }\n  }\n": types.UsersListDocument,
    "\n  query UsersLookup($id: ID!) { user(id: $id) { id } }\n": types.UsersLookupDocument,
    "\n  query UsersColdThreshold { serving { coldThreshold } }\n": types.UsersColdThresholdDocument,
    "\n  query ModelOutcomes($since: DateTime!, $version: ID) {\n    recommendationOutcomes(since: $since, modelVersionId: $version) {\n      withinMinutes sample retentionDays\n      rows { modelVersion { id name } path historyFrom historyTo lists followed followRate meanReciprocalRank stillOpen }\n    }\n  }\n": types.ModelOutcomesDocument,
    "\n  fragment RecListFields on RecommendationList {\n    source\n    reason\n    fewShot\n    fewShotReason\n    historyLength\n    explanation { id text image }\n    modelVersion { id name }\n    items { rank score newItem newToVersion becauseSimilarity because { id title } item { id title imageUrl genres } }\n  }\n": types.RecListFieldsFragmentDoc,
    "\n  fragment TrialArmFields on TrialArm { users lists followed followRate meanReciprocalRank newItemLists newItemFollowed newItemFollowRate }\n": types.TrialArmFieldsFragmentDoc,
    "\n  fragment TrialComparisonFields on TrialComparison {\n    historyFrom historyTo\n    control { ...TrialArmFields }\n    candidate { ...TrialArmFields }\n    followRateDifference { value low high standardError }\n    meanReciprocalRankDifference { value low high }\n    newItemFollowRateDifference { value low high }\n  }\n": types.TrialComparisonFieldsFragmentDoc,
    "\n  fragment TrialFields on ModelTrial {\n    id share plannedUsers stopIfWorse promoteIfBetter status startedAt endedAt endReason newItemSlots newItemWithin\n    candidate { id name status }\n    control { id name status }\n    results {\n      since until withinMinutes otherVersionLists stillOpen users plannedUsers followRateHalfWidthAtPlan planReachedAround\n      sampleRatio { controlUsers candidateUsers expectedCandidateShare candidateShare pValue mismatch }\n      overall { ...TrialComparisonFields }\n      byHistory { ...TrialComparisonFields }\n    }\n    timeline { at users followRateDifference { value low high } }\n  }\n": types.TrialFieldsFragmentDoc,
    "\n  query PastTrials($first: Int!) {\n    modelTrials(first: $first) {\n      totalCount\n      nodes { id share status startedAt endedAt endReason newItemSlots newItemWithin candidate { id name } control { id name } }\n    }\n  }\n": types.PastTrialsDocument,
    "\n  query RunningTrial {\n    modelTrial { ...TrialFields }\n    serving { trialError }\n  }\n": types.RunningTrialDocument,
    "\n  query UserServedLists($id: ID!, $first: Int!) {\n    user(id: $id) {\n      servedLists(first: $first) {\n        totalCount\n        nodes {\n          id servedAt path historyLength open\n          modelVersion { id name }\n          items { rank newToVersion item { id title } }\n          followed { rank minutesAfter item { id title } }\n        }\n      }\n    }\n  }\n": types.UserServedListsDocument,
    "\n  query TrainingOnItsWay {\n    training: modelVersions(status: TRAINING, first: 1) { nodes { id name trainingRun { stage progress estimatedFinishAt } } }\n    features: jobs(queues: [FEATURES], states: [WAITING, DELAYED, ACTIVE], first: 20) { nodes { id data progress { stage fraction } } }\n  }\n": types.TrainingOnItsWayDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemDetail($id: ID!) {\n    item(id: $id) {\n      id title description genres year attributes imageUrl status createdAt interactionCount\n      features { modality encoder status error createdAt }\n    }\n  }\n"): typeof import('./graphql').ItemDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ItemCreate($input: ItemInput!, $image: Upload) {\n    createItem(input: $input, image: $image) {\n      item { id title }\n      recommendable\n      message\n      features { modality encoder status error }\n      job { id }\n    }\n  }\n"): typeof import('./graphql').ItemCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ItemUpdate($id: ID!, $input: ItemPatch!, $image: Upload) {\n    updateItem(id: $id, input: $input, image: $image) { item { id } recommendable message }\n  }\n"): typeof import('./graphql').ItemUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ItemArchive($id: ID!) {\n    archiveItem(id: $id) { item { id status } recommendable message }\n  }\n"): typeof import('./graphql').ItemArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ItemRestore($id: ID!) {\n    restoreItem(id: $id) { item { id status } recommendable message }\n  }\n"): typeof import('./graphql').ItemRestoreDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemJobPoll($id: ID!) {\n    job(id: $id) { id queue state progress { stage fraction message } data result error }\n  }\n"): typeof import('./graphql').ItemJobPollDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemsList($first: Int!, $after: String, $search: String, $genre: String, $orderBy: ItemOrder) {\n    items(first: $first, after: $after, search: $search, genre: $genre, orderBy: $orderBy) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes { id title year genres imageUrl status interactionCount }\n    }\n  }\n"): typeof import('./graphql').ItemsListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemReach($itemId: ID!, $users: Int!, $depth: Int!, $first: Int!) {\n    itemReach(itemId: $itemId, users: $users, depth: $depth, first: $first) {\n      depth newToVersion usersChecked usersWithHistory reached reachedInNewItemSlot alreadyHad notRanked medianRank reason\n      modelVersion { id name }\n      rankRanges { from to users }\n      byPath { path users reached }\n      users { user { id } historyLength path rank position inNewItemSlot }\n    }\n  }\n"): typeof import('./graphql').ItemReachDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemReachWithSlot($itemId: ID!, $users: Int!, $depth: Int!) {\n    itemReach(itemId: $itemId, users: $users, depth: $depth, first: 0, newItems: 1) { usersChecked reached reachedInNewItemSlot }\n  }\n"): typeof import('./graphql').ItemReachWithSlotDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemNeighbours($id: ID!, $first: Int!) {\n    similarItems(itemId: $id, first: $first) { similarity item { id title year imageUrl } }\n  }\n"): typeof import('./graphql').ItemNeighboursDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      queue\n      state\n      progress { stage fraction message finishesAt }\n      data\n      result\n      error\n      attempts\n      maxAttempts\n      logs(last: 500)\n      createdAt\n      startedAt\n      finishedAt\n      trainingRun { id status stage progress message error createdAt startedAt finishedAt }\n    }\n  }\n"): typeof import('./graphql').JobDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobLogs($id: ID!) {\n    job(id: $id) {\n      id\n      state\n      logs(last: 100)\n      trainingRun { id status stage progress message error }\n    }\n  }\n"): typeof import('./graphql').JobLogsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobCancel($id: ID!, $reason: String) {\n    cancelJob(id: $id, reason: $reason) { id state error }\n  }\n"): typeof import('./graphql').JobCancelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobRetry($id: ID!) {\n    retryJob(id: $id) { id state }\n  }\n"): typeof import('./graphql').JobRetryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobsList($queues: [JobQueue!], $states: [JobState!], $first: Int, $after: String) {\n    jobs(queues: $queues, states: $states, first: $first, after: $after) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes {\n        id\n        queue\n        state\n        progress { stage fraction message finishesAt }\n        data\n        result\n        error\n        attempts\n        maxAttempts\n        createdAt\n        startedAt\n        finishedAt\n        trainingRun { id status stage }\n      }\n    }\n  }\n"): typeof import('./graphql').JobsListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KeyCreate($role: ApiKeyRole!, $name: String!, $rateLimitPerMinute: Int) {\n    createApiKey(role: $role, name: $name, rateLimitPerMinute: $rateLimitPerMinute) {\n      key\n      apiKey { id name role prefix }\n    }\n  }\n"): typeof import('./graphql').KeyCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KeyRevoke($id: ID!) {\n    revokeApiKey(id: $id) { id name revokedAt }\n  }\n"): typeof import('./graphql').KeyRevokeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KeyRateLimit($id: ID!, $perMinute: Int) {\n    setApiKeyRateLimit(id: $id, perMinute: $perMinute) { id rateLimitPerMinute }\n  }\n"): typeof import('./graphql').KeyRateLimitDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeysList {\n    apiKeys { id name role prefix createdAt lastUsedAt revokedAt rateLimitPerMinute rateLimit { perMinute per } refusedLastDay }\n  }\n"): typeof import('./graphql').KeysListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelDetail($id: ID!) {\n    modelVersion(id: $id) {\n      id name status createdAt promotedAt retiredAt metrics encoders\n      trainingRun { id status stage progress message estimatedFinishAt error jobId createdAt startedAt finishedAt report }\n    }\n  }\n"): typeof import('./graphql').ModelDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelJudge($id: ID!) {\n    judgePromotion(id: $id) { promote reason candidate active popularity activeVersion { id name } }\n  }\n"): typeof import('./graphql').ModelJudgeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionTrialState {\n    modelTrial { id share newItemSlots newItemWithin candidate { id name } control { id name } }\n    active: modelVersions(status: ACTIVE, first: 1) { nodes { id name } }\n    serving { newItemWithin }\n  }\n"): typeof import('./graphql').VersionTrialStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ModelsStartTraining($input: TrainingInput) {\n    startTraining(input: $input) { id }\n  }\n"): typeof import('./graphql').ModelsStartTrainingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ModelsPromote($id: ID!) {\n    promoteModelVersion(id: $id) { id name status }\n  }\n"): typeof import('./graphql').ModelsPromoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ModelsRollback($id: ID) {\n    rollbackModelVersion(id: $id) { id name status }\n  }\n"): typeof import('./graphql').ModelsRollbackDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ModelsStartTrial($versionId: ID!, $share: Float!, $plannedUsers: Int, $stopIfWorse: Boolean!, $promoteIfBetter: Boolean!, $newItemSlots: Int, $newItemWithin: Int) {\n    startModelTrial(versionId: $versionId, share: $share, plannedUsers: $plannedUsers, stopIfWorse: $stopIfWorse, promoteIfBetter: $promoteIfBetter, newItemSlots: $newItemSlots, newItemWithin: $newItemWithin) {\n      id share plannedUsers newItemSlots newItemWithin candidate { name } control { name }\n    }\n  }\n"): typeof import('./graphql').ModelsStartTrialDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ModelsStopTrial($id: ID) {\n    stopModelTrial(id: $id) { id }\n  }\n"): typeof import('./graphql').ModelsStopTrialDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelsJobProgress($id: ID!) {\n    job(id: $id) {\n      id state error result\n      progress { stage fraction message finishesAt }\n      trainingRun { status stage progress message error estimatedFinishAt }\n    }\n    modelVersions(first: 10) { nodes { id name trainingRun { jobId } } }\n  }\n"): typeof import('./graphql').ModelsJobProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelsList($first: Int!, $after: String) {\n    modelVersions(first: $first, after: $after) {\n      totalCount\n      pageInfo { endCursor hasNextPage }\n      nodes {\n        id name status createdAt promotedAt retiredAt metrics\n        trainingRun { status stage progress error jobId estimatedFinishAt }\n      }\n    }\n    active: modelVersions(status: ACTIVE, first: 1) { nodes { id name } }\n    training: modelVersions(status: TRAINING, first: 1) { totalCount }\n  }\n"): typeof import('./graphql').ModelsListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrialDetail($id: ID!) {\n    modelTrial(id: $id) { ...TrialFields }\n  }\n"): typeof import('./graphql').TrialDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview {\n    health { seeding catalog { users items interactions interactionsLast24h interactionsLast7d } }\n    serving { provider catalogItems error modelVersion { id name status promotedAt metrics } }\n    coldStart(days: 7) {\n      days newItems newItemsRecommendable newItemsWaiting itemsWithoutTrainingEvents newUsers activeUsers coldActiveUsers coldThreshold\n      waitingItems { id title } modelVersion { id name }\n    }\n  }\n"): typeof import('./graphql').OverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewJobs {\n    jobs(first: 5) { totalCount nodes { id queue state createdAt finishedAt error progress { stage fraction } } }\n  }\n"): typeof import('./graphql').OverviewJobsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlaygroundSearch($search: String!, $first: Int!) {\n    items(search: $search, first: $first) {\n      nodes { id title imageUrl genres status }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').PlaygroundSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlaygroundItem($id: ID!) { item(id: $id) { id title imageUrl status } }\n"): typeof import('./graphql').PlaygroundItemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlaygroundRecommendations($recent: [ID!]!, $newItems: Int, $within: Int) {\n    recommendations(recentItemIds: $recent, first: 10, newItems: $newItems, newItemsWithin: $within) { ...RecListFields }\n  }\n"): typeof import('./graphql').PlaygroundRecommendationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScheduleCreate($input: RetrainScheduleInput!) {\n    createRetrainSchedule(input: $input) { id name nextRunAt }\n  }\n"): typeof import('./graphql').ScheduleCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScheduleUpdate($id: ID!, $input: RetrainSchedulePatch!) {\n    updateRetrainSchedule(id: $id, input: $input) { id name enabled nextRunAt }\n  }\n"): typeof import('./graphql').ScheduleUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScheduleDelete($id: ID!) {\n    deleteRetrainSchedule(id: $id) { id name }\n  }\n"): typeof import('./graphql').ScheduleDeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchedulesList {\n    retrainSchedules { id name cron timezone enabled autoPromote config lastRunAt nextRunAt createdAt updatedAt }\n  }\n"): typeof import('./graphql').SchedulesListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer { id name role revokedAt }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserDetail($id: ID!, $first: Int!, $after: String) {\n    user(id: $id) {\n      id\n      createdAt\n      interactionCount\n      attributes\n      interactions(first: $first, after: $after) {\n        nodes { id kind value occurredAt item { id title imageUrl } }\n        pageInfo { endCursor hasNextPage }\n        totalCount\n      }\n    }\n  }\n"): typeof import('./graphql').UserDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserRecommendations($id: ID!) {\n    recommendations(userId: $id, first: 10) { ...RecListFields }\n  }\n"): typeof import('./graphql').UserRecommendationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UserDelete($id: ID!) {\n    deleteUser(id: $id) { id deletedInteractions }\n  }\n"): typeof import('./graphql').UserDeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersList($first: Int!, $after: String, $orderBy: UserOrder, $cold: Boolean) {\n    users(first: $first, after: $after, orderBy: $orderBy, cold: $cold) {\n      nodes { id createdAt interactionCount firstActiveAt lastActiveAt }\n      pageInfo { endCursor hasNextPage }\n      totalCount\n    }\n  }\n"): typeof import('./graphql').UsersListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersLookup($id: ID!) { user(id: $id) { id } }\n"): typeof import('./graphql').UsersLookupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersColdThreshold { serving { coldThreshold } }\n"): typeof import('./graphql').UsersColdThresholdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelOutcomes($since: DateTime!, $version: ID) {\n    recommendationOutcomes(since: $since, modelVersionId: $version) {\n      withinMinutes sample retentionDays\n      rows { modelVersion { id name } path historyFrom historyTo lists followed followRate meanReciprocalRank stillOpen }\n    }\n  }\n"): typeof import('./graphql').ModelOutcomesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RecListFields on RecommendationList {\n    source\n    reason\n    fewShot\n    fewShotReason\n    historyLength\n    explanation { id text image }\n    modelVersion { id name }\n    items { rank score newItem newToVersion becauseSimilarity because { id title } item { id title imageUrl genres } }\n  }\n"): typeof import('./graphql').RecListFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TrialArmFields on TrialArm { users lists followed followRate meanReciprocalRank newItemLists newItemFollowed newItemFollowRate }\n"): typeof import('./graphql').TrialArmFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TrialComparisonFields on TrialComparison {\n    historyFrom historyTo\n    control { ...TrialArmFields }\n    candidate { ...TrialArmFields }\n    followRateDifference { value low high standardError }\n    meanReciprocalRankDifference { value low high }\n    newItemFollowRateDifference { value low high }\n  }\n"): typeof import('./graphql').TrialComparisonFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TrialFields on ModelTrial {\n    id share plannedUsers stopIfWorse promoteIfBetter status startedAt endedAt endReason newItemSlots newItemWithin\n    candidate { id name status }\n    control { id name status }\n    results {\n      since until withinMinutes otherVersionLists stillOpen users plannedUsers followRateHalfWidthAtPlan planReachedAround\n      sampleRatio { controlUsers candidateUsers expectedCandidateShare candidateShare pValue mismatch }\n      overall { ...TrialComparisonFields }\n      byHistory { ...TrialComparisonFields }\n    }\n    timeline { at users followRateDifference { value low high } }\n  }\n"): typeof import('./graphql').TrialFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PastTrials($first: Int!) {\n    modelTrials(first: $first) {\n      totalCount\n      nodes { id share status startedAt endedAt endReason newItemSlots newItemWithin candidate { id name } control { id name } }\n    }\n  }\n"): typeof import('./graphql').PastTrialsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunningTrial {\n    modelTrial { ...TrialFields }\n    serving { trialError }\n  }\n"): typeof import('./graphql').RunningTrialDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserServedLists($id: ID!, $first: Int!) {\n    user(id: $id) {\n      servedLists(first: $first) {\n        totalCount\n        nodes {\n          id servedAt path historyLength open\n          modelVersion { id name }\n          items { rank newToVersion item { id title } }\n          followed { rank minutesAfter item { id title } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UserServedListsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrainingOnItsWay {\n    training: modelVersions(status: TRAINING, first: 1) { nodes { id name trainingRun { stage progress estimatedFinishAt } } }\n    features: jobs(queues: [FEATURES], states: [WAITING, DELAYED, ACTIVE], first: 20) { nodes { id data progress { stage fraction } } }\n  }\n"): typeof import('./graphql').TrainingOnItsWayDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

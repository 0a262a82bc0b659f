import { graphql } from '@/gql';
import type { TrialFieldsFragment } from '@/gql/graphql';

/** One arm's counts, as each comparison shows them. */
export const TrialArmFields = graphql(`
  fragment TrialArmFields on TrialArm { users lists followed followRate meanReciprocalRank newItemLists newItemFollowed newItemFollowRate }
`);

/** The two arms compared over some users (overall, or one range of their events), with the differences. */
export const TrialComparisonFields = graphql(`
  fragment TrialComparisonFields on TrialComparison {
    historyFrom historyTo
    control { ...TrialArmFields }
    candidate { ...TrialArmFields }
    followRateDifference { value low high standardError }
    meanReciprocalRankDifference { value low high }
    newItemFollowRateDifference { value low high }
  }
`);

/** What a trial's panel shows: include `...TrialFields` in a `modelTrial` selection. */
export const TrialFields = graphql(`
  fragment TrialFields on ModelTrial {
    id share plannedUsers stopIfWorse promoteIfBetter status startedAt endedAt endReason newItemSlots newItemWithin
    candidate { id name status }
    control { id name status }
    results {
      since until withinMinutes otherVersionLists stillOpen users plannedUsers followRateHalfWidthAtPlan planReachedAround
      sampleRatio { controlUsers candidateUsers expectedCandidateShare candidateShare pValue mismatch }
      overall { ...TrialComparisonFields }
      byHistory { ...TrialComparisonFields }
    }
    timeline { at users followRateDifference { value low high } }
  }
`);

/** The two arms compared over some users: the overall row, or one of byHistory's. */
export type TrialComparison = TrialFieldsFragment['results']['overall'];

/** One arm's counts. */
export type TrialArm = TrialComparison['control'];

import { graphql } from '@/gql';
import type { TrialFieldsFragment } from '@/gql/graphql';

/**
 * What a trial's panel shows: include `...TrialFields` in a `modelTrial` selection. The comparisons' fields are
 * written out twice rather than as fragments of their own: the api counts each fragment spread as nesting, and
 * nested fragments went past its limit of 8 levels.
 */
export const TrialFields = graphql(`
  fragment TrialFields on ModelTrial {
    id share status startedAt endedAt
    candidate { id name status }
    control { id name status }
    results {
      since until withinMinutes otherVersionLists stillOpen
      overall {
        historyFrom historyTo
        control { users lists followed followRate meanReciprocalRank }
        candidate { users lists followed followRate meanReciprocalRank }
        followRateDifference { value low high }
        meanReciprocalRankDifference { value low high }
      }
      byHistory {
        historyFrom historyTo
        control { users lists followed followRate meanReciprocalRank }
        candidate { users lists followed followRate meanReciprocalRank }
        followRateDifference { value low high }
        meanReciprocalRankDifference { value low high }
      }
    }
  }
`);

/** The two arms compared over some users: the overall row, or one of byHistory's. */
export type TrialComparison = TrialFieldsFragment['results']['overall'];

/** One arm's counts. */
export type TrialArm = TrialComparison['control'];

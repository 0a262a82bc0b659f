/**
 * Whether a trial's arms hold the users its share says they should (a sample-ratio check). Users are drawn into the
 * arms by a hash, so the split can only drift from the share when something between the draw and the count treats
 * the arms differently: lists of one arm lost or never written, replicas that disagree on the trial, or the
 * candidate changing who comes back to be counted (each version's own list for users without history, say). Then the
 * arms are no longer the same population, and their comparison, however tight its interval, says nothing about the
 * version. Checking the split is the first thing an online experiment's results must pass.
 *
 * The test is anytime-valid, like the results' interval (they are read every day): the Dirichlet-multinomial
 * mixture likelihood ratio of Lindon & Malek ("Anytime-valid inference for multinomial count data", NeurIPS 2022),
 * with the prior centred on the planned split. Under the planned split it is a nonnegative martingale with mean 1,
 * so by Ville's inequality it ever reaches 1/a with probability at most a, however often it is looked at. Its
 * p-value is 1 over the largest ratio reached as the users joined, and it never rises again: a split that went wrong
 * once stays flagged.
 */

/** The p-value below which the split is called a mismatch: strict, because every trial is checked and a false alarm discredits a sound trial. */
export const SAMPLE_RATIO_LEVEL = 0.001;

/** The prior's concentration around the planned split (the Dirichlet's α = k·share): Lindon & Malek's default. */
const PRIOR_CONCENTRATION = 100;

export interface SampleRatio {
  controlUsers: number;
  candidateUsers: number;
  /** The share of users the trial draws into its candidate's arm. */
  expectedCandidateShare: number;
  /** The share of users counted in the candidate's arm; null before anyone is counted. */
  candidateShare: number | null;
  /** The anytime-valid p-value of "the users split as drawn" (1: no evidence against it). */
  pValue: number;
  /** pValue is below SAMPLE_RATIO_LEVEL: the arms' users are not the split the trial drew. */
  mismatch: boolean;
}

/**
 * Tests the split of users into the arms, `arrivals` being each user's arm (true: the candidate's) in the order they
 * joined the trial, against `share`.
 */
export function sampleRatioTest(arrivals: Iterable<boolean>, share: number): SampleRatio {
  const prior = [PRIOR_CONCENTRATION * (1 - share), PRIOR_CONCENTRATION * share];
  const logShares = [Math.log(1 - share), Math.log(share)];
  const counts = [0, 0];
  let logRatio = 0;
  let largest = 0;
  for (const inCandidate of arrivals) {
    const arm = inCandidate ? 1 : 0;
    // One more user: the mixture's predictive probability of their arm over the planned one.
    logRatio += Math.log((prior[arm]! + counts[arm]!) / (PRIOR_CONCENTRATION + counts[0]! + counts[1]!)) - logShares[arm]!;
    counts[arm]!++;
    if (logRatio > largest) largest = logRatio;
  }
  const users = counts[0]! + counts[1]!;
  const pValue = Math.min(1, Math.exp(-largest));
  return {
    controlUsers: counts[0]!,
    candidateUsers: counts[1]!,
    expectedCandidateShare: share,
    candidateShare: users > 0 ? counts[1]! / users : null,
    pValue,
    mismatch: pValue < SAMPLE_RATIO_LEVEL,
  };
}

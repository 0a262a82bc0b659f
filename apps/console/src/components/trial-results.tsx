import type { TrialFieldsFragment } from '@/gql/graphql';
import { when } from './model-format';
import { EmptyState } from './panels';
import { TrialCharts, TrialTimeline } from './trial-charts';
import type { TrialComparison } from './trial-fields';
import { count, followWindow, points, pointsInterval, ratePercent, trialShare, verdict } from './trial-format';
import { TrialArmsTable, TrialRangesTable } from './trial-tables';

/**
 * How a trial's arms followed their lists: what the interval says, each arm's numbers, the charts, the same per range
 * of the users' events, and what may still move the numbers.
 */
export function TrialResults({ trial }: { trial: TrialFieldsFragment }) {
  const { results } = trial;
  const { overall } = results;
  const window = followWindow(results.withinMinutes);
  const running = trial.status === 'RUNNING';
  if (overall.control.lists + overall.candidate.lists === 0) {
    return (
      <EmptyState title="No lists yet">
        Each arm&apos;s lists count once a frontend key asks for a known user&apos;s recommendations (the console&apos;s previews and anonymous visitors are not counted). The difference gets its interval once each arm has lists from two users.
      </EmptyState>
    );
  }
  return (
    <div data-testid="trial-results">
      <SplitMismatch split={results.sampleRatio} />
      <p className="trial-verdict" data-testid="trial-verdict">{verdict(overall.followRateDifference)}</p>
      <TrialSummary overall={overall} />
      <TrialPlan results={results} running={running} />
      <TrialArmsTable overall={overall} control={trial.control} candidate={trial.candidate} running={running} newItemSlots={trial.newItemSlots ?? null} newItemWithin={trial.newItemWithin ?? null} />
      <TrialNewItems overall={overall} />
      <TrialCharts rows={[overall, ...results.byHistory]} running={running} />
      <TrialTimeline timeline={trial.timeline} />
      {results.byHistory.length > 0 ? (
        <>
          <h4 className="trial-subhead">By the users&apos; events when served</h4>
          <TrialRangesTable rows={results.byHistory} />
        </>
      ) : null}
      <p className="muted small" data-testid="trial-caption">
        Lists shown to known users from {when(results.since)} to {when(results.until)}, each counted in the arm its user was drawn into; followed: the user had an event on one of its items within {window}. MRR: 1 / the rank of the best-ranked item followed, averaged over the lists. Intervals are over users, since one person&apos;s lists are not independent, and hold however often this page is read and whenever the trial is stopped: they are wider than an interval meant for one look at a size fixed in advance, and tightest at the planned users.
      </p>
      {results.stillOpen > 0 ? (
        <p className="muted small" data-testid="trial-still-open">{count(results.stillOpen)} {results.stillOpen === 1 ? 'list was' : 'lists were'} shown less than {window} ago: {results.stillOpen === 1 ? 'it' : 'they'} may still be followed, so the shares can still rise.</p>
      ) : null}
      {results.otherVersionLists > 0 ? (
        <p className="muted small" data-testid="trial-other-version">{count(results.otherVersionLists)} {results.otherVersionLists === 1 ? 'list' : 'lists'} came from the other arm&apos;s version (a replica still loading the trial&apos;s version, or unable to); {results.otherVersionLists === 1 ? 'it counts' : 'they count'} in {results.otherVersionLists === 1 ? 'its user\'s' : 'their users\''} arm all the same.</p>
      ) : null}
    </div>
  );
}

/**
 * The users so far against the trial's plan, as a bar, and how wide the interval should be by then: a smaller true
 * difference will likely not show, which tells whether to wait for the plan or to stop.
 */
function TrialPlan({ results, running }: { results: TrialFieldsFragment['results']; running: boolean }) {
  const { users, plannedUsers, followRateHalfWidthAtPlan: atPlan, planReachedAround } = results;
  const percent = Math.min(100, Math.round((users / plannedUsers) * 100));
  return (
    <div className="trial-plan" data-testid="trial-plan">
      <div className="progress" role="progressbar" aria-label="Users so far against the plan" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div style={{ width: `${percent}%` }} />
      </div>
      <p className="small">
        {count(users)} of {count(plannedUsers)} planned users{users >= plannedUsers ? ': the plan is reached.' : planReachedAround ? <>, reached about {when(planReachedAround)} at the pace so far.</> : '.'}
        {atPlan !== null && atPlan !== undefined
          ? <> At the plan the follow-rate interval should be about ±{(atPlan * 100).toFixed(1)} pp wide, so a smaller difference will likely not show{running ? '' : ' (the trial ended before it)'}.</>
          : null}
        {results.sampleRatio.mismatch ? null : <span data-testid="trial-split"> Users split as drawn: {observedShare(results.sampleRatio)} in the trial&apos;s arm, {trialShare(results.sampleRatio.expectedCandidateShare)} drawn.</span>}
      </p>
    </div>
  );
}

/** The three numbers people look for first, large, before the tables (which scroll on a phone). */
function TrialSummary({ overall }: { overall: TrialComparison }) {
  const difference = overall.followRateDifference;
  return (
    <div className="stats trial-stats" data-testid="trial-summary">
      <div className="stat"><b>{ratePercent(overall.control.followRate)}</b><span>control followed</span></div>
      <div className="stat"><b>{ratePercent(overall.candidate.followRate)}</b><span>candidate followed</span></div>
      <div className="stat">
        <b>{difference ? points(difference.value) : '–'}</b>
        <span>difference{difference ? <>, 95%: {pointsInterval(difference)}</> : ''}</span>
      </div>
    </div>
  );
}

type SampleRatio = TrialFieldsFragment['results']['sampleRatio'];

const observedShare = (split: SampleRatio) => (split.candidateShare === null || split.candidateShare === undefined ? '–' : `${(split.candidateShare * 100).toFixed(1)}%`);

/**
 * First, when the arms did not split as the trial drew them: then nothing below compares like with like, however
 * clear it looks, and the guardrail holds any promotion.
 */
function SplitMismatch({ split }: { split: SampleRatio }) {
  if (!split.mismatch) return null;
  return (
    <p className="error" role="alert" data-testid="trial-split-mismatch">
      The arms did not split as drawn: {observedShare(split)} of users ({count(split.candidateUsers)} of {count(split.candidateUsers + split.controlUsers)}) are in the trial&apos;s arm, {trialShare(split.expectedCandidateShare)} were drawn (p = {split.pValue.toPrecision(2)}, valid at every look). The arms are no longer the same users, so the difference below may not be the version&apos;s, and no guardrail promotes on it. Look for one arm&apos;s lists not being recorded, or replicas that disagree on the trial.
    </p>
  );
}

/**
 * What each arm did for the items added after its version's training: how many lists showed one, and how often a
 * list was followed on one, with the difference. What new-item slots are for; shown once any list showed one.
 */
function TrialNewItems({ overall }: { overall: TrialComparison }) {
  const { control, candidate } = overall;
  if (control.newItemLists + candidate.newItemLists === 0) return null;
  const difference = overall.newItemFollowRateDifference;
  const arm = (name: string, counts: TrialComparison['control']) => (
    <>{name}: {count(counts.newItemLists)} of {count(counts.lists)} lists showed one, {count(counts.newItemFollowed)} {counts.newItemFollowed === 1 ? 'was' : 'were'} followed on one ({ratePercent(counts.newItemFollowRate)} of lists)</>
  );
  return (
    <p className="small" data-testid="trial-new-items">
      <strong>Items new to the version.</strong> {arm('Control', control)}; {arm('candidate', candidate)}.{' '}
      {difference ? <>Difference {points(difference.value)} ({pointsInterval(difference)}, 95%): how much more often the candidate&apos;s lists gave a new item an event.</> : 'No interval yet: each arm needs lists from at least two users.'}
    </p>
  );
}

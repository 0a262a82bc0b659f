import Link from 'next/link';
import type { TrialFieldsFragment } from '@/gql/graphql';
import { ModelConfirm } from './model-confirm';
import { ModelRefresh } from './model-refresh';
import { when } from './model-format';
import { slotsText, trialShare } from './trial-format';
import { TrialResults } from './trial-results';

type Version = { id: string; name: string };

const VersionLink = ({ version }: { version: Version }) => <><Link href={`/models/${version.id}`}>{version.name}</Link> <span className="muted small">#{version.id}</span></>;

/**
 * One trial: which version against which, on what share and since when, its results, and while it runs, a stop
 * button and what promoting does to it. `trialError` is why this replica cannot serve the trial's version, if so.
 */
export function TrialPanel({ trial, trialError = null, onCandidatePage = false }: { trial: TrialFieldsFragment; trialError?: string | null; onCandidatePage?: boolean }) {
  const running = trial.status === 'RUNNING';
  // A RETIRED candidate is made active again by a rollback to it, which ends the trial as a promotion does.
  const activating = trial.candidate.status === 'RETIRED' ? 'Rolling back to' : 'Promoting';
  return (
    <div className="panel padded trial-panel" data-testid="trial-panel">
      {/* A running trial's numbers move as its users follow their lists: the page redraws them every minute. */}
      {running ? <ModelRefresh ms={60_000} /> : null}
      <TrialHead trial={trial} />
      {trial.endReason
        ? <p className="notice small" data-testid="trial-end-reason">Ended by itself: {trial.endReason.replace(/^(stopped|promoted) by its guardrail: /, '')}.</p>
        : running ? <p className="muted small" data-testid="trial-guardrails">{guardrails(trial)}</p> : null}
      {running && trialError ? <p className="error small" role="alert">The trial&apos;s version is not serving here, so its users get the active version meanwhile: {trialError}</p> : null}
      <TrialResults trial={trial} />
      {running ? (
        <div className="trial-actions">
          <ModelConfirm kind="stop-trial" id={trial.id} from="" label="Stop trial"
            question={trial.newItemSlots === null || trial.newItemSlots === undefined
              ? `Stop trial #${trial.id}? Every user is served by ${trial.control.name} again, on every replica within seconds. Its results stay under past trials.`
              : `Stop trial #${trial.id}? Every user is served as the api replicas are set again, within seconds. Its results stay under past trials.`} />
          <p className="muted small" data-testid="trial-promote-note">
            {trial.newItemSlots === null || trial.newItemSlots === undefined
              ? <>{onCandidatePage ? `${activating} this version (above)` : <>{activating} <VersionLink version={trial.candidate} /> (on its page)</>} ends the trial as promoted: every user gets it. Promoting or rolling back to any other version ends it as superseded.</>
              : <>A setting is adopted on the api replicas, not here: <code>FEWSHOT_NEW_ITEM_SLOTS={trial.newItemSlots}</code>{trial.newItemWithin === null || trial.newItemWithin === undefined ? null : <> with <code>FEWSHOT_NEW_ITEM_WITHIN={trial.newItemWithin}</code></>} gives every list {slotsText(trial.newItemSlots, trial.newItemWithin)}. Promoting or rolling back to any version ends the trial as superseded.</>}
          </p>
        </div>
      ) : null}
    </div>
  );
}

/** What the running trial's guardrails will do, in a sentence. */
function guardrails(trial: Pick<TrialFieldsFragment, 'stopIfWorse' | 'promoteIfBetter'>): string {
  const acts = [
    trial.stopIfWorse ? 'stops by itself once its candidate\'s lists are clearly followed less often' : null,
    trial.promoteIfBetter ? 'promotes its candidate by itself once they are clearly followed more often' : null,
  ].filter(Boolean);
  if (acts.length === 0) return 'Guardrails: none. It runs until it is stopped or its version is promoted.';
  return `Guardrails: it ${acts.join(', and ')} (the api checks every few minutes, once each arm has 30 users).`;
}

/** The trial's line: status, the two versions, the candidate's share, and when it started (and ended). */
export function TrialHead({ trial }: { trial: TrialFieldsFragment }) {
  const status = trial.status.toLowerCase();
  const share = <strong data-testid="trial-share">{trialShare(trial.share)}</strong>;
  return (
    <p className="trial-head" data-testid="trial-head">
      <span className={`status ${status}`} data-testid="trial-status">{status}</span>{' '}
      <strong><Link href={`/models/trials/${trial.id}`}>Trial #{trial.id}</Link></strong>:{' '}
      {trial.newItemSlots !== null && trial.newItemSlots !== undefined
        ? (trial.status === 'RUNNING'
          ? <>{share} of known users get <strong data-testid="trial-slots">{slotsText(trial.newItemSlots, trial.newItemWithin)}</strong> in <VersionLink version={trial.candidate} />&apos;s lists; the others and anonymous visitors are served as the api replicas are set.</>
          : <>{share} of known users got <strong data-testid="trial-slots">{slotsText(trial.newItemSlots, trial.newItemWithin)}</strong> in <VersionLink version={trial.candidate} />&apos;s lists, beside the api replicas&apos; setting.</>)
        : trial.status === 'RUNNING'
          ? <><VersionLink version={trial.candidate} /> serves {share} of known users; <VersionLink version={trial.control} /> serves the others and anonymous visitors.</>
          : <><VersionLink version={trial.candidate} /> served {share} of known users beside <VersionLink version={trial.control} />.</>}{' '}
      {/* Each date unbroken, but the two may go on two lines at 400 px. */}
      <span className="muted">{trial.endedAt ? <><span className="model-nowrap">{when(trial.startedAt)}</span> – <span className="model-nowrap">{when(trial.endedAt)}</span></> : <>Since <span className="model-nowrap">{when(trial.startedAt)}</span></>}</span>
    </p>
  );
}

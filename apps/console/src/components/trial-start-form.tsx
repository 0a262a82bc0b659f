'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { startTrial, type ActionState } from '@/app/models/actions';
import { NEW_ITEM_WITHIN_CHOICES, slotsText, withinText } from './trial-format';

export interface TrialStartFormProps {
  /** The READY or RETIRED version to try; with `setting`, the ACTIVE version. */
  versionId: string;
  versionName: string;
  /** The ACTIVE version it is compared with. */
  activeName: string;
  /** Try new-item slots on the active version instead of another version. */
  setting?: boolean;
  /** The replica's bound on new-item slots (Serving.newItemWithin; null: any rank, undefined: not known), to name the default. */
  replicaWithin?: number | null;
}

/** What the trial will do by itself, as the confirmation says it. */
function guardrailSentence(stopIfWorse: boolean, promoteIfBetter: boolean): string {
  if (stopIfWorse && promoteIfBetter) return 'It stops by itself if clearly worse, and promotes the version if clearly better.';
  if (stopIfWorse) return 'It stops by itself if clearly worse.';
  if (promoteIfBetter) return 'It promotes the version by itself if clearly better, and keeps running if worse.';
  return 'It runs until you stop it or promote the version, however it does.';
}

/**
 * Starts a trial of this version: the share of known users it serves, as a percentage, then a confirmation that says
 * what happens (as promoting does: it changes what people are served). The api's refusal shows as it is.
 */
export function TrialStartForm({ versionId, versionName, activeName, setting = false, replicaWithin }: TrialStartFormProps) {
  const [share, setShare] = useState('10');
  const [slots, setSlots] = useState('1');
  const [within, setWithin] = useState('');
  const [plannedUsers, setPlannedUsers] = useState('1000');
  const [stopIfWorse, setStopIfWorse] = useState(true);
  const [promoteIfBetter, setPromoteIfBetter] = useState(false);
  const [asking, setAsking] = useState(false);
  const [state, action, pending] = useActionState<ActionState, FormData>(startTrial, { error: null });
  const form = useRef<HTMLFormElement>(null);
  const router = useRouter();
  // The page then shows the running trial in place of this form.
  useEffect(() => {
    if (state.done) router.refresh();
  }, [state.done, router]);
  if (state.done && !state.error) return <p className="notice" role="status" data-testid="trial-started">{state.done}</p>;
  // Submitted by hand rather than as the form's action: React resets a form after its action, which unticks a ticked
  // checkbox behind its state's back, so a refused start retried would go without the guardrail shown as chosen.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  // The browser checks the range before asking, so the confirmation never names a share the api would refuse.
  const ask = () => {
    if (form.current?.reportValidity()) setAsking(true);
  };
  return (
    <form ref={form} onSubmit={submit} className="form trial-start" aria-label={setting ? 'Start a trial of new-item slots' : 'Start a trial'}>
      <input type="hidden" name="id" value={versionId} />
      {setting ? (
        <>
          <label htmlFor="trial-slots">New-item slots in each list</label>
          <input id="trial-slots" name="newItemSlots" type="number" min={0} max={100} step={1} required inputMode="numeric"
            value={slots} onChange={(event) => setSlots(event.target.value)} readOnly={asking} aria-describedby="trial-slots-hint" />
          <p id="trial-slots-hint" className="muted small">0 to 100: places in each list kept for items new to {versionName} (added since it was trained, or without events in its training), given to those this user&apos;s scores rank best (a request that asks for a number of new items keeps it).</p>
          <label htmlFor="trial-within">For new items ranked</label>
          {/* Sent from a hidden field: the select is disabled while the confirmation asks, and a disabled field is not sent. */}
          <input type="hidden" name="newItemWithin" value={within} />
          <select id="trial-within" value={within} onChange={(event) => setWithin(event.target.value)} disabled={asking} aria-describedby="trial-within-hint">
            <option value="">as the api replicas are set{replicaWithin === undefined ? '' : ` (${withinText(replicaWithin ?? 0)})`}</option>
            {NEW_ITEM_WITHIN_CHOICES.map((r) => <option key={r} value={r}>{withinText(r)}</option>)}
          </select>
          <p id="trial-within-hint" className="muted small">A slot goes only to a new item this user&apos;s scores rank that near the top of the whole catalog, so that a list gives up a place only for a new item it nearly showed anyway. The replicas&apos; bound (<code>FEWSHOT_NEW_ITEM_WITHIN</code>) serves both arms unless you choose one for the trial&apos;s arm.</p>
        </>
      ) : null}
      <label htmlFor="trial-share">Share of known users it serves (%)</label>
      <input id="trial-share" name="share" type="number" min={1} max={99} step={1} required inputMode="numeric"
        value={share} onChange={(event) => setShare(event.target.value)} readOnly={asking} aria-describedby="trial-share-hint" />
      <p id="trial-share-hint" className="muted small">1 to 99. Each known user is drawn into one arm for the whole trial; the others, and anonymous visitors, {setting ? 'are served as the api replicas are set' : <>keep {activeName}</>}.</p>
      <label htmlFor="trial-planned-users">Planned users (both arms)</label>
      <input id="trial-planned-users" name="plannedUsers" type="number" min={20} max={10_000_000} step={1} required inputMode="numeric"
        value={plannedUsers} onChange={(event) => setPlannedUsers(event.target.value)} readOnly={asking} aria-describedby="trial-planned-users-hint" />
      <p id="trial-planned-users-hint" className="muted small">20 to 10,000,000: about how many known users the trial should reach before you decide. Its results can be read at any time and stay right however often you look; their interval is tightest at this size. It cannot be changed once the trial runs.</p>
      <label className="check">
        <input type="checkbox" name="stopIfWorse" checked={stopIfWorse} onChange={(event) => setStopIfWorse(event.target.checked)} />
        Stop it by itself once its lists are clearly followed less often
      </label>
      {/* A setting is adopted on the replicas (FEWSHOT_NEW_ITEM_SLOTS): its trial cannot promote anything. */}
      {setting ? null : (
        <label className="check">
          <input type="checkbox" name="promoteIfBetter" checked={promoteIfBetter} onChange={(event) => setPromoteIfBetter(event.target.checked)} />
          Promote it by itself once its lists are clearly followed more often
        </label>
      )}
      <p className="muted small">Clearly: the whole 95% interval of the difference on one side of 0, with at least 30 users in each arm. The api checks every few minutes.</p>
      {asking ? null : <div className="toolbar"><button type="button" className="button" onClick={ask}>Start a trial…</button></div>}
      {asking ? (
        <div className="model-confirm-box" role="group" aria-label="Confirm: start the trial">
          <p>{setting
            ? <>Give {share}% of known users {slotsText(Number(slots), within === '' ? null : Number(within))} in {activeName}&apos;s lists, planned for {Number(plannedUsers).toLocaleString('en-US')} users? {stopIfWorse ? 'It stops by itself if clearly worse.' : 'It runs until you stop it, however it does.'}</>
            : <>Serve {share}% of known users with {versionName}, beside the active {activeName}, planned for {Number(plannedUsers).toLocaleString('en-US')} users? {guardrailSentence(stopIfWorse, promoteIfBetter && !setting)}</>} Every replica follows within seconds; stop the trial at any time.</p>
          <div className="toolbar">
            <button type="submit" className="button" disabled={pending}>{pending ? 'Starting…' : 'Confirm: start the trial'}</button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)} disabled={pending}>Cancel</button>
          </div>
        </div>
      ) : null}
      {state.error ? <p className="error" role="alert">{state.error}</p> : null}
    </form>
  );
}

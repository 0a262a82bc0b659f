'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { promoteVersion, rollbackVersion, stopTrial, type ActionState } from '@/app/models/actions';

const ACTIONS = { promote: promoteVersion, rollback: rollbackVersion, 'stop-trial': stopTrial };

export interface ModelConfirmProps {
  kind: keyof typeof ACTIONS;
  /** The version acted on (promote), the RETIRED one to re-activate (rollback; empty: the previous one), or the running trial (stop-trial). */
  id: string;
  /** The version page this form is on (stop-trial: unused, empty). */
  from: string;
  /** The first button's text, e.g. "Promote". */
  label: string;
  /** What confirming does, in a sentence. */
  question: string;
}

/**
 * A two-step button for what changes which version serves (promote, roll back, stop a trial): the first click asks,
 * the second (Confirm) runs the server action; the api's message shows.
 */
export function ModelConfirm({ kind, id, from, label, question }: ModelConfirmProps) {
  const [asking, setAsking] = useState(false);
  const [state, action, pending] = useActionState<ActionState, FormData>(ACTIONS[kind], { error: null });
  const router = useRouter();
  // The page shows the new status: refresh the server components once the api answered.
  useEffect(() => {
    if (state.done) router.refresh();
  }, [state.done, router]);
  if (state.done && !state.error) return <p className="notice" role="status" data-testid="model-action-done">{state.done}</p>;
  return (
    <div className="model-confirm">
      {asking ? (
        <form action={action} className="model-confirm-box" aria-label={`Confirm: ${label}`}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="from" value={from} />
          <p>{question}</p>
          <div className="toolbar">
            <button type="submit" className={kind === 'promote' ? 'button' : 'button danger'} disabled={pending}>{pending ? 'Working…' : `Confirm: ${label.toLowerCase()}`}</button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)} disabled={pending}>Cancel</button>
          </div>
        </form>
      ) : (
        <button type="button" className={kind === 'promote' ? 'button' : 'button danger'} onClick={() => setAsking(true)}>{label}</button>
      )}
      {state.error ? <p className="error" role="alert">{state.error}</p> : null}
    </div>
  );
}

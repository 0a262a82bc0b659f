'use client';

import { useActionState } from 'react';
import { startTraining, type ActionState } from '@/app/models/actions';

/** Starts a retrain: a name, automatic promotion, and (advanced) MML overrides as JSON. */
export function ModelTrainForm() {
  const [state, action, pending] = useActionState<ActionState, FormData>(startTraining, { error: null });
  // A new key per answer: the fields take the submitted values again after React reset the form.
  const stamp = state.values ? JSON.stringify(state.values).length + (state.error ?? '') : 'initial';
  return (
    <form action={action} className="form" aria-label="Start a training">
      <label htmlFor="train-name">Name (optional)</label>
      <input id="train-name" name="name" maxLength={200} placeholder='default: "mml" and the time' defaultValue={state.values?.name} key={`name-${stamp}`} />
      <label className="model-check">
        <input type="checkbox" name="autoPromote" defaultChecked={state.values?.autoPromote} key={`auto-${stamp}`} /> Promote it when it beats the active version, or popularity while none is active (NDCG@10 of new users with 10 events)
      </label>
      <details className="model-advanced" open={state.values?.config ? true : undefined}>
        <summary>Advanced settings (JSON)</summary>
        <label htmlFor="train-config">MML overrides, e.g. {'{"meta": {"outerSteps": 200}}'}; an &quot;evaluation&quot; key sets the evaluation ({'{"ns": [5, 10], "headlineN": 10}'})</label>
        <textarea id="train-config" name="config" rows={6} spellCheck={false} className="model-json" placeholder="{}" defaultValue={state.values?.config} key={`config-${stamp}`} />
      </details>
      {state.error ? <p className="error" role="alert">{state.error}</p> : null}
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>{pending ? 'Starting…' : 'Start training'}</button>
      </div>
    </form>
  );
}

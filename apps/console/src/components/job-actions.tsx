'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { cancelJob, retryJob, type JobActionOutcome } from '@/app/jobs/actions';
import type { JobState } from '@/gql/graphql';

/**
 * Retry (FAILED jobs) and Cancel (waiting or running ones, with a reason and a confirmation step). The api's refusals
 * show under the buttons; what happened goes to `onNotice` (the list keeps it after the job leaves it), else shows here.
 */
export function JobActions({ id, state, onNotice }: { id: string; state: JobState; onNotice?: (notice: string) => void }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<JobActionOutcome | null>(null);
  const [pending, start] = useTransition();
  const cancellable = state === 'WAITING' || state === 'ACTIVE' || state === 'DELAYED';
  const run = (action: () => Promise<JobActionOutcome>) => start(async () => {
    const answer = await action();
    setOutcome(answer);
    if (!answer.error) {
      setConfirming(false);
      setReason('');
      if (answer.notice && onNotice) onNotice(answer.notice);
      router.refresh();
    }
  });
  const field = `cancel-reason-${id.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return (
    <div className="job-actions">
      {confirming && cancellable ? (
        <div className="confirm" role="group" aria-label={`Confirm cancelling ${id}`}>
          <label htmlFor={field} className="small">Reason (goes into the job&apos;s error)</label>
          <input id={field} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} placeholder="wrong settings, started twice, …" />
          <p className="small muted">{state === 'ACTIVE' ? 'The worker stops it; it fails with this reason and its version is not made.' : 'It leaves its queue without running.'}</p>
          <div className="actions">
            <button type="button" className="button danger small-button" disabled={pending} onClick={() => run(() => cancelJob(id, reason))}>{pending ? 'Cancelling…' : 'Yes, cancel the job'}</button>
            <button type="button" className="button secondary small-button" disabled={pending} onClick={() => setConfirming(false)}>Keep it</button>
          </div>
        </div>
      ) : (
        <div className="actions">
          {cancellable ? <button type="button" className="button danger small-button" onClick={() => { setOutcome(null); setConfirming(true); }} aria-label={`Cancel ${id}`}>Cancel…</button> : null}
          {state === 'FAILED' ? <button type="button" className="button secondary small-button" disabled={pending} onClick={() => run(() => retryJob(id))} aria-label={`Retry ${id}`}>{pending ? 'Retrying…' : 'Retry'}</button> : null}
        </div>
      )}
      {outcome?.error ? <p className="error small" role="alert">{outcome.error}</p> : null}
      {outcome?.notice && !onNotice ? <p className="notice small" role="status">{outcome.notice}</p> : null}
    </div>
  );
}

'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { deleteSchedule, setScheduleEnabled } from '@/app/schedules/actions';

/** Edit, enable or disable, and delete after a confirmation; the api's refusals show under the buttons. */
export function ScheduleRowActions({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (action: () => Promise<{ error: string | null }>) => start(async () => {
    const outcome = await action();
    setError(outcome.error);
    if (!outcome.error) setConfirming(false);
  });
  return (
    <div className="row-actions">
      {confirming ? (
        <div className="confirm" role="group" aria-label={`Confirm deleting ${name}`}>
          <p className="small">Delete &ldquo;{name}&rdquo;? It queues no more trainings; those it already queued still run.</p>
          <div className="actions">
            <button type="button" className="button danger small-button" disabled={pending} onClick={() => run(() => deleteSchedule(id))}>{pending ? 'Deleting…' : 'Yes, delete'}</button>
            <button type="button" className="button secondary small-button" disabled={pending} onClick={() => setConfirming(false)}>Keep it</button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <Link className="button secondary small-button" href={`/schedules/${encodeURIComponent(id)}`} aria-label={`Edit ${name}`}>Edit</Link>
          <button type="button" className="button secondary small-button" disabled={pending} onClick={() => run(() => setScheduleEnabled(id, !enabled))} aria-label={`${enabled ? 'Disable' : 'Enable'} ${name}`}>
            {pending ? '…' : enabled ? 'Disable' : 'Enable'}
          </button>
          <button type="button" className="button danger small-button" onClick={() => setConfirming(true)} aria-label={`Delete ${name}`}>Delete</button>
        </div>
      )}
      {error ? <p className="error small" role="alert">{error}</p> : null}
    </div>
  );
}

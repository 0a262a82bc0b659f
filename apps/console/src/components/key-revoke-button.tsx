'use client';

import { useState, useTransition } from 'react';
import { revokeKey } from '@/app/keys/actions';

/** Revoke, after a confirmation that says what it does (and warns when it is the key this session uses). */
export function KeyRevokeButton({ id, name, own }: { id: string; name: string; own: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!confirming) {
    return <button type="button" className="button danger small-button" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>Revoke</button>;
  }
  return (
    <div className="confirm" role="group" aria-label={`Confirm revoking ${name}`}>
      <p className="small">Revoke &ldquo;{name}&rdquo;? Every request that sends it is refused from now on; this cannot be undone.
        {own ? <strong> It is the key you are signed in with: you will be signed out.</strong> : null}</p>
      <div className="actions">
        <button type="button" className="button danger small-button" disabled={pending}
          onClick={() => start(async () => {
            const outcome = await revokeKey(id);
            setError(outcome.error);
            if (!outcome.error) setConfirming(false);
          })}>{pending ? 'Revoking…' : 'Yes, revoke'}</button>
        <button type="button" className="button secondary small-button" disabled={pending} onClick={() => setConfirming(false)}>Keep it</button>
      </div>
      {error ? <p className="error small" role="alert">{error}</p> : null}
    </div>
  );
}

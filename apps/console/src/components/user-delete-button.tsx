'use client';

import { useState, useTransition } from 'react';
import { deleteUser } from '@/app/users/actions';

/**
 * Delete, after a confirmation that says what goes and asks for the user's id typed out: it cannot be undone, and a
 * slip of the mouse on the wrong user's page must not erase a person's history.
 */
export function UserDeleteButton({ id, events }: { id: string; events: number }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!confirming) {
    return <button type="button" className="button danger small-button" onClick={() => setConfirming(true)}>Delete user…</button>;
  }
  const cancel = () => {
    setConfirming(false);
    setTyped('');
    setError(null);
  };
  return (
    <div className="confirm" role="group" aria-label={`Confirm deleting user ${id}`}>
      <p className="small">
        Delete user &ldquo;{id}&rdquo; and their {events.toLocaleString('en-US')} {events === 1 ? 'event' : 'events'}? They are gone from the
        database at once and for good: no recommendation or later training uses them. An event recorded for this id later
        starts a new user.
      </p>
      <label className="small" htmlFor="user-delete-confirm">Type the user&apos;s id to confirm</label>
      <input id="user-delete-confirm" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" spellCheck={false} />
      <div className="actions">
        <button type="button" className="button danger small-button" disabled={pending || typed !== id}
          onClick={() => start(async () => {
            // On success the action redirects to the users list; only a failure comes back.
            const outcome = await deleteUser(id);
            setError(outcome.error);
          })}>{pending ? 'Deleting…' : 'Delete for good'}</button>
        <button type="button" className="button secondary small-button" disabled={pending} onClick={cancel}>Keep</button>
      </div>
      {error ? <p className="error small" role="alert">{error}</p> : null}
    </div>
  );
}

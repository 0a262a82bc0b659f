'use client';

import { useActionState, useEffect, useState } from 'react';
import { setKeyRateLimit, type KeyRateLimitState } from '@/app/keys/actions';
import { countOf } from '@/components/model-format';

export interface KeyRateLimitView {
  id: string;
  name: string;
  /** The key's own limit (0: none); null when its role's applies. */
  own: number | null;
  /** The limit counted now: requests a minute, null for none. */
  perMinute: number | null;
  perAddress: boolean;
  /** Requests refused for the limit in the last 24 hours. */
  refusedLastDay: number;
}

/** `600/min per address`, or `no limit`. */
function rateLimitText(perMinute: number | null, perAddress: boolean): string {
  if (perMinute === null) return 'no limit';
  return `${perMinute.toLocaleString('en-US')}/min${perAddress ? ' per address' : ''}`;
}

/** A key's rate limit in the keys table, and a small form to give it its own (or return it to its role's). */
export function KeyRateLimit({ limit, revoked }: { limit: KeyRateLimitView; revoked: boolean }) {
  const [editing, setEditing] = useState(false);
  const [state, action, pending] = useActionState<KeyRateLimitState, FormData>(setKeyRateLimit, { error: null, saved: 0 });
  useEffect(() => {
    if (state.saved > 0) setEditing(false);
  }, [state.saved]);
  const shown = (
    <span data-testid={`rate-limit-${limit.id}`} className="rate-limit-value">
      {rateLimitText(limit.perMinute, limit.perAddress)} <span className="muted small">{limit.own === null ? "role's" : 'own'}</span>
    </span>
  );
  // A key that meets its limit says so: its callers are being refused, which may call for a higher limit.
  const refused = limit.refusedLastDay > 0 ? (
    <span className="refused small" data-testid={`rate-limit-refused-${limit.id}`}>{countOf(limit.refusedLastDay, 'request')} refused in 24 h</span>
  ) : null;
  if (revoked) return shown;
  if (!editing) {
    return (
      <div className="rate-limit">
        {shown}
        <button type="button" className="link-button small" onClick={() => setEditing(true)} aria-label={`Change the rate limit of ${limit.name}`}>Change</button>
        {refused}
      </div>
    );
  }
  return (
    <form action={action} className="rate-limit-form" aria-label={`Rate limit of ${limit.name}`}>
      <input type="hidden" name="id" value={limit.id} />
      <label htmlFor={`rate-limit-${limit.id}-input`} className="visually-hidden">Requests a minute for {limit.name}</label>
      <input id={`rate-limit-${limit.id}-input`} name="rateLimit" inputMode="numeric" defaultValue={limit.own ?? ''} placeholder="role's" size={8} autoFocus />
      <span className="muted small">a minute{limit.perAddress ? ' per address' : ''}; 0: none; empty: the role&apos;s</span>
      <div className="actions">
        <button type="submit" className="button small-button" disabled={pending}>{pending ? 'Saving…' : 'Save'}</button>
        <button type="button" className="button secondary small-button" disabled={pending} onClick={() => setEditing(false)}>Cancel</button>
      </div>
      {state.error ? <p className="error small" role="alert">{state.error}</p> : null}
    </form>
  );
}

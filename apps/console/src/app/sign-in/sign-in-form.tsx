'use client';

import { useActionState } from 'react';
import { signIn, type SignInState } from './actions';

export function SignInForm({ next, offerLocal }: { next: string; offerLocal: boolean }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, { error: null });
  return (
    <form action={action} className="form sign-in">
      <input type="hidden" name="next" value={next} />
      <label htmlFor="key">API key</label>
      <input id="key" name="key" type="password" autoComplete="current-password" placeholder="fsk_…" aria-describedby="key-help" />
      <p id="key-help" className="muted small">An admin or merchandiser key. It stays on the console&apos;s server; your browser keeps only an encrypted session.</p>
      {state.error ? <p className="error" role="alert">{state.error}</p> : null}
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>{pending ? 'Signing in…' : 'Sign in'}</button>
        {offerLocal ? (
          <button type="submit" className="button secondary" name="local" value="on" disabled={pending}>Use this machine&apos;s admin key</button>
        ) : null}
      </div>
    </form>
  );
}

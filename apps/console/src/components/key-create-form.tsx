'use client';

import { useActionState, useRef, useState } from 'react';
import { createKey, type KeyCreateState } from '@/app/keys/actions';

/** Creates an API key and shows it once: it lives in this form's state only, gone with the next reload. */
export function KeyCreateForm() {
  const [state, action, pending] = useActionState<KeyCreateState, FormData>(createKey, { error: null, created: null });
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const keyInput = useRef<HTMLInputElement>(null);

  async function copy() {
    if (!state.created) return;
    keyInput.current?.select();
    try {
      await navigator.clipboard.writeText(state.created.key);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }

  return (
    <div className="key-create">
      {state.created ? (
        <div className="key-reveal" role="status" data-testid="new-key">
          <p><strong>New {state.created.role.toLowerCase()} key &ldquo;{state.created.name}&rdquo;.</strong> Copy it now: it is shown this once and
            never again (Fewshot keeps only a hash of it). Leaving or reloading this page hides it for good.</p>
          <div className="key-copy">
            <label htmlFor="new-key-value" className="visually-hidden">The new API key</label>
            <input id="new-key-value" ref={keyInput} readOnly value={state.created.key} onFocus={(event) => event.currentTarget.select()} spellCheck={false} />
            <button type="button" className="button" onClick={copy}>Copy</button>
          </div>
          {copied === 'yes' ? <p className="small">Copied to the clipboard.</p> : null}
          {copied === 'no' ? <p className="small">This browser refused the clipboard: the key is selected, copy it with Ctrl+C (⌘C).</p> : null}
        </div>
      ) : null}
      <form action={action} className="form key-form" key={state.created?.id ?? 'new'}>
        <div className="key-fields">
          <div>
            <label htmlFor="key-name">Name</label>
            <input id="key-name" name="name" required maxLength={200} placeholder="shop frontend, Ada Lovelace, …" aria-describedby="key-name-help" />
          </div>
          <div>
            <label htmlFor="key-role">Role</label>
            <select id="key-role" name="role" defaultValue="FRONTEND" aria-describedby="key-role-help">
              <option value="FRONTEND">Frontend: recommendations, interactions, reads</option>
              <option value="MERCHANDISER">Merchandiser: read and write items</option>
              <option value="ADMIN">Admin: everything, keys included</option>
            </select>
          </div>
          <div>
            <label htmlFor="key-rate-limit">Rate limit <span className="muted small">(optional)</span></label>
            <input id="key-rate-limit" name="rateLimit" inputMode="numeric" placeholder="role's" aria-describedby="key-rate-limit-help" />
          </div>
        </div>
        <p id="key-name-help" className="muted small">Who or what will use the key, to recognise it in this list later.</p>
        <p id="key-role-help" className="muted small">A shop&apos;s frontend needs a frontend key; people using this console need a merchandiser or admin key.</p>
        <p id="key-rate-limit-help" className="muted small">Requests a minute (per visitor address for a frontend key); 0: no limit; empty: the role&apos;s limit.</p>
        {state.error ? <p className="error" role="alert">{state.error}</p> : null}
        <div className="actions">
          <button type="submit" className="button" disabled={pending}>{pending ? 'Creating…' : 'Create key'}</button>
        </div>
      </form>
    </div>
  );
}

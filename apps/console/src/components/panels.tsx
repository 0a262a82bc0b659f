import type { ReactNode } from 'react';
import { ApiError } from '@/lib/api';

/** A failed request, with the api's own message (written for people) and its code. */
export function ErrorPanel({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div className="error" role="alert">
      <strong>Something went wrong.</strong> {message}
      {code ? <span className="muted small"> ({code})</span> : null}
    </div>
  );
}

/** Why a list is empty, and what would fill it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <strong>{title}</strong>
      {children ? <p>{children}</p> : null}
    </div>
  );
}

/** A page the signed-in role may not use. */
export function Forbidden({ what }: { what: string }) {
  return (
    <div className="error" role="alert" data-testid="forbidden">
      <strong>Admins only.</strong> {what} needs an admin key; you are signed in with a merchandiser key. Ask an admin, or sign in with an admin key.
    </div>
  );
}

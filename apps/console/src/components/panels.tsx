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
function Forbidden({ what }: { what: string }) {
  return (
    <div className="error" role="alert" data-testid="forbidden">
      <strong>Admins only.</strong> {what} needs an admin key; you are signed in with a merchandiser key. Ask an admin, or sign in with an admin key.
    </div>
  );
}

/** Why a page stops before its content: `forbidden` names what the signed-in role may not use, `error` is the failed request, or `children` say it. */
type PageProblemReason = { forbidden: string } | { error: unknown } | { children: ReactNode };

/**
 * A page that stops early, the same on every page: `back` (a link up, if any), the page's heading, then why it stops.
 * A page returns it when its role may not see it or its api request fails.
 */
export function PageProblem(props: { title: ReactNode; back?: ReactNode } & PageProblemReason) {
  return (
    <section>
      {props.back}
      <h2>{props.title}</h2>
      {'forbidden' in props ? <Forbidden what={props.forbidden} /> : 'error' in props ? <ErrorPanel error={props.error} /> : props.children}
    </section>
  );
}

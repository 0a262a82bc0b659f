import { ApiError } from '@/lib/graphql';

/** Shows an api failure with its code and an actionable message instead of a blank page. */
export function ErrorPanel({ error }: { error: unknown }) {
  const message = error instanceof ApiError ? `${error.message} (${error.code})` : 'Something went wrong while loading this page.';
  return (
    <div className="error" role="alert">
      {message}
    </div>
  );
}

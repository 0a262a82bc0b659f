'use client';

/** An unexpected failure while rendering a page: said plainly, with a way to try again. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="narrow" data-testid="error-page">
      <h2>This page failed</h2>
      <p className="subtitle">The console could not show it{error.digest ? ` (reference ${error.digest}, in the console's log)` : ''}. The api may be restarting.</p>
      <button type="button" className="button" onClick={reset}>Try again</button>
    </section>
  );
}

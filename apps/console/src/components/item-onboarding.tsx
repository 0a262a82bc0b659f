'use client';

import Link from 'next/link';
import { useActionState, useEffect, useState } from 'react';
import { createItemAction, itemPreviewAction, onboardingProgressAction, type CreateState, type JobView, type OnboardingProgress, type Preview } from '@/app/items/actions';
import { ItemNeighbourCards, ItemReachTable } from './item-cards';

const EMPTY = { id: '', title: '', description: '', genres: '', year: '', attributes: '', imageUrl: '' };

/** The onboarding form, then the new item's progress through features and warm-up, then where it ranks. */
export function ItemOnboarding() {
  const [state, action, pending] = useActionState<CreateState, FormData>(createItemAction, { error: null, values: EMPTY, created: null });
  if (state.created) return <OnboardingProgressView created={state.created} />;
  const v = state.values;
  return (
    // The key re-mounts the fields with what was typed when the api refused it (a form resets after its action).
    <form key={JSON.stringify(v)} action={action} className="form item-form panel padded" aria-label="New item">
      <label htmlFor="new-id">Id</label>
      <input id="new-id" name="id" defaultValue={v.id} required maxLength={256} aria-describedby="new-id-help" />
      <p id="new-id-help" className="muted small">The id your shop uses for it, e.g. sku-1234.</p>
      <label htmlFor="new-title">Title</label>
      <input id="new-title" name="title" defaultValue={v.title} required maxLength={500} />
      <label htmlFor="new-description">Description</label>
      <textarea id="new-description" name="description" defaultValue={v.description} rows={4} maxLength={10000} />
      <label htmlFor="new-genres">Genres</label>
      <input id="new-genres" name="genres" defaultValue={v.genres} placeholder="Comedy, Drama" aria-describedby="new-genres-help" />
      <p id="new-genres-help" className="muted small">Separated by commas.</p>
      <label htmlFor="new-year">Year</label>
      <input id="new-year" name="year" defaultValue={v.year} inputMode="numeric" placeholder="e.g. 2024" />
      <label htmlFor="new-attributes">Attributes (JSON, optional)</label>
      <textarea id="new-attributes" name="attributes" defaultValue={v.attributes} rows={2} placeholder='{"brand": "Acme"}' />
      <label htmlFor="new-image">Image (JPEG or PNG, at most 25 MB)</label>
      <input id="new-image" name="image" type="file" accept="image/png,image/jpeg" />
      <label htmlFor="new-image-url">…or an image URL</label>
      <input id="new-image-url" name="imageUrl" type="url" defaultValue={v.imageUrl} placeholder="https://…/poster.jpg" />
      {state.error ? <p className="error" role="alert">{state.error}</p> : null}
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>{pending ? 'Creating…' : 'Create item'}</button>
      </div>
    </form>
  );
}

function JobStep({ label, job, waiting }: { label: string; job: JobView | null; waiting: string }) {
  const percent = Math.round((job?.fraction ?? 0) * 100);
  return (
    <li className="item-step" data-testid="onboarding-step">
      <div className="item-step-head">
        <strong>{label}</strong>
        {job ? <span className={`status ${job.state.toLowerCase()}`}>{job.state.toLowerCase()}</span> : <span className="status">pending</span>}
        {job ? <span className="muted small"><code>{job.id}</code></span> : null}
      </div>
      <div className="progress" role="progressbar" aria-label={`${label} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}><div style={{ width: `${percent}%` }} /></div>
      <p className="muted small">{job ? `${job.stage ? `Stage: ${job.stage}` : 'Queued'}${job.message ? ` — ${job.message}` : ''} (${percent}%)` : waiting}</p>
      {job?.error ? <p className="error">{job.error}</p> : null}
    </li>
  );
}

function OnboardingProgressView({ created }: { created: NonNullable<CreateState['created']> }) {
  const [progress, setProgress] = useState<OnboardingProgress | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const jobId = created.jobId;

  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await onboardingProgressAction(jobId);
        if (stopped) return;
        setProgress(next);
        setPollError(null);
        if (next.done) return;
      } catch {
        if (stopped) return;
        setPollError('Lost touch with the console for a moment; trying again…');
      }
      timer = setTimeout(tick, 1000);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId]);

  // Without job queues the api computed everything in the request: the payload is the verdict.
  const done = jobId ? Boolean(progress?.done) : true;
  const recommendable = jobId ? (progress?.recommendable ?? (progress?.done ? created.recommendable : null)) : created.recommendable;
  const why = jobId ? progress?.why ?? null : created.message;

  useEffect(() => {
    if (!done || !recommendable) return;
    let stopped = false;
    void itemPreviewAction(created.id).then((p) => { if (!stopped) setPreview(p); });
    return () => { stopped = true; };
  }, [done, recommendable, created.id]);

  const href = `/items/${encodeURIComponent(created.id)}`;
  return (
    <div className="item-onboarding" aria-live="polite">
      <p className="notice" role="status">Created <Link href={href}>{created.title}</Link> (<code>{created.id}</code>).</p>
      {jobId ? (
        <ol className="item-steps panel padded">
          <JobStep label="Features" job={progress?.features ?? null} waiting="Waiting for the features job…" />
          <JobStep label="Warm-up" job={progress?.warmup ?? null} waiting="Queued by the features job when it finishes." />
        </ol>
      ) : null}
      {pollError ? <p className="error" role="alert">{pollError}</p> : null}
      {done ? (
        recommendable ? (
          <p className="notice item-verdict" data-testid="verdict">Recommendable: the serving model ranks it from now on, without retraining.{why ? ` Note: ${why}` : ''}</p>
        ) : (
          <p className="error item-verdict" data-testid="verdict">Not recommendable yet: {why ?? 'the api gave no reason.'}</p>
        )
      ) : null}
      {done && recommendable ? (
        <section aria-labelledby="preview-heading">
          <h3 id="preview-heading">Where it ranks</h3>
          <p className="muted small">Its nearest neighbours by the active model&apos;s vectors, and which users get it in their recommendations right now.</p>
          {preview ? (
            <>
              {preview.error ? <p className="error" role="alert">{preview.error}</p> : null}
              <ItemNeighbourCards neighbours={preview.neighbours} />
              {preview.reach ? <ItemReachTable reach={preview.reach} /> : null}
            </>
          ) : <p className="muted">Asking the model…</p>}
        </section>
      ) : null}
      <p><Link href={href}>Open the item&apos;s page</Link> · <a href="/items/new">Add another item</a></p>
    </div>
  );
}

'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { trainingJobProgress, type JobProgressState } from '@/app/models/actions';
import { timeLeft } from '@/lib/time-left';

const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'UNKNOWN']);

/** A training job's live progress (polls a server action every second until it finishes), with its version's link. */
export function ModelJobProgress({ jobId }: { jobId: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState<JobProgressState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refreshed = useRef(false);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let next: Awaited<ReturnType<typeof trainingJobProgress>> | null = null;
      try {
        next = await trainingJobProgress(jobId);
      } catch {
        setError('The console could not ask the api; retrying.');
      }
      if (stopped) return;
      if (next && 'failed' in next) setError(next.failed);
      else if (next) {
        setError(null);
        setProgress(next);
        if (FINISHED.has(next.state)) {
          if (!refreshed.current) {
            refreshed.current = true;
            router.refresh();
          }
          return;
        }
      }
      timer = setTimeout(poll, 1000);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, router]);

  const percent = Math.round((progress?.fraction ?? 0) * 100);
  const left = progress?.state === 'ACTIVE' ? timeLeft(progress.finishesAt) : null;
  return (
    <div className="panel padded" data-testid="training-progress" aria-live="polite">
      <p className="model-job-head">
        Training job <Link href={`/jobs/${encodeURIComponent(jobId)}`}>{jobId}</Link>{' '}
        {progress ? <span className={`status ${progress.state.toLowerCase()}`} data-testid="training-state">{progress.state.toLowerCase()}</span> : <span className="muted">asking the api…</span>}
        {progress?.version ? <> · version <Link href={`/models/${progress.version.id}`} data-testid="training-version">{progress.version.name}</Link></> : null}
      </p>
      <div className="progress" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div style={{ width: `${percent}%` }} />
      </div>
      <p className="muted small">{percent}%{progress?.stage ? ` · ${progress.stage}` : ''}{progress?.message ? ` · ${progress.message}` : ''}{left ? <span data-testid="time-left"> · {left}</span> : null}</p>
      {progress?.error ? <p className="error">{progress.error}</p> : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
    </div>
  );
}

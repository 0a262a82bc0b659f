import Link from 'next/link';
import type { TrainingOnItsWay } from '@/lib/training-on-its-way';
import { timeLeft } from '@/lib/time-left';
import { ModelRefresh } from './model-refresh';

function where(stage: string | null, fraction: number | null, finishesAt: string | null = null): string {
  if (stage === null && fraction === null) return 'waiting for a worker';
  return [stage, fraction === null ? null : `${Math.round(fraction * 100)}%`, timeLeft(finishesAt)].filter(Boolean).join(', ');
}

/**
 * Says which training is already on its way (a version TRAINING, or a features job that trains next), with a link to
 * follow it, and refreshes the page while it moves so the version shows up without a reload.
 */
export function TrainingOnItsWayNote({ pending }: { pending: TrainingOnItsWay }) {
  return (
    <span data-testid="training-on-its-way">
      <ModelRefresh ms={3000} />
      {pending.kind === 'training' ? (
        <>A training is running: <Link href={`/models/${pending.versionId}`}>{pending.name}</Link> ({where(pending.stage, pending.fraction, pending.finishesAt)}).</>
      ) : (
        <>
          A first training is on its way: it starts as soon as job{' '}
          <Link href={`/jobs/${encodeURIComponent(pending.jobId)}`}>{pending.jobId}</Link> has computed the catalog&apos;s features
          ({where(pending.stage, pending.fraction)}){pending.autoPromote ? ', and its version is promoted when it finishes if it ranks better than popularity' : ''}. No need to start another.
        </>
      )}
    </span>
  );
}

import type { JobState } from '@/gql/graphql';
import { timeLeft } from '@/lib/time-left';

/** Pieces the jobs list and a job's page share: its state badge, progress bar, and what its data and result say. */

const STATE_CLASS: Record<JobState, string> = { WAITING: 'waiting', DELAYED: 'delayed', ACTIVE: 'running', COMPLETED: 'completed', FAILED: 'failed', CANCELLED: '', UNKNOWN: '' };

/** Still moving: the pages follow such jobs every second. */
export const isLive = (state: JobState) => state === 'WAITING' || state === 'ACTIVE' || state === 'DELAYED';

export function JobStateBadge({ state }: { state: JobState }) {
  return <span className={`status ${STATE_CLASS[state]}`} data-testid="job-state">{state === 'UNKNOWN' ? 'gone' : state.toLowerCase()}</span>;
}

export function JobProgressBar({ progress, state }: { progress: { stage: string; fraction: number; message?: string | null; finishesAt?: string | null } | null | undefined; state: JobState }) {
  const fraction = state === 'COMPLETED' ? 1 : Math.max(0, Math.min(1, progress?.fraction ?? 0));
  const percent = Math.round(fraction * 100);
  const stage = progress ? `${progress.stage}${progress.message ? `: ${progress.message}` : ''}` : null;
  const left = state === 'ACTIVE' ? timeLeft(progress?.finishesAt) : null;
  const label = state === 'FAILED'
    ? (stage ? `stopped at ${stage}` : 'stopped before it reported progress')
    : stage ?? (state === 'WAITING' || state === 'DELAYED' ? 'waiting for a worker' : state === 'COMPLETED' ? 'done' : 'no progress reported');
  return (
    <div className="job-progress">
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Progress">
        <div style={{ width: `${percent}%` }} className={state === 'FAILED' ? 'failed' : undefined} />
      </div>
      <p className="small job-stage" data-testid="job-stage">{state === 'FAILED' ? null : <span className="num">{percent}%</span>} {label}{left ? <span className="muted" data-testid="time-left"> · {left}</span> : null}</p>
    </div>
  );
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

/** The model version a train job made (its result's versionId), for a link to /models/<id>. */
export function versionIdOf(result: unknown): number | null {
  const id = field(result, 'versionId');
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}

/** One line about what a job was asked to do: its reason, and how many items it covers. */
export function summaryOf(data: unknown): string | null {
  const parts: string[] = [];
  const reason = field(data, 'reason');
  if (typeof reason === 'string') parts.push(reason);
  const name = field(data, 'name');
  if (typeof name === 'string') parts.push(`version name "${name}"`);
  const items = field(data, 'itemIds');
  if (Array.isArray(items)) parts.push(`${items.length.toLocaleString('en-US')} ${items.length === 1 ? 'item' : 'items'}`);
  if (field(data, 'autoPromote') === true) parts.push('promotes when better');
  return parts.length > 0 ? parts.join(' · ') : null;
}

export const jobHref = (id: string) => `/jobs/${encodeURIComponent(id)}`;

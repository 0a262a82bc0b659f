import type { Metadata } from 'next';
import Link from 'next/link';
import { graphql } from '@/gql';
import type { JobQueue, JobState } from '@/gql/graphql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { JobList } from '@/components/job-list';
import { JobLiveRefresh } from '@/components/job-live';
import { isLive } from '@/components/job-parts';
import { EmptyState, ErrorPanel, Forbidden } from '@/components/panels';

export const metadata: Metadata = { title: 'Jobs · Fewshot' };
export const dynamic = 'force-dynamic';

const JobsList = graphql(`
  query JobsList($queues: [JobQueue!], $states: [JobState!], $first: Int) {
    jobs(queues: $queues, states: $states, first: $first) {
      id
      queue
      state
      progress { stage fraction message }
      data
      result
      error
      attempts
      maxAttempts
      createdAt
      startedAt
      finishedAt
      trainingRun { id status stage }
    }
  }
`);

const QUEUES: Array<{ value: JobQueue; label: string }> = [
  { value: 'TRAIN', label: 'Train: new model versions' },
  { value: 'FEATURES', label: 'Features: encode items' },
  { value: 'WARMUP', label: 'Warm-up: place new items' },
];
const STATES: JobState[] = ['WAITING', 'DELAYED', 'ACTIVE', 'COMPLETED', 'FAILED'];
const SIZES = [20, 50, 100];

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session, forbidden } = await requireSession({ from: '/jobs', role: 'ADMIN' });
  if (forbidden) {
    return (
      <section>
        <h2>Jobs</h2>
        <Forbidden what="Jobs" />
      </section>
    );
  }
  const params = await searchParams;
  const queue = QUEUES.find((q) => q.value === one(params.queue))?.value ?? null;
  const state = STATES.find((s) => s === one(params.state)) ?? null;
  const first = SIZES.find((size) => String(size) === one(params.first)) ?? 20;
  const href = (size: number) => {
    const query = new URLSearchParams();
    if (queue) query.set('queue', queue);
    if (state) query.set('state', state);
    if (size !== 20) query.set('first', String(size));
    const text = query.toString();
    return text ? `/jobs?${text}` : '/jobs';
  };

  let jobs;
  try {
    jobs = (await request(session, JobsList, { queues: queue ? [queue] : null, states: state ? [state] : null, first })).jobs;
  } catch (error) {
    return (
      <section>
        <h2>Jobs</h2>
        <ErrorPanel error={error} />
      </section>
    );
  }
  const live = jobs.some((job) => isLive(job.state));
  const counts = STATES.map((s) => [s, jobs.filter((job) => job.state === s).length] as const).filter(([, n]) => n > 0);
  const larger = SIZES.find((size) => size > first);
  return (
    <section>
      <div className="jobs-title">
        <h2>Jobs</h2>
        <JobLiveRefresh live={live} />
      </div>
      <p className="subtitle">The queues&apos; work: trainings of new model versions, item encodings and warm-ups, with their progress, logs and outcome.</p>
      <form className="toolbar" method="get" action="/jobs" aria-label="Filter jobs">
        <span className="job-filter">
          <label htmlFor="jobs-queue" className="small">Queue</label>
          <select id="jobs-queue" name="queue" defaultValue={queue ?? ''}>
            <option value="">All queues</option>
            {QUEUES.map((q) => <option key={q.value} value={q.value}>{q.label}</option>)}
          </select>
        </span>
        <span className="job-filter">
          <label htmlFor="jobs-state" className="small">State</label>
          <select id="jobs-state" name="state" defaultValue={state ?? ''}>
            <option value="">Any state</option>
            {STATES.map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
          </select>
        </span>
        <span className="job-filter">
          <label htmlFor="jobs-first" className="small">Show</label>
          <select id="jobs-first" name="first" defaultValue={String(first)}>
            {SIZES.map((size) => <option key={size} value={size}>newest {size}</option>)}
          </select>
        </span>
        <button type="submit">Apply</button>
        {queue || state || first !== 20 ? <Link href="/jobs" className="small">Clear filters</Link> : null}
      </form>
      {jobs.length === 0 ? (
        queue || state ? (
          <EmptyState title={`No ${state ? state.toLowerCase() : ''} jobs${queue ? ` in the ${queue.toLowerCase()} queue` : ''}`}>
            None of the newest {first} jobs matches these filters (finished jobs are kept 7 days, failed ones 30). <Link href="/jobs">Show every job</Link>.
          </EmptyState>
        ) : (
          <EmptyState title="No jobs yet">
            Jobs are queued when a training starts (on Models, through the api&apos;s startTraining, or by a retrain schedule), and when items are
            onboarded (their features are encoded, then they are warmed up into the served model). Finished jobs are kept 7 days, failed ones 30.
          </EmptyState>
        )
      ) : (
        <>
          <p className="small muted" data-testid="jobs-position">
            Newest 1–{jobs.length} {jobs.length === 1 ? 'job' : 'jobs'}{queue ? ` of the ${queue.toLowerCase()} queue` : ' of all queues'}
            {counts.length > 0 ? ` (${counts.map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')})` : ''}
            {jobs.length === first && larger ? <> · <Link href={href(larger)}>show the newest {larger}</Link></> : null}
            {first > 20 ? <> · <Link href={href(20)}>show the newest 20</Link></> : null}
          </p>
          <JobList jobs={jobs} />
        </>
      )}
    </section>
  );
}

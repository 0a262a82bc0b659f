import type { Metadata } from 'next';
import Link from 'next/link';
import { graphql } from '@/gql';
import type { JobQueue, JobState } from '@/gql/graphql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { JobList } from '@/components/job-list';
import { JobLiveRefresh } from '@/components/job-live';
import { isLive } from '@/components/job-parts';
import { EmptyState, PageProblem } from '@/components/panels';
import { cursorPages, Pager, readPageSize, readTrail } from '@/components/pager';

export const metadata: Metadata = { title: 'Jobs · Fewshot' };
export const dynamic = 'force-dynamic';

const JobsList = graphql(`
  query JobsList($queues: [JobQueue!], $states: [JobState!], $first: Int, $after: String) {
    jobs(queues: $queues, states: $states, first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes {
        id
        queue
        state
        progress { stage fraction message finishesAt }
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
  }
`);

const QUEUES: Array<{ value: JobQueue; label: string }> = [
  { value: 'TRAIN', label: 'Train: new model versions' },
  { value: 'FEATURES', label: 'Features: encode items' },
  { value: 'WARMUP', label: 'Warm-up: place new items' },
];
const STATES: JobState[] = ['WAITING', 'DELAYED', 'ACTIVE', 'COMPLETED', 'FAILED'];
const SIZES = [20, 50, 100];
const DEFAULT_SIZE = 20;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The queues' jobs a page at a time, newest first, filtered by queue and state, refreshed live while one moves. */
export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session, forbidden } = await requireSession({ from: '/jobs', role: 'ADMIN' });
  if (forbidden) return <PageProblem title="Jobs" forbidden="Jobs" />;
  const params = await searchParams;
  const queue = QUEUES.find((q) => q.value === one(params.queue))?.value ?? null;
  const state = STATES.find((s) => s === one(params.state)) ?? null;
  const size = readPageSize(params, DEFAULT_SIZE);
  // The filters and the page size travel with every page's link; the cursors are added by cursorPages.
  const base = new URLSearchParams();
  if (queue) base.set('queue', queue);
  if (state) base.set('state', state);
  if (size !== DEFAULT_SIZE) base.set('size', String(size));
  const trail = readTrail(params);

  let data;
  try {
    data = (await request(session, JobsList, { queues: queue ? [queue] : null, states: state ? [state] : null, first: size, after: trail.at(-1) ?? null })).jobs;
  } catch (error) {
    return <PageProblem title="Jobs" error={error} />;
  }
  const { nodes: jobs, totalCount, pageInfo } = data;
  const pages = cursorPages(base, trail, pageInfo.endCursor ?? null, pageInfo.hasNextPage, size, '/jobs');
  const live = jobs.some((job) => isLive(job.state));
  const counts = STATES.map((s) => [s, jobs.filter((job) => job.state === s).length] as const).filter(([, n]) => n > 0);
  const filtered = Boolean(queue || state);
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
          <label htmlFor="jobs-size" className="small">Per page</label>
          <select id="jobs-size" name="size" defaultValue={String(size)}>
            {[...new Set([...SIZES, size])].sort((a, b) => a - b).map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </span>
        <button type="submit">Apply</button>
        {filtered || size !== DEFAULT_SIZE ? <Link href="/jobs" className="small">Clear filters</Link> : null}
      </form>
      {jobs.length === 0 ? (
        trail.length > 0 ? (
          <EmptyState title="This page is empty">
            The jobs changed since the list was opened (finished jobs leave the history after 7 days, failed ones after 30). <Link href={pages.firstHref}>Back to the first page</Link>.
          </EmptyState>
        ) : filtered ? (
          <EmptyState title={`No ${state ? state.toLowerCase() : ''} jobs${queue ? ` in the ${queue.toLowerCase()} queue` : ''}`}>
            No job matches these filters (finished jobs are kept 7 days, failed ones 30). <Link href="/jobs">Show every job</Link>.
          </EmptyState>
        ) : (
          <EmptyState title="No jobs yet">
            Jobs are queued when a training starts (on Models, through the api&apos;s startTraining, or by a retrain schedule), and when items are
            onboarded (their features are encoded, then they are warmed up into the served model). Finished jobs are kept 7 days, failed ones 30.
          </EmptyState>
        )
      ) : (
        <>
          <p className="small muted" data-testid="jobs-summary">
            {queue ? `The ${queue.toLowerCase()} queue` : 'All queues'}, newest first
            {counts.length > 0 ? ` · on this page: ${counts.map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')}` : ''}
          </p>
          <JobList jobs={jobs} />
          <Pager from={pages.from} shown={jobs.length} total={totalCount} prevHref={pages.prevHref} nextHref={pages.nextHref} noun="jobs" />
        </>
      )}
    </section>
  );
}

import { routeParam } from '@/lib/route-param';
import type { Metadata } from 'next';
import Link from 'next/link';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { JobActions } from '@/components/job-actions';
import { JobLiveRefresh } from '@/components/job-live';
import { isLive, JobProgressBar, JobStateBadge, summaryOf, versionIdOf } from '@/components/job-parts';
import { When } from '@/components/job-time';
import { EmptyState, PageProblem } from '@/components/panels';

export const metadata: Metadata = { title: 'Job · Fewshot' };
export const dynamic = 'force-dynamic';

const JobDetail = graphql(`
  query JobDetail($id: ID!) {
    job(id: $id) {
      id
      queue
      state
      progress { stage fraction message finishesAt }
      data
      result
      error
      attempts
      maxAttempts
      logs(last: 500)
      createdAt
      startedAt
      finishedAt
      trainingRun { id status stage progress message error createdAt startedAt finishedAt }
    }
  }
`);

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: segment } = await params;
  const id = routeParam(segment);
  const { session, forbidden } = await requireSession({ from: `/jobs/${encodeURIComponent(id)}`, role: 'ADMIN' });
  const back = <p className="small"><Link href="/jobs">← Jobs</Link></p>;
  if (forbidden) return <PageProblem title="Job" forbidden="Jobs" />;
  let job;
  try {
    job = (await request(session, JobDetail, { id })).job;
  } catch (error) {
    return <PageProblem back={back} title={`Job ${id}`} error={error} />;
  }
  if (!job) {
    return (
      <PageProblem back={back} title={`Job ${id}`}>
        <EmptyState title="No such job">
          The queues do not have it: it was cancelled before it started (then it leaves its queue), or it is older than the queues keep (finished jobs 7 days, failed ones 30).
        </EmptyState>
      </PageProblem>
    );
  }
  const versionId = versionIdOf(job.result);
  const summary = summaryOf(job.data);
  const run = job.trainingRun;
  return (
    <section>
      {back}
      <div className="jobs-title">
        <h2 className="mono">{job.id}</h2>
        <JobStateBadge state={job.state} />
        <JobLiveRefresh live={isLive(job.state)} idleMs={30_000} />
      </div>
      <p className="subtitle">{job.queue.toLowerCase()} job{summary ? ` · ${summary}` : ''}</p>
      <div className="two">
        <div className="panel padded">
          <h3 className="first">Progress</h3>
          <JobProgressBar progress={job.progress} state={job.state} />
          <dl className="job-times small">
            <div><dt>Attempts</dt><dd>{job.attempts} of {job.maxAttempts}</dd></div>
            <div><dt>Created</dt><dd><When at={job.createdAt} /></dd></div>
            <div><dt>Started</dt><dd><When at={job.startedAt} empty="not yet" /></dd></div>
            <div><dt>Finished</dt><dd><When at={job.finishedAt} empty={isLive(job.state) ? 'not yet' : '—'} /></dd></div>
          </dl>
          {job.error ? <p className="error small" data-testid="job-error"><strong>Error:</strong> {job.error}</p> : null}
          {versionId !== null ? <p>Made <Link href={`/models/${versionId}`}>model version {versionId}</Link>.</p> : null}
          <JobActions id={job.id} state={job.state} />
        </div>
        {run ? (
          <div className="panel padded">
            <h3 className="first">Training run {run.id}</h3>
            <p><span className={`status ${run.status.toLowerCase()}`}>{run.status.toLowerCase()}</span>{run.stage ? <> at <code>{run.stage}</code></> : null} · {Math.round(run.progress * 100)}%</p>
            {run.message ? <p className="small">{run.message}</p> : null}
            {run.error ? <p className="error small">{run.error}</p> : null}
            <dl className="job-times small">
              <div><dt>Queued</dt><dd><When at={run.createdAt} /></dd></div>
              <div><dt>Started</dt><dd><When at={run.startedAt} empty="not yet" /></dd></div>
              <div><dt>Finished</dt><dd><When at={run.finishedAt} empty="not yet" /></dd></div>
            </dl>
          </div>
        ) : null}
      </div>
      <h3>Log <span className="muted small">(newest {job.logs.length} lines, up to 500)</span></h3>
      <div className="panel">
        {job.logs.length === 0 ? (
          <EmptyState title="No log lines">{isLive(job.state) ? 'The worker writes them as it goes; this page follows it.' : 'This job wrote none.'}</EmptyState>
        ) : (
          <pre className="job-log tall" tabIndex={0} aria-label={`Log of ${job.id}`}>{job.logs.join('\n')}</pre>
        )}
      </div>
      <div className="two">
        <div>
          <h3>What it was asked</h3>
          <pre className="job-json panel padded" tabIndex={0} aria-label="Job data">{JSON.stringify(job.data, null, 2)}</pre>
        </div>
        <div>
          <h3>What it produced</h3>
          {job.result == null ? <p className="muted small">Nothing yet{job.state === 'FAILED' ? ': it failed' : ''}.</p> : <pre className="job-json panel padded" tabIndex={0} aria-label="Job result">{JSON.stringify(job.result, null, 2)}</pre>}
        </div>
      </div>
    </section>
  );
}

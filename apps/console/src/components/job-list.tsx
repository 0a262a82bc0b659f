'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { loadJobLogs } from '@/app/jobs/actions';
import type { JobLogsQuery, JobsListQuery } from '@/gql/graphql';
import { JobActions } from './job-actions';
import { isLive, jobHref, JobProgressBar, JobStateBadge, summaryOf, versionIdOf } from './job-parts';
import { When } from './job-time';

type ListedJob = JobsListQuery['jobs']['nodes'][number];

/** The jobs as cards (they stack at 400 px), each with its progress, times, outcome, actions and expandable log. */
export function JobList({ jobs }: { jobs: ListedJob[] }) {
  const [notices, setNotices] = useState<string[]>([]);
  const addNotice = useCallback((notice: string) => setNotices((list) => [notice, ...list].slice(0, 5)), []);
  return (
    <div>
      {notices.length > 0 ? (
        <div className="notice" role="status" data-testid="job-notices">
          {notices.map((notice, index) => <p key={`${index}-${notice}`} className="job-notice">{notice}</p>)}
          <button type="button" className="link-button small" onClick={() => setNotices([])}>Dismiss</button>
        </div>
      ) : null}
      <ol className="job-list" aria-label="Jobs, newest first">
        {jobs.map((job) => <JobCard key={job.id} job={job} onNotice={addNotice} />)}
      </ol>
    </div>
  );
}

function JobCard({ job, onNotice }: { job: ListedJob; onNotice: (notice: string) => void }) {
  const [open, setOpen] = useState(false);
  const summary = summaryOf(job.data);
  const versionId = versionIdOf(job.result);
  const logsId = `logs-${job.id.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return (
    <li className={`job-card state-${job.state.toLowerCase()}`} data-testid="job" data-job-id={job.id}>
      <div className="job-head">
        <Link href={jobHref(job.id)} className="job-id mono">{job.id}</Link>
        <span className="tag">{job.queue.toLowerCase()}</span>
        <JobStateBadge state={job.state} />
        <span className="small muted">attempt {job.attempts} of {job.maxAttempts}</span>
      </div>
      {summary ? <p className="small muted job-summary">{summary}</p> : null}
      <JobProgressBar progress={job.progress} state={job.state} />
      <dl className="job-times small">
        <div><dt>Created</dt><dd><When at={job.createdAt} /></dd></div>
        <div><dt>Started</dt><dd><When at={job.startedAt} empty="not yet" /></dd></div>
        <div><dt>Finished</dt><dd><When at={job.finishedAt} empty={isLive(job.state) ? 'not yet' : '—'} /></dd></div>
      </dl>
      {job.error ? <p className="error small" data-testid="job-error"><strong>Error:</strong> {job.error}</p> : null}
      {job.trainingRun ? (
        <p className="small">
          Training run {job.trainingRun.id}: <span className={`status ${job.trainingRun.status.toLowerCase()}`}>{job.trainingRun.status.toLowerCase()}</span>
          {job.trainingRun.stage ? <> at <code>{job.trainingRun.stage}</code></> : null}
          {versionId !== null ? <> · made <Link href={`/models/${versionId}`}>model version {versionId}</Link></> : null}
        </p>
      ) : versionId !== null ? <p className="small">Model version <Link href={`/models/${versionId}`}>{versionId}</Link></p> : null}
      <div className="job-foot">
        <button type="button" className="button secondary small-button" aria-expanded={open} aria-controls={logsId} onClick={() => setOpen(!open)}>
          {open ? 'Hide log' : 'Show log'}
        </button>
        <JobActions id={job.id} state={job.state} onNotice={onNotice} />
      </div>
      {open ? <JobLogs id={job.id} state={job.state} elementId={logsId} /> : null}
    </li>
  );
}

/** The newest 100 lines of a job's log, fetched through a server action, again every second while the job moves. */
function JobLogs({ id, state, elementId }: { id: string; state: ListedJob['state']; elementId: string }) {
  const [answer, setAnswer] = useState<{ error: string | null; job: JobLogsQuery['job'] } | null>(null);
  const live = isLive(state);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const next = await loadJobLogs(id);
      if (stopped) return;
      setAnswer(next);
      if (live) timer = setTimeout(load, 1000);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, live]);
  if (!answer) return <p id={elementId} className="small muted">Loading the log…</p>;
  if (answer.error) return <p id={elementId} className="error small" role="alert">{answer.error}</p>;
  const lines = answer.job?.logs ?? [];
  const run = answer.job?.trainingRun;
  return (
    <div id={elementId} className="job-log-box">
      {run ? (
        <p className="small">
          Run {run.id}: {run.status.toLowerCase()}{run.stage ? `, stage ${run.stage}` : ''} ({Math.round(run.progress * 100)}%){run.message ? ` — ${run.message}` : ''}
          {run.error ? <span className="error-text"> {run.error}</span> : null}
        </p>
      ) : null}
      {lines.length === 0 ? (
        <p className="small muted">No log lines yet{live ? ': the worker writes them as it goes.' : '.'}</p>
      ) : (
        <pre className="job-log" tabIndex={0} aria-label={`Log of ${id}, newest 100 lines`}>{lines.join('\n')}</pre>
      )}
      <p className="small"><Link href={jobHref(id)}>Full log and details →</Link></p>
    </div>
  );
}

'use server';

import { graphql } from '@/gql';
import type { JobLogsQuery } from '@/gql/graphql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

const JobLogs = graphql(`
  query JobLogs($id: ID!) {
    job(id: $id) {
      id
      state
      logs(last: 100)
      trainingRun { id status stage progress message error }
    }
  }
`);

const JobCancel = graphql(`
  mutation JobCancel($id: ID!, $reason: String) {
    cancelJob(id: $id, reason: $reason) { id state error }
  }
`);

const JobRetry = graphql(`
  mutation JobRetry($id: ID!) {
    retryJob(id: $id) { id state }
  }
`);

const message = (error: unknown) => (error instanceof ApiError ? error.message : 'The api could not be reached; try again.');

/** A job's newest 100 log lines and its training run, for the list's expanded row (polled while the job runs). */
export async function loadJobLogs(id: string): Promise<{ error: string | null; job: JobLogsQuery['job'] }> {
  const { session, forbidden } = await requireSession({ from: '/jobs', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins follow jobs.', job: null };
  try {
    return { error: null, job: (await request(session, JobLogs, { id })).job };
  } catch (error) {
    return { error: message(error), job: null };
  }
}

export interface JobActionOutcome {
  error: string | null;
  notice: string | null;
}

export async function cancelJob(id: string, reason: string): Promise<JobActionOutcome> {
  const { session, forbidden } = await requireSession({ from: '/jobs', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins cancel jobs.', notice: null };
  const why = reason.trim().slice(0, 500);
  try {
    const { cancelJob: job } = await request(session, JobCancel, { id, reason: why || null });
    const how = job.state === 'CANCELLED'
      ? 'removed from its queue before it started'
      : job.state === 'FAILED' ? 'stopped; it failed' : 'asked to stop; it fails as soon as its worker notices';
    return { error: null, notice: `Cancelled ${id}: ${how}${why ? ` (reason: ${why})` : ''}.` };
  } catch (error) {
    return { error: message(error), notice: null };
  }
}

export async function retryJob(id: string): Promise<JobActionOutcome> {
  const { session, forbidden } = await requireSession({ from: '/jobs', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins retry jobs.', notice: null };
  try {
    const { retryJob: job } = await request(session, JobRetry, { id });
    return { error: null, notice: `Retrying ${id}: it is ${job.state.toLowerCase()} again, from its first attempt.` };
  } catch (error) {
    return { error: message(error), notice: null };
  }
}

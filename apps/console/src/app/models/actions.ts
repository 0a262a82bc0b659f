'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { count, slotsText, trialShare } from '@/components/trial-format';
import { graphql } from '@/gql';
import type { TrainingInput } from '@/gql/graphql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

const StartTraining = graphql(`
  mutation ModelsStartTraining($input: TrainingInput) {
    startTraining(input: $input) { id }
  }
`);
const Promote = graphql(`
  mutation ModelsPromote($id: ID!) {
    promoteModelVersion(id: $id) { id name status }
  }
`);
const Rollback = graphql(`
  mutation ModelsRollback($id: ID) {
    rollbackModelVersion(id: $id) { id name status }
  }
`);
const StartTrial = graphql(`
  mutation ModelsStartTrial($versionId: ID!, $share: Float!, $plannedUsers: Int, $stopIfWorse: Boolean!, $promoteIfBetter: Boolean!, $newItemSlots: Int, $newItemWithin: Int) {
    startModelTrial(versionId: $versionId, share: $share, plannedUsers: $plannedUsers, stopIfWorse: $stopIfWorse, promoteIfBetter: $promoteIfBetter, newItemSlots: $newItemSlots, newItemWithin: $newItemWithin) {
      id share plannedUsers newItemSlots newItemWithin candidate { name } control { name }
    }
  }
`);
const StopTrial = graphql(`
  mutation ModelsStopTrial($id: ID) {
    stopModelTrial(id: $id) { id }
  }
`);
const JobProgress = graphql(`
  query ModelsJobProgress($id: ID!) {
    job(id: $id) {
      id state error result
      progress { stage fraction message finishesAt }
      trainingRun { status stage progress message error estimatedFinishAt }
    }
    modelVersions(first: 10) { nodes { id name trainingRun { jobId } } }
  }
`);

export interface ActionState {
  error: string | null;
  done?: string | null;
  /** What the form held, so a refused submission keeps it (React resets a form after its action). */
  values?: { name: string; config: string; autoPromote: boolean };
}

const message = (error: unknown) => (error instanceof ApiError || error instanceof Error ? error.message : String(error));

/**
 * Queues a training (startTraining). The advanced settings are a JSON object of MML overrides (the api checks every
 * key); a top-level "evaluation" key in it, if any, is taken out and sent as TrainingInput.evaluation.
 */
export async function startTraining(_: ActionState, form: FormData): Promise<ActionState> {
  const { session, forbidden } = await requireSession({ from: '/models', role: 'ADMIN' });
  if (forbidden) return { error: 'Starting a training needs an admin key.' };
  const input: TrainingInput = { autoPromote: form.get('autoPromote') === 'on' };
  const name = String(form.get('name') ?? '').trim();
  if (name) input.name = name;
  const advanced = String(form.get('config') ?? '').trim();
  const values = { name, config: advanced, autoPromote: input.autoPromote === true };
  const refuse = (error: string): ActionState => ({ error, values });
  if (advanced) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(advanced);
    } catch (error) {
      return refuse(`The advanced settings are not JSON: ${message(error)}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse('The advanced settings must be a JSON object, e.g. {"meta": {"outerSteps": 200}}.');
    const { evaluation, ...config } = parsed as Record<string, unknown>;
    if (evaluation !== undefined) {
      if (typeof evaluation !== 'object' || evaluation === null || Array.isArray(evaluation)) return refuse('The advanced settings\' "evaluation" must be an object, e.g. {"ns": [5, 10], "headlineN": 10}.');
      input.evaluation = evaluation as TrainingInput['evaluation'];
    }
    if (Object.keys(config).length > 0) input.config = config;
  }
  let jobId: string;
  try {
    jobId = (await request(session, StartTraining, { input })).startTraining.id;
  } catch (error) {
    return refuse(message(error));
  }
  revalidatePath('/models');
  redirect(`/models?job=${encodeURIComponent(jobId)}`);
}

/** Promotes a READY (or RETIRED) version: it serves from now on and the active one retires. */
export async function promoteVersion(_: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id') ?? '');
  const { session, forbidden } = await requireSession({ from: `/models/${id}`, role: 'ADMIN' });
  if (forbidden) return { error: 'Promoting needs an admin key.' };
  try {
    const version = (await request(session, Promote, { id })).promoteModelVersion;
    revalidatePath('/models', 'layout');
    revalidatePath(`/models/${id}`);
    revalidatePath('/');
    return { error: null, done: `Version ${version.name} is now ${version.status.toLowerCase()}: replicas pick it up within seconds.` };
  } catch (error) {
    return { error: message(error) };
  }
}

/** Rolls back: re-activates a RETIRED version (`id`), or the previously active one when `id` is empty. */
export async function rollbackVersion(_: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id') ?? '');
  const from = String(form.get('from') ?? id);
  const { session, forbidden } = await requireSession({ from: `/models/${from}`, role: 'ADMIN' });
  if (forbidden) return { error: 'Rolling back needs an admin key.' };
  try {
    const version = (await request(session, Rollback, { id: id || null })).rollbackModelVersion;
    revalidatePath('/models', 'layout');
    revalidatePath(`/models/${from}`);
    revalidatePath('/');
    return { error: null, done: `Rolled back: version ${version.name} (#${version.id}) is ${version.status.toLowerCase()} again.` };
  } catch (error) {
    return { error: message(error) };
  }
}

/**
 * Starts a trial of a READY or RETIRED version (`id`) beside the active one, on `share` percent (1 to 99) of known
 * users. The api refuses what it must (another trial runs, none is active, the version cannot serve) with a message
 * the form shows as it is.
 */
export async function startTrial(_: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id') ?? '');
  const { session, forbidden } = await requireSession({ from: `/models/${id}`, role: 'ADMIN' });
  if (forbidden) return { error: 'Starting a trial needs an admin key.' };
  const percent = Number(form.get('share'));
  if (!Number.isFinite(percent) || percent < 1 || percent > 99) return { error: 'The share must be a percentage from 1 to 99.' };
  // Left empty: the api's default. Anything else goes as typed, and the api says what is wrong with it.
  const planned = String(form.get('plannedUsers') ?? '').trim();
  const plannedUsers = planned === '' ? null : Number(planned);
  // A number beyond GraphQL's Int would be refused with the protocol's words, not the api's.
  if (plannedUsers !== null && !(Number.isInteger(plannedUsers) && Math.abs(plannedUsers) < 2 ** 31)) return { error: 'Planned users must be a whole number from 20 to 10,000,000.' };
  // Present only on the active version's form: a trial of new-item slots.
  const slotsField = form.get('newItemSlots');
  const newItemSlots = slotsField === null ? null : Number(slotsField);
  if (newItemSlots !== null && !(Number.isInteger(newItemSlots) && Math.abs(newItemSlots) < 2 ** 31)) return { error: 'New-item slots must be a whole number from 0 to 100.' };
  // Their rank bound, chosen beside them: empty leaves it to the replicas (FEWSHOT_NEW_ITEM_WITHIN).
  const withinField = String(form.get('newItemWithin') ?? '').trim();
  const newItemWithin = newItemSlots === null || withinField === '' ? null : Number(withinField);
  if (newItemWithin !== null && !(Number.isInteger(newItemWithin) && Math.abs(newItemWithin) < 2 ** 31)) return { error: 'The rank new items must be within is a whole number (0: any rank).' };
  try {
    // Rounded to a hundredth of a percent: 7/100 is 0.07000000000000001 in floating point, which reads oddly back.
    const trial = (await request(session, StartTrial, { versionId: id, share: Math.round(percent * 100) / 10_000, plannedUsers, stopIfWorse: form.get('stopIfWorse') === 'on', promoteIfBetter: form.get('promoteIfBetter') === 'on', newItemSlots, newItemWithin })).startModelTrial;
    revalidatePath('/models', 'layout');
    const tries = trial.newItemSlots === null || trial.newItemSlots === undefined
      ? `${trial.candidate.name} serves ${trialShare(trial.share)} of known users beside ${trial.control.name}`
      : `${trialShare(trial.share)} of known users get ${slotsText(trial.newItemSlots, trial.newItemWithin)} in ${trial.candidate.name}'s lists`;
    return { error: null, done: `Trial #${trial.id} started: ${tries}, planned for ${count(trial.plannedUsers)} users; replicas follow within seconds.` };
  } catch (error) {
    return { error: message(error) };
  }
}

/** Stops the running trial (`id`, so that a trial started since the page was drawn is not the one stopped). */
export async function stopTrial(_: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id') ?? '');
  const { session, forbidden } = await requireSession({ from: '/models', role: 'ADMIN' });
  if (forbidden) return { error: 'Stopping a trial needs an admin key.' };
  try {
    const trial = (await request(session, StopTrial, { id })).stopModelTrial;
    revalidatePath('/models', 'layout');
    return { error: null, done: `Trial #${trial.id} stopped: every user is served by the active version again.` };
  } catch (error) {
    return { error: message(error) };
  }
}

export interface JobProgressState {
  id: string;
  state: string;
  stage: string | null;
  fraction: number;
  message: string | null;
  error: string | null;
  /** When the training will likely end (ISO 8601), once the api can tell. */
  finishesAt: string | null;
  /** The version the training makes, once the worker created it. */
  version: { id: string; name: string } | null;
}

/** Where a training job is, for the live progress on /models (polled about every second). */
export async function trainingJobProgress(id: string): Promise<JobProgressState | { failed: string }> {
  const { session, forbidden } = await requireSession({ from: '/models', role: 'ADMIN' });
  if (forbidden) return { failed: 'Jobs need an admin key.' };
  try {
    const data = await request(session, JobProgress, { id });
    const job = data.job;
    if (!job) return { failed: `There is no job ${id} (it may have left the queue's history).` };
    const result = job.result as { versionId?: unknown } | null;
    const plainId = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
    const version = data.modelVersions.nodes.find((v) => (result && String(result.versionId) === v.id) || v.trainingRun?.jobId === id || v.trainingRun?.jobId === plainId);
    const run = job.trainingRun;
    return {
      id: job.id,
      state: job.state,
      stage: run?.stage ?? job.progress?.stage ?? null,
      fraction: run?.progress ?? job.progress?.fraction ?? 0,
      message: run?.message ?? job.progress?.message ?? null,
      error: job.error ?? run?.error ?? null,
      finishesAt: run?.estimatedFinishAt ?? job.progress?.finishesAt ?? null,
      version: version ? { id: version.id, name: version.name } : null,
    };
  } catch (error) {
    return { failed: message(error) };
  }
}

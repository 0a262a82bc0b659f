'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { graphql } from '@/gql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

const ScheduleCreate = graphql(`
  mutation ScheduleCreate($input: RetrainScheduleInput!) {
    createRetrainSchedule(input: $input) { id name nextRunAt }
  }
`);

const ScheduleUpdate = graphql(`
  mutation ScheduleUpdate($id: ID!, $input: RetrainSchedulePatch!) {
    updateRetrainSchedule(id: $id, input: $input) { id name enabled nextRunAt }
  }
`);

const ScheduleDelete = graphql(`
  mutation ScheduleDelete($id: ID!) {
    deleteRetrainSchedule(id: $id) { id name }
  }
`);

export interface ScheduleFormState {
  error: string | null;
  /** Which field the api (or this form) blamed, to show the message next to it. */
  field: string | null;
  notice: string | null;
  /** What was submitted, to show again after a refusal (React resets a form after its action). */
  values?: ScheduleValues;
  /** Counts answers, so the form shows `values` afresh after each one. */
  seq?: number;
}

export interface ScheduleValues {
  name: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  autoPromote: boolean;
  config: string;
}

const message = (error: unknown) => (error instanceof ApiError ? error.message : 'The api could not be reached; try again.');

/** Which form field an api message is about: its BAD_USER_INPUT messages start with it (`cron …`, `input.timezone …`). */
function fieldOf(text: string): string | null {
  const first = /^(?:input\.)?(\w+)/.exec(text)?.[1];
  return first && ['name', 'cron', 'timezone', 'config'].includes(first) ? first : null;
}

function readForm(form: FormData): { input?: { name: string; cron: string; timezone: string; enabled: boolean; autoPromote: boolean; config: unknown }; error?: ScheduleFormState } {
  const name = String(form.get('name') ?? '').trim();
  const cron = String(form.get('cron') ?? '').trim().replace(/\s+/g, ' ');
  const timezone = String(form.get('timezone') ?? '').trim() || 'UTC';
  const settings = String(form.get('config') ?? '').trim();
  if (!name) return { error: { error: 'Give the schedule a name people recognise ("nightly retrain").', field: 'name', notice: null } };
  if (!cron) return { error: { error: 'Enter a cron expression of five fields, e.g. 0 3 * * * for 03:00 every day.', field: 'cron', notice: null } };
  let config: unknown = null;
  if (settings) {
    try {
      config = JSON.parse(settings);
    } catch (error) {
      return { error: { error: `The settings are not valid JSON (${error instanceof Error ? error.message : String(error)}); leave them empty for the defaults.`, field: 'config', notice: null } };
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return { error: { error: 'The settings must be a JSON object, e.g. {"pretrain": {"epochs": 20}}.', field: 'config', notice: null } };
  }
  return { input: { name, cron, timezone, enabled: form.get('enabled') === 'on', autoPromote: form.get('autoPromote') === 'on', config } };
}

function valuesOf(form: FormData): ScheduleValues {
  return {
    name: String(form.get('name') ?? ''),
    cron: String(form.get('cron') ?? ''),
    timezone: String(form.get('timezone') ?? 'UTC'),
    enabled: form.get('enabled') === 'on',
    autoPromote: form.get('autoPromote') === 'on',
    config: String(form.get('config') ?? ''),
  };
}

export async function createSchedule(previous: ScheduleFormState, form: FormData): Promise<ScheduleFormState> {
  const answer = await createScheduleFrom(form);
  return { ...answer, values: answer.error ? valuesOf(form) : undefined, seq: (previous.seq ?? 0) + 1 };
}

export async function updateSchedule(previous: ScheduleFormState, form: FormData): Promise<ScheduleFormState> {
  const answer = await updateScheduleFrom(form);
  return { ...answer, values: valuesOf(form), seq: (previous.seq ?? 0) + 1 };
}

async function createScheduleFrom(form: FormData): Promise<ScheduleFormState> {
  const { session, forbidden } = await requireSession({ from: '/schedules', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins create retrain schedules.', field: null, notice: null };
  const { input, error } = readForm(form);
  if (!input) return error!;
  try {
    const { createRetrainSchedule } = await request(session, ScheduleCreate, { input });
    revalidatePath('/schedules');
    return { error: null, field: null, notice: `Created "${createRetrainSchedule.name}".` };
  } catch (failure) {
    const text = message(failure);
    return { error: text, field: fieldOf(text), notice: null };
  }
}

async function updateScheduleFrom(form: FormData): Promise<ScheduleFormState> {
  const { session, forbidden } = await requireSession({ from: '/schedules', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins change retrain schedules.', field: null, notice: null };
  const id = String(form.get('id') ?? '');
  const { input, error } = readForm(form);
  if (!input) return error!;
  try {
    await request(session, ScheduleUpdate, { id, input });
  } catch (failure) {
    const text = message(failure);
    return { error: text, field: fieldOf(text), notice: null };
  }
  revalidatePath('/schedules');
  redirect('/schedules');
}

export async function setScheduleEnabled(id: string, enabled: boolean): Promise<{ error: string | null }> {
  const { session, forbidden } = await requireSession({ from: '/schedules', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins change retrain schedules.' };
  try {
    await request(session, ScheduleUpdate, { id, input: { enabled } });
    revalidatePath('/schedules');
    return { error: null };
  } catch (error) {
    return { error: message(error) };
  }
}

export async function deleteSchedule(id: string): Promise<{ error: string | null }> {
  const { session, forbidden } = await requireSession({ from: '/schedules', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins delete retrain schedules.' };
  try {
    await request(session, ScheduleDelete, { id });
    revalidatePath('/schedules');
    return { error: null };
  } catch (error) {
    return { error: message(error) };
  }
}

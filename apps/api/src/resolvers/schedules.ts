import type { Prisma } from '@fewshot/db';
import { requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { AppError, AppErrorCode, badInput } from '../errors.ts';
import type { MutationResolvers, QueryResolvers, RetrainScheduleResolvers } from '../generated/graphql.ts';
import type { JobQueues } from '../jobs/job-queues.ts';
import { checkCron, ScheduleInputError, syncSchedule, type ScheduleSettings } from '../jobs/retrain-schedules.ts';
import { checkSerialId, checkText } from '../services/check-input.ts';
import { checkMmlConfigOverrides } from '../services/mml-config-input.ts';

function queues({ state }: ContextValue): JobQueues {
  if (!state.jobs) throw new AppError(AppErrorCode.Unavailable, 'this api runs without job queues: set REDIS_URL (npm start does) to schedule retrains');
  return state.jobs;
}

function checkConfig(config: unknown, field: string): ScheduleSettings['config'] {
  if (Buffer.byteLength(JSON.stringify(config)) > 16_384) throw badInput(`${field} must be at most 16384 bytes of JSON`, field);
  try {
    return checkMmlConfigOverrides(config, field);
  } catch (error) {
    throw badInput(error instanceof Error ? error.message : String(error), field);
  }
}

function checkTiming(cron: string, timezone: string): void {
  try {
    checkCron(checkText(cron, 'input.cron', 200), checkText(timezone, 'input.timezone', 100));
  } catch (error) {
    if (error instanceof ScheduleInputError) throw badInput(error.message, `input.${error.field}`);
    throw error;
  }
}

async function findSchedule(context: ContextValue, id: string) {
  const scheduleId = checkSerialId(id, 'id', 'schedule');
  const schedule = await context.db.prisma.retrainSchedule.findUnique({ where: { id: scheduleId } });
  if (!schedule) throw new AppError(AppErrorCode.NotFound, `there is no retrain schedule ${id}`, { field: 'id' });
  return schedule;
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

export const scheduleQueries: QueryResolvers = {
  retrainSchedules: (_, __, context) => {
    requireRole(context, 'ADMIN');
    return context.db.prisma.retrainSchedule.findMany({ orderBy: { id: 'asc' } });
  },
};

/**
 * The database row is the schedule; BullMQ's job scheduler follows it (syncSchedule). A row is written first and the
 * scheduler after, so a Redis that does not answer leaves a row that the next worker start syncs (reconcileSchedules).
 */
export const scheduleMutations: MutationResolvers = {
  createRetrainSchedule: async (_, { input }, context) => {
    requireRole(context, 'ADMIN');
    const jobs = queues(context);
    const name = checkText(input.name, 'input.name', 200).trim();
    if (!name) throw badInput('input.name must not be empty', 'input.name');
    const timezone = input.timezone ?? 'UTC';
    checkTiming(input.cron, timezone);
    const settings: ScheduleSettings = { ...(input.config != null ? { config: checkConfig(input.config, 'input.config') } : {}), ...(input.autoPromote ? { autoPromote: true } : {}) };
    const schedule = await context.db.prisma.retrainSchedule.create({ data: { name, cron: input.cron.trim(), timezone, enabled: input.enabled ?? true, config: json(settings) } });
    await syncSchedule(context.db, jobs, schedule, schedule.id);
    return context.db.prisma.retrainSchedule.findUniqueOrThrow({ where: { id: schedule.id } });
  },
  updateRetrainSchedule: async (_, { id, input }, context) => {
    requireRole(context, 'ADMIN');
    const jobs = queues(context);
    const existing = await findSchedule(context, id);
    const settings = { ...((existing.config ?? {}) as ScheduleSettings) };
    if (input.config !== undefined) {
      if (input.config === null) delete settings.config;
      else settings.config = checkConfig(input.config, 'input.config');
    }
    if (input.autoPromote != null) settings.autoPromote = input.autoPromote;
    const cron = input.cron != null ? input.cron.trim() : existing.cron;
    const timezone = input.timezone ?? existing.timezone;
    checkTiming(cron, timezone);
    let name = existing.name;
    if (input.name != null) {
      name = checkText(input.name, 'input.name', 200).trim();
      if (!name) throw badInput('input.name must not be empty', 'input.name');
    }
    const schedule = await context.db.prisma.retrainSchedule.update({ where: { id: existing.id }, data: { name, cron, timezone, enabled: input.enabled ?? existing.enabled, config: json(settings) } });
    await syncSchedule(context.db, jobs, schedule, schedule.id);
    return context.db.prisma.retrainSchedule.findUniqueOrThrow({ where: { id: schedule.id } });
  },
  deleteRetrainSchedule: async (_, { id }, context) => {
    requireRole(context, 'ADMIN');
    const jobs = queues(context);
    const existing = await findSchedule(context, id);
    await context.db.prisma.retrainSchedule.delete({ where: { id: existing.id } });
    await syncSchedule(context.db, jobs, null, existing.id);
    return existing;
  },
};

export const RetrainSchedule: RetrainScheduleResolvers = {
  config: (schedule) => ((schedule.config ?? {}) as ScheduleSettings).config ?? null,
  autoPromote: (schedule) => ((schedule.config ?? {}) as ScheduleSettings).autoPromote === true,
};

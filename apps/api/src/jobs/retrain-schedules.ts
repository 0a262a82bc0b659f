import type { Database, RetrainSchedule } from '@fewshot/db';
import type { PromotionPolicy } from '@fewshot/pipeline/lifecycle';
import type { DeepPartial, MmlConfig } from '@fewshot/model/mml';
import { CronExpressionParser } from 'cron-parser';
import type { JobQueues } from './job-queues.ts';
import type { TrainJobData } from './queues.ts';

/** What a schedule's trainings use: stored in its `config` column. */
export interface ScheduleSettings {
  config?: DeepPartial<MmlConfig>;
  autoPromote?: boolean;
  policy?: Partial<PromotionPolicy>;
}

/** A retraining more often than this would mostly train on the same data; the limit says so rather than queue a pile. */
export const MIN_SCHEDULE_INTERVAL_MINUTES = 15;

export class ScheduleInputError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = 'ScheduleInputError';
  }
}

/** The next `count` times a five-field cron expression fires in `timezone`; refuses what cannot run or runs too often. */
export function checkCron(cron: string, timezone: string, count = 3): Date[] {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new ScheduleInputError(`timezone must be an IANA time zone such as "UTC" or "Europe/Berlin", got ${JSON.stringify(timezone.slice(0, 60))}`, 'timezone');
  }
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new ScheduleInputError(`cron must have five fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *" for 03:00 every day; got ${fields.length}`, 'cron');
  let times: Date[];
  try {
    const expression = CronExpressionParser.parse(cron, { tz: timezone });
    times = Array.from({ length: Math.max(count, 2) }, () => expression.next().toDate());
  } catch (error) {
    throw new ScheduleInputError(`cron ${JSON.stringify(cron.slice(0, 100))} is not a valid expression: ${error instanceof Error ? error.message : String(error)}`, 'cron');
  }
  for (let i = 1; i < times.length; i++) {
    const minutes = (times[i]!.getTime() - times[i - 1]!.getTime()) / 60_000;
    if (minutes < MIN_SCHEDULE_INTERVAL_MINUTES) throw new ScheduleInputError(`cron ${JSON.stringify(cron)} runs every ${minutes} minute(s): retrains must be at least ${MIN_SCHEDULE_INTERVAL_MINUTES} minutes apart`, 'cron');
  }
  return times.slice(0, count);
}

function schedulerId(scheduleId: number): string {
  return `schedule-${scheduleId}`;
}

/**
 * Makes BullMQ's job scheduler for a schedule match its row: enabled → a scheduler that queues a `train` job at
 * every cron time (with the schedule's settings), disabled or deleted → none. Records the next run time on the row.
 */
export async function syncSchedule(db: Database, queues: JobQueues, schedule: RetrainSchedule | null, scheduleId: number): Promise<Date | null> {
  const queue = queues.queue('train');
  if (!schedule || !schedule.enabled) {
    await queue.removeJobScheduler(schedulerId(scheduleId));
    if (schedule) await db.prisma.retrainSchedule.update({ where: { id: scheduleId }, data: { nextRunAt: null } });
    return null;
  }
  const settings = (schedule.config ?? {}) as ScheduleSettings;
  const data: TrainJobData = { scheduleId, reason: `retrain schedule "${schedule.name}" (${schedule.cron} ${schedule.timezone})`, ...(settings.config ? { config: settings.config } : {}), ...(settings.autoPromote ? { autoPromote: true } : {}), ...(settings.policy ? { policy: settings.policy } : {}) };
  await queue.upsertJobScheduler(schedulerId(scheduleId), { pattern: schedule.cron, tz: schedule.timezone }, { name: 'train', data });
  const [next] = checkCron(schedule.cron, schedule.timezone, 1);
  await db.prisma.retrainSchedule.update({ where: { id: scheduleId }, data: { nextRunAt: next ?? null } });
  return next ?? null;
}

/**
 * Brings BullMQ's schedulers in line with the database (the source of truth) when a worker starts: a Redis that lost
 * its data gets them back, and a scheduler whose schedule was deleted meanwhile is removed.
 */
export async function reconcileSchedules(db: Database, queues: JobQueues): Promise<{ synced: number; removed: number }> {
  const schedules = await db.prisma.retrainSchedule.findMany();
  const known = new Set(schedules.map((schedule) => schedulerId(schedule.id)));
  let removed = 0;
  for (const scheduler of await queues.queue('train').getJobSchedulers()) {
    if (scheduler.key.startsWith('schedule-') && !known.has(scheduler.key)) {
      await queues.queue('train').removeJobScheduler(scheduler.key);
      removed++;
    }
  }
  for (const schedule of schedules) await syncSchedule(db, queues, schedule, schedule.id);
  return { synced: schedules.length, removed };
}

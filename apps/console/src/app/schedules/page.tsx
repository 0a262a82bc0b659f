import type { Metadata } from 'next';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { When } from '@/components/job-time';
import { EmptyState, PageProblem } from '@/components/panels';
import { ScheduleForm } from '@/components/schedule-form';
import { ScheduleRowActions } from '@/components/schedule-row-actions';
import { SchedulesList, timeZones } from './schedules-query';

export const metadata: Metadata = { title: 'Retrain schedules · Fewshot' };
export const dynamic = 'force-dynamic';

/** The instant as the schedule's own zone reads it ("Wed 03:00 Europe/Berlin"), which its cron expression names. */
function inZone(iso: string, timeZone: string): string {
  try {
    return `${new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))} ${timeZone}`;
  } catch {
    return timeZone;
  }
}

export default async function SchedulesPage() {
  const { session, forbidden } = await requireSession({ from: '/schedules', role: 'ADMIN' });
  if (forbidden) return <PageProblem title="Retrain schedules" forbidden="Retrain schedules" />;
  let schedules;
  try {
    schedules = (await request(session, SchedulesList)).retrainSchedules;
  } catch (error) {
    return <PageProblem title="Retrain schedules" error={error} />;
  }
  return (
    <section>
      <h2>Retrain schedules</h2>
      <p className="subtitle">At every time a schedule&apos;s cron expression names, a training of a new model version is queued (see Jobs).</p>
      <div className="panel">
        {schedules.length === 0 ? (
          <EmptyState title="No retrain schedules yet">
            Nothing retrains the model on its own: trainings run only when someone starts one. Create a schedule below to retrain regularly, e.g. every night at 03:00.
          </EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table className="schedules-table">
                <caption className="visually-hidden">Retrain schedules, oldest first</caption>
                <thead>
                  <tr><th>Name</th><th>Cron</th><th>Time zone</th><th>State</th><th>Auto-promote</th><th>Next run</th><th>Last run</th><th><span className="visually-hidden">Actions</span></th></tr>
                </thead>
                <tbody>
                  {schedules.map((schedule) => (
                    <tr key={schedule.id} data-testid={`schedule-${schedule.id}`} className={schedule.enabled ? undefined : 'disabled-row'}>
                      <td>{schedule.name}{schedule.config ? <span className="tag" title={JSON.stringify(schedule.config)}>custom settings</span> : null}</td>
                      <td><code>{schedule.cron}</code></td>
                      <td>{schedule.timezone}</td>
                      <td>{schedule.enabled ? <span className="status active">enabled</span> : <span className="status">disabled</span>}</td>
                      <td>{schedule.autoPromote ? 'yes' : 'no'}</td>
                      <td data-testid="next-run">
                        <When at={schedule.nextRunAt} empty={schedule.enabled ? '—' : 'none (disabled)'} />
                        {schedule.nextRunAt && schedule.timezone !== 'UTC' ? <span className="muted small zone-time">{inZone(schedule.nextRunAt, schedule.timezone)}</span> : null}
                      </td>
                      <td><When at={schedule.lastRunAt} empty="never" /></td>
                      <td><ScheduleRowActions id={schedule.id} name={schedule.name} enabled={schedule.enabled} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="pager">{schedules.length.toLocaleString('en-US')} {schedules.length === 1 ? 'schedule' : 'schedules'}, {schedules.filter((s) => s.enabled).length.toLocaleString('en-US')} enabled, oldest first</p>
          </>
        )}
      </div>
      <div className="panel padded">
        <h3 className="first">New schedule</h3>
        <ScheduleForm timezones={timeZones()} />
      </div>
    </section>
  );
}

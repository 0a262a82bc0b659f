import { routeParam } from '@/lib/route-param';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { When } from '@/components/job-time';
import { PageProblem } from '@/components/panels';
import { ScheduleForm } from '@/components/schedule-form';
import { SchedulesList, timeZones } from '../schedules-query';

export const metadata: Metadata = { title: 'Edit a retrain schedule · Fewshot' };
export const dynamic = 'force-dynamic';

export default async function ScheduleEditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const scheduleId = routeParam(id);
  const { session, forbidden } = await requireSession({ from: `/schedules/${id}`, role: 'ADMIN' });
  if (forbidden) return <PageProblem title="Retrain schedule" forbidden="Retrain schedules" />;
  let schedules;
  try {
    schedules = (await request(session, SchedulesList)).retrainSchedules;
  } catch (error) {
    return <PageProblem title="Retrain schedule" error={error} />;
  }
  const schedule = schedules.find((candidate) => candidate.id === scheduleId);
  if (!schedule) notFound();
  return (
    <section>
      <p className="small"><Link href="/schedules">← Retrain schedules</Link></p>
      <h2>Edit &ldquo;{schedule.name}&rdquo;</h2>
      <p className="subtitle">
        Next run <When at={schedule.nextRunAt} empty="none (disabled)" />, last run <When at={schedule.lastRunAt} empty="never" />; created <When at={schedule.createdAt} />.
        Trainings it already queued run as they were.
      </p>
      <div className="panel padded">
        <ScheduleForm
          id={schedule.id}
          timezones={timeZones()}
          initial={{
            name: schedule.name, cron: schedule.cron, timezone: schedule.timezone, enabled: schedule.enabled, autoPromote: schedule.autoPromote,
            config: schedule.config == null ? '' : JSON.stringify(schedule.config, null, 2),
          }}
        />
      </div>
    </section>
  );
}

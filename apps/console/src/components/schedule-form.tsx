'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { createSchedule, updateSchedule, type ScheduleFormState, type ScheduleValues } from '@/app/schedules/actions';

const EMPTY: ScheduleValues = { name: '', cron: '', timezone: 'UTC', enabled: true, autoPromote: false, config: '' };

/** Creates a retrain schedule, or edits one (`id`); the api's refusals (bad cron, too frequent, unknown zone) show by their field. */
export function ScheduleForm({ id, initial, timezones }: { id?: string; initial?: ScheduleValues; timezones: string[] }) {
  const [state, action, pending] = useActionState<ScheduleFormState, FormData>(id ? updateSchedule : createSchedule, { error: null, field: null, notice: null });
  const values = state.values ?? initial ?? EMPTY;
  const zones = timezones.includes(values.timezone) ? timezones : [values.timezone, ...timezones];
  const problem = (field: string) => (state.error && state.field === field ? <p className="error small" role="alert" id={`schedule-${field}-error`}>{state.error}</p> : null);
  const described = (field: string, help?: string) => [help, state.error && state.field === field ? `schedule-${field}-error` : null].filter(Boolean).join(' ') || undefined;
  const prefix = id ? 'edit' : 'new';
  return (
    <form action={action} className="form schedule-form" key={state.seq ?? 0} aria-label={id ? 'Edit the schedule' : 'New schedule'}>
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <div className="schedule-fields">
        <div>
          <label htmlFor={`${prefix}-name`}>Name</label>
          <input id={`${prefix}-name`} name="name" required maxLength={200} defaultValue={values.name} placeholder="nightly retrain" aria-describedby={described('name')} />
          {problem('name')}
        </div>
        <div>
          <label htmlFor={`${prefix}-cron`}>Cron expression</label>
          <input id={`${prefix}-cron`} name="cron" required defaultValue={values.cron} placeholder="0 3 * * *" spellCheck={false} className="mono" aria-describedby={described('cron', `${prefix}-cron-help`)} />
          <p id={`${prefix}-cron-help`} className="muted small">
            Five fields: minute hour day-of-month month day-of-week, read in the time zone below; runs at least 15 minutes apart.
            Examples: <code>0 3 * * *</code> 03:00 daily, <code>30 2 * * 1</code> Mondays 02:30, <code>0 */6 * * *</code> every 6 hours, <code>0 4 1 * *</code> the 1st of each month at 04:00.
          </p>
          {problem('cron')}
        </div>
        <div>
          <label htmlFor={`${prefix}-timezone`}>Time zone</label>
          <select id={`${prefix}-timezone`} name="timezone" defaultValue={values.timezone} aria-describedby={described('timezone')}>
            {zones.map((zone) => <option key={zone} value={zone}>{zone}</option>)}
          </select>
          {problem('timezone')}
        </div>
      </div>
      <label className="check"><input type="checkbox" name="enabled" defaultChecked={values.enabled} /> Enabled: queue trainings at the times above</label>
      <label className="check"><input type="checkbox" name="autoPromote" defaultChecked={values.autoPromote} /> Promote each new version when it beats the active one</label>
      <label htmlFor={`${prefix}-config`}>Settings overrides (optional JSON)</label>
      <textarea id={`${prefix}-config`} name="config" rows={3} defaultValue={values.config} placeholder='{"pretrain": {"epochs": 20}}' spellCheck={false} className="mono" aria-describedby={described('config', `${prefix}-config-help`)} />
      <p id={`${prefix}-config-help`} className="muted small">Overrides of the MML training settings, at most 16 KB; empty trains with the defaults.</p>
      {problem('config')}
      {state.error && !['name', 'cron', 'timezone', 'config'].includes(state.field ?? '') ? <p className="error" role="alert">{state.error}</p> : null}
      {state.notice ? <p className="notice" role="status">{state.notice}</p> : null}
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>{pending ? 'Saving…' : id ? 'Save changes' : 'Create schedule'}</button>
        {id ? <Link href="/schedules" className="button secondary">Back without saving</Link> : null}
      </div>
    </form>
  );
}

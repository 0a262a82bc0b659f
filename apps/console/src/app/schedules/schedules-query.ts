import 'server-only';
import { graphql } from '@/gql';

export const SchedulesList = graphql(`
  query SchedulesList {
    retrainSchedules { id name cron timezone enabled autoPromote config lastRunAt nextRunAt createdAt updatedAt }
  }
`);

/** The IANA zones this server knows, UTC first (the select's default). */
export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
}

import Link from 'next/link';
import { BarsChart } from '@/components/chart-bars';
import { PATH_LABELS } from '@/components/model-format';
import { fmt } from '@/components/model-metrics';
import { EmptyState, ErrorPanel } from '@/components/panels';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import type { Session } from '@/lib/session';

const Outcomes = graphql(`
  query ModelOutcomes($since: DateTime!, $version: ID) {
    recommendationOutcomes(since: $since, modelVersionId: $version) {
      withinMinutes sample retentionDays
      rows { modelVersion { id name } path historyFrom historyTo lists followed followRate meanReciprocalRank stillOpen }
    }
  }
`);

/** The ranges the section offers, in days; the page reads its choice from `?online=`. */
export const OUTCOME_DAYS = [1, 7, 30] as const;
export const DEFAULT_OUTCOME_DAYS = 7;


export function readOutcomeDays(value: string | string[] | undefined): number {
  const days = Number(value);
  return (OUTCOME_DAYS as readonly number[]).includes(days) ? days : DEFAULT_OUTCOME_DAYS;
}

const range = (from: number, to: number | null | undefined) => (to === null || to === undefined ? `${from}+` : from === to ? String(from) : `${from}–${to}`);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const versionLabel = (version: { id: string; name: string } | null | undefined) => (version ? `#${version.id} ${version.name}` : 'no version (counts)');

/**
 * Online: how often the lists a frontend showed known users were followed (an event on one of their items within a
 * day), per version and by how many events the user had, charted and tabled. What offline metrics cannot say: how the
 * serving version does for people with two or three events now.
 */
export async function ModelOutcomes({ session, days, versionId = null, path = '/models' }: {
  session: Pick<Session, 'key'>;
  days: number;
  /** Only this version's lists (its own page). */
  versionId?: string | null;
  /** The page the range links lead to. */
  path?: string;
}) {
  let data;
  try {
    data = await request(session, Outcomes, { since: new Date(Date.now() - days * 86_400_000).toISOString(), version: versionId });
  } catch (error) {
    return <ErrorPanel error={error} />;
  }
  const { rows, withinMinutes, sample, retentionDays } = data.recommendationOutcomes;
  const window = withinMinutes % 60 === 0 ? `${withinMinutes / 60} hours` : `${withinMinutes} minutes`;
  const ranges = [...new Map(rows.map((row) => [range(row.historyFrom, row.historyTo), row.historyFrom])).entries()].sort((a, b) => a[1] - b[1]).map(([label]) => label);
  const versions = [...new Set(rows.map((row) => versionLabel(row.modelVersion)))];
  // One bar per version and history range: that range's lists of every path together.
  const chartData = ranges.map((label) => {
    const point: Record<string, string | number> = { events: `${label} events` };
    for (const version of versions) {
      const matching = rows.filter((row) => versionLabel(row.modelVersion) === version && range(row.historyFrom, row.historyTo) === label);
      const lists = matching.reduce((sum, row) => sum + row.lists, 0);
      if (lists > 0) point[version] = (100 * matching.reduce((sum, row) => sum + row.followed, 0)) / lists;
    }
    return point;
  });
  const total = rows.reduce((sum, row) => sum + row.lists, 0);
  const open = rows.reduce((sum, row) => sum + row.stillOpen, 0);
  return (
    <div className="panel padded" data-testid="outcomes">
      <p className="small">
        Show the last{' '}
        {OUTCOME_DAYS.map((choice, i) => (
          <span key={choice}>
            {i > 0 ? ' · ' : null}
            {choice === days ? <strong aria-current="true">{choice === 1 ? '24 hours' : `${choice} days`}</strong> : <Link href={`${path}?online=${choice}`}>{choice === 1 ? '24 hours' : `${choice} days`}</Link>}
          </span>
        ))}
      </p>
      {rows.length === 0 ? (
        <EmptyState title="No lists recorded in this range">
          {versionId ? 'This version showed no known user a list in this range. ' : ''}Lists are recorded when a frontend key asks for a known user&apos;s recommendations (the console&apos;s previews and anonymous visitors are not counted). Kept {retentionDays} days{sample < 1 ? `, ${percent(sample)} of them` : ''}.
        </EmptyState>
      ) : (
        <>
          <BarsChart
            testId="outcomes-chart"
            label={`Share of lists followed within ${window}, by the user's events when served and by version: ${chartData.map((point) => `${point.events}: ${versions.filter((v) => point[v] !== undefined).map((v) => `${v} ${Number(point[v]).toFixed(1)}%`).join(', ')}`).join('; ')}`}
            data={chartData}
            categoryKey="events"
            series={versions}
            yDomain={[0, 100]}
            unit="%"
            digits={1}
          />
          <p className="muted small" data-testid="outcomes-caption">
            Share of lists followed (an event of the user on one of the list&apos;s items within {window} after it was shown), by the user&apos;s events when it was shown; {total.toLocaleString('en-US')} {total === 1 ? 'list' : 'lists'}{open > 0 ? `, ${open.toLocaleString('en-US')} of them shown less than ${window} ago (their share can still rise)` : ''}. Versions that served in different weeks saw different users: compare neighbouring weeks.
          </p>
          <div className="table-wrap">
            <table data-testid="outcomes-table">
              <caption className="model-sr-only">Lists shown and followed, by version, path and the user&apos;s events</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th><th scope="col">Path</th><th scope="col" className="num">Events</th><th scope="col" className="num">Lists</th>
                  <th scope="col" className="num">Followed</th><th scope="col" className="num">Share</th><th scope="col" className="num">MRR</th><th scope="col" className="num">Still open</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.modelVersion?.id ?? 'none'}-${row.path}-${row.historyFrom}`}>
                    <td>{row.modelVersion ? <Link href={`/models/${row.modelVersion.id}`}>{versionLabel(row.modelVersion)}</Link> : versionLabel(null)}</td>
                    <td>{PATH_LABELS[row.path] ?? row.path}</td>
                    <td className="num">{range(row.historyFrom, row.historyTo)}</td>
                    <td className="num">{row.lists.toLocaleString('en-US')}</td>
                    <td className="num">{row.followed.toLocaleString('en-US')}</td>
                    <td className="num">{percent(row.followRate)}</td>
                    <td className="num">{fmt(row.meanReciprocalRank)}</td>
                    <td className="num">{row.stillOpen > 0 ? row.stillOpen.toLocaleString('en-US') : <span className="muted">–</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">Recorded: lists a frontend key asked for known users{sample < 1 ? ` (${percent(sample)} of them)` : ''}, kept {retentionDays} days. MRR: 1 / the rank of the best-ranked item followed, averaged over the lists (0 when not followed).</p>
        </>
      )}
    </div>
  );
}

import type { TrialFieldsFragment } from '@/gql/graphql';
import { BandChart } from './chart-band';
import { BarsChart } from './chart-bars';
import { IntervalChart } from './chart-interval';
import type { TrialComparison } from './trial-fields';
import { historyRange, points, pointsInterval } from './trial-format';

const DIFFERENCE = 'Candidate − control (pp)';

/**
 * A trial's results as two charts side by side, over all users and per range of their events: each arm's share of
 * lists followed, and the difference with its 95% interval (the interval is the difference's: the api estimates it
 * over users, which no per-arm bar could show honestly). `running`: the trial runs now.
 */
export function TrialCharts({ rows, running }: { rows: TrialComparison[]; running: boolean }) {
  // The legend says which arm is the active version only while the trial runs (once it ended, another may be).
  const controlName = running ? 'Control (active)' : 'Control';
  const candidateName = running ? 'Candidate (trial)' : 'Candidate';
  const rates = rows.map((row) => {
    const point: Record<string, string | number> = { range: historyRange(row.historyFrom, row.historyTo) };
    if (row.control.followRate !== null) point[controlName] = row.control.followRate * 100;
    if (row.candidate.followRate !== null) point[candidateName] = row.candidate.followRate * 100;
    return point;
  });
  const differences = rows.flatMap((row) => {
    const d = row.followRateDifference;
    return d ? [{ category: historyRange(row.historyFrom, row.historyTo), value: d.value * 100, low: d.low * 100, high: d.high * 100, text: `${points(d.value)} (${pointsInterval(d)})` }] : [];
  });
  return (
    <div className="two trial-charts">
      <figure className="model-figure">
        <figcaption className="small"><strong>Share of lists followed, per arm</strong></figcaption>
        <BarsChart
          testId="trial-rates-chart"
          label={`Share of lists followed per arm: ${rates.map((point) => `${point.range}: control ${fmtRate(point[controlName])}, candidate ${fmtRate(point[candidateName])}`).join('; ')}`}
          data={rates}
          categoryKey="range"
          series={[controlName, candidateName]}
          yDomain={[0, 100]}
          unit="%"
          digits={1}
        />
      </figure>
      <figure className="model-figure">
        <figcaption className="small"><strong>Difference, with its 95% interval</strong></figcaption>
        {differences.length > 0 ? (
          <IntervalChart
            testId="trial-difference-chart"
            label={`Candidate − control share of lists followed, in percentage points, with the 95% interval: ${differences.map((d) => `${d.category}: ${d.text}`).join('; ')}`}
            data={differences}
            name={DIFFERENCE}
            unit=" pp"
          />
        ) : (
          <p className="muted small trial-chart-empty" data-testid="trial-difference-empty">No interval yet: each arm needs lists from at least two users.</p>
        )}
      </figure>
    </div>
  );
}

/**
 * How the overall difference and its interval moved while the trial ran, each moment as it could have been read then:
 * the interval holds at every look, so the whole line may be read, and where the band leaves 0 a guardrail could act.
 */
export function TrialTimeline({ timeline }: { timeline: TrialFieldsFragment['timeline'] }) {
  // A trial shorter than an hour is labelled to the second, else to the minute with the day.
  const span = timeline.length > 1 ? Date.parse(timeline.at(-1)!.at) - Date.parse(timeline[0]!.at) : 0;
  const label = (at: string) => (span < 3_600_000 ? at.slice(11, 19) : at.slice(5, 16).replace('T', ' '));
  const data = timeline.flatMap((moment) => {
    const d = moment.followRateDifference;
    return d ? [{ moment: label(moment.at), value: d.value * 100, low: d.low * 100, high: d.high * 100, users: moment.users }] : [];
  });
  return (
    <figure className="model-figure trial-timeline">
      <figcaption className="small"><strong>How the difference moved</strong> <span className="muted">candidate − control over the trial (UTC), each moment with the lists and follows made by then; the band is the 95% interval, valid at every look</span></figcaption>
      {data.length > 1 ? (
        <BandChart
          testId="trial-timeline-chart"
          label={`Candidate − control share of lists followed over the trial, in percentage points, with the 95% interval valid at every look: ${data.map((d) => `${d.moment} UTC (${d.users} users): ${points(d.value / 100)} (${pointsInterval({ low: d.low / 100, high: d.high / 100 })})`).join('; ')}`}
          data={data}
          name={DIFFERENCE}
          bandName="95% interval"
          unit=" pp"
        />
      ) : (
        <p className="muted small trial-chart-empty" data-testid="trial-timeline-empty">Not enough moments with an interval yet: each arm needs lists from at least two users, at two moments or more.</p>
      )}
    </figure>
  );
}

function fmtRate(value: string | number | undefined): string {
  return typeof value === 'number' ? `${value.toFixed(1)}%` : 'no lists';
}

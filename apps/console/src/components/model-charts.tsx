import { BarsChart } from './chart-bars';
import { LinesChart } from './chart-lines';
import { BaselineTable, baselineRows, fmt, historyRows, HistoryTable, type FirstItemsMetrics, type VersionMetrics } from './model-metrics';

/** mml against every baseline at the headline history length (bars, mml in colour), with its numbers below. */
export function ModelBaselineChart({ metrics }: { metrics: VersionMetrics }) {
  const rows = baselineRows(metrics);
  const n = metrics.headlineN === null ? '' : ` with ${metrics.headlineN} events`;
  const title = `NDCG@10 and Recall@10 of new users${n}: mml against the baselines`;
  return (
    <figure className="panel padded model-figure">
      <figcaption><strong>{title}</strong></figcaption>
      <BarsChart
        testId="baseline-chart"
        label={`${title}. ${rows.map((r) => `${r.method}: NDCG@10 ${fmt(r['NDCG@10'])}, Recall@10 ${fmt(r['Recall@10'])}`).join('; ')}.`}
        data={rows}
        categoryKey="method"
        series={['NDCG@10', 'Recall@10']}
        highlight="mml"
      />
      <BaselineTable metrics={metrics} caption={title} />
    </figure>
  );
}

/** NDCG@10 of every method by new-user history length (n = 2, 3, 5, 10, 20): lines, mml thicker, the numbers below. */
export function ModelHistoryChart({ metrics }: { metrics: VersionMetrics }) {
  const { rows, methods } = historyRows(metrics);
  if (rows.length === 0 || methods.length === 0) return null;
  const title = 'NDCG@10 by new-user history length';
  return (
    <figure className="panel padded model-figure">
      <figcaption><strong>{title}</strong> <span className="muted small">(n: a new user&apos;s n-th event ranked from the n − 1 before it)</span></figcaption>
      <LinesChart
        testId="history-chart"
        label={`${title}. ${methods.map((m) => `${m}: ${rows.filter((r) => r[m] !== null).map((r) => `${r.n} ${fmt(Number(r[m]))}`).join(', ')}`).join('; ')}.`}
        data={rows}
        xKey="n"
        series={methods}
        highlight="mml"
      />
      <HistoryTable metrics={metrics} caption={title} />
    </figure>
  );
}

/**
 * What users without any history get: each counted policy's NDCG@10 on the first pick of late old users (what the
 * training chose on) and of new users (reported only), the served one highlighted, the numbers below.
 */
export function ModelFirstItemsChart({ first }: { first: FirstItemsMetrics }) {
  // Short axis labels ("first 5 events", "last 30 days"): the long ones ran into the legend. The table keeps them.
  const short = (label: string) => label.replace(/^the /, '').replace(/^each user's /, '');
  const rows = first.candidates.map((c) => ({ counted: short(c.label), 'late old users': c.validationNdcg10, 'new users': c.newUsersNdcg10 }));
  const title = 'Users without history: NDCG@10 of their first pick, by what the counts cover';
  return (
    <figure className="panel padded model-figure" data-testid="first-items">
      <figcaption>
        <strong>{title}</strong>
        <p className="small" data-testid="first-items-served">Served: the most picked over <b>{first.served}</b>. {first.reason.charAt(0).toUpperCase()}{first.reason.slice(1)}.</p>
      </figcaption>
      <BarsChart
        testId="first-items-chart"
        label={`${title}. ${rows.map((r) => `${r.counted}: late old users ${fmt(r['late old users'])}, new users ${fmt(r['new users'])}`).join('; ')}.`}
        data={rows}
        categoryKey="counted"
        series={['late old users', 'new users']}
        highlight={short(first.served)}
      />
      <div className="table-wrap">
        <table aria-label={`${title}: ${first.validationUsers.toLocaleString('en-US')} late old users chosen on, ${first.newUsers.toLocaleString('en-US')} new users reported`}>
          <thead><tr><th scope="col">counted over</th><th scope="col" className="num">late old users ({first.validationUsers.toLocaleString('en-US')})</th><th scope="col" className="num">new users ({first.newUsers.toLocaleString('en-US')})</th></tr></thead>
          <tbody>
            {first.candidates.map((c) => (
              <tr key={c.label}>
                <td>{c.chosen ? <b>{c.label}</b> : c.label}{c.chosen ? <span className="tag">served</span> : null}</td>
                <td className="num">{fmt(c.validationNdcg10)}</td>
                <td className="num">{fmt(c.newUsersNdcg10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

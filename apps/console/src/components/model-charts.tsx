import { BarsChart } from './chart-bars';
import { LinesChart } from './chart-lines';
import { BaselineTable, baselineRows, fmt, historyRows, HistoryTable, type VersionMetrics } from './model-metrics';

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

/** NDCG@10 of every method by new-user history length (n = 5, 10, 20): lines, mml thicker, the numbers below. */
export function ModelHistoryChart({ metrics }: { metrics: VersionMetrics }) {
  const { rows, methods } = historyRows(metrics);
  if (rows.length === 0 || methods.length === 0) return null;
  const title = 'NDCG@10 by new-user history length';
  return (
    <figure className="panel padded model-figure">
      <figcaption><strong>{title}</strong> <span className="muted small">(n = events a new user has)</span></figcaption>
      <LinesChart
        testId="history-chart"
        label={`${title}. ${methods.map((m) => `${m}: ${rows.map((r) => `${r.n} ${fmt(Number(r[m]))}`).join(', ')}`).join('; ')}.`}
        data={rows}
        xKey="n"
        series={methods}
        highlight="mml"
      />
      <HistoryTable metrics={metrics} caption={title} />
    </figure>
  );
}

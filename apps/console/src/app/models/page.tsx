import type { Metadata } from 'next';
import Link from 'next/link';
import { BarsChart } from '@/components/chart-bars';
import { when } from '@/components/model-format';
import { ModelJobProgress } from '@/components/model-job-progress';
import { fmt, headline, readMetrics } from '@/components/model-metrics';
import { ModelRefresh } from '@/components/model-refresh';
import { ModelTrainForm } from '@/components/model-train-form';
import { EmptyState, ErrorPanel, Forbidden } from '@/components/panels';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

export const metadata: Metadata = { title: 'Models · Fewshot' };
export const dynamic = 'force-dynamic';

const LIMIT = 100;

const ModelsList = graphql(`
  query ModelsList($first: Int) {
    modelVersions(first: $first) {
      id name status createdAt promotedAt retiredAt metrics
      trainingRun { status stage progress error jobId }
    }
  }
`);

const HEADLINE = [
  { key: 'ndcg@10', label: 'NDCG@10' },
  { key: 'recall@10', label: 'Recall@10' },
  { key: 'mrr@10', label: 'MRR@10' },
  { key: 'ndcg@20', label: 'NDCG@20' },
  { key: 'recall@20', label: 'Recall@20' },
];

/** Every model version: status, dates, headline metrics side by side, a comparison chart, and a retrain form. */
export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session, forbidden } = await requireSession({ from: '/models', role: 'ADMIN' });
  if (forbidden) return (<><h2>Models</h2><Forbidden what="Model versions" /></>);
  const params = await searchParams;
  const jobId = typeof params.job === 'string' && params.job.length <= 100 ? params.job : null;
  let versions;
  try {
    versions = (await request(session, ModelsList, { first: LIMIT })).modelVersions;
  } catch (error) {
    return (<><h2>Models</h2><ErrorPanel error={error} /></>);
  }
  const rows = versions.map((version) => ({ version, metrics: readMetrics(version.metrics) }));
  const measured = rows.filter((row) => headline(row.metrics, 'mml', 'ndcg@10') !== undefined).reverse();
  const chartData = measured.map(({ version, metrics }) => ({
    version: `#${version.id} ${version.name}`,
    'NDCG@10': headline(metrics, 'mml', 'ndcg@10') ?? 0,
    'Recall@10': headline(metrics, 'mml', 'recall@10') ?? 0,
  }));
  const active = versions.find((version) => version.status === 'ACTIVE');
  const training = versions.some((version) => version.status === 'TRAINING');
  return (
    <>
      <h2>Models</h2>
      <p className="subtitle">Model versions, newest first: what each measured on new users (method mml, at the headline history length), which one serves, and a retrain.</p>
      {training && !jobId ? <ModelRefresh ms={2000} /> : null}
      {jobId ? <ModelJobProgress jobId={jobId} /> : null}
      {versions.length === 0 ? (
        <EmptyState title="No model versions yet">Nothing has been trained on this database: start a training below (it reads the events, items and feature vectors the database holds now). Until a version is promoted, recommendations come from popularity.</EmptyState>
      ) : (
        <div className="panel">
          <div className="table-wrap">
            <table data-testid="model-versions">
              <caption className="model-sr-only">Model versions with their headline metrics (method mml)</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Promoted</th>
                  {HEADLINE.map((h) => <th key={h.key} scope="col" className="num">{h.label}</th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map(({ version, metrics }) => (
                  <tr key={version.id} data-testid={`version-${version.id}`}>
                    <td><Link href={`/models/${version.id}`}>{version.name}</Link> <span className="muted small">#{version.id}</span></td>
                    <td>
                      <span className={`status ${version.status.toLowerCase()}`}>{version.status.toLowerCase()}</span>
                      {version.status === 'TRAINING' && version.trainingRun ? <span className="muted small"> {Math.round(version.trainingRun.progress * 100)}% {version.trainingRun.stage ?? ''}</span> : null}
                    </td>
                    <td className="model-nowrap">{when(version.createdAt)}</td>
                    <td className="model-nowrap">{version.promotedAt ? when(version.promotedAt) : <span className="muted">never</span>}{version.retiredAt ? <div className="muted small">retired {when(version.retiredAt)}</div> : null}</td>
                    {HEADLINE.map((h) => {
                      const cell = metrics?.methods.mml?.[h.key];
                      return <td key={h.key} className="num">{cell ? <>{fmt(cell.mean)}<span className="muted small"> ±{fmt(cell.std)}</span></> : <span className="muted">–</span>}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="pager">
            <span>{versions.length === LIMIT ? `The newest ${LIMIT} versions` : `${versions.length} version${versions.length === 1 ? '' : 's'}`}{active ? <> · serving <Link href={`/models/${active.id}`}>{active.name}</Link></> : ' · none active: popularity serves'}</span>
          </p>
        </div>
      )}
      {chartData.length > 0 ? (
        <section aria-labelledby="compare-heading">
          <h3 id="compare-heading">Versions compared</h3>
          <div className="panel padded">
            <BarsChart
              testId="versions-chart"
              label={`NDCG@10 and Recall@10 of method mml per version, oldest first: ${chartData.map((d) => `${d.version}: NDCG@10 ${fmt(d['NDCG@10'])}, Recall@10 ${fmt(d['Recall@10'])}`).join('; ')}`}
              data={chartData}
              categoryKey="version"
              series={['NDCG@10', 'Recall@10']}
            />
            <p className="muted small">The numbers are in the table above (method mml, new users at each version&apos;s headline history length).</p>
          </div>
        </section>
      ) : null}
      <section aria-labelledby="train-heading">
        <h3 id="train-heading">Start a training</h3>
        <div className="panel padded">
          <p className="muted small model-lead">Trains a new version on a snapshot of today&apos;s events, items and feature vectors, then evaluates it on new users. It becomes READY; promote it on its page, or tick automatic promotion.</p>
          <ModelTrainForm />
        </div>
      </section>
    </>
  );
}

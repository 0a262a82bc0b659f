import type { Metadata } from 'next';
import Link from 'next/link';
import { BarsChart } from '@/components/chart-bars';
import { when } from '@/components/model-format';
import { ModelJobProgress } from '@/components/model-job-progress';
import { fmt, headline, readMetrics } from '@/components/model-metrics';
import { ModelOutcomes, readOutcomeDays } from '@/components/model-outcomes';
import { ModelRefresh } from '@/components/model-refresh';
import { ModelTrainForm } from '@/components/model-train-form';
import { cursorPages, Pager, readPageSize, readTrail } from '@/components/pager';
import { EmptyState, PageProblem } from '@/components/panels';
import { TrainingOnItsWayNote } from '@/components/training-on-its-way';
import { TrialHistory } from '@/components/trial-history';
import { TrialRunning } from '@/components/trial-running';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { timeLeft } from '@/lib/time-left';
import { trainingOnItsWay } from '@/lib/training-on-its-way';

export const metadata: Metadata = { title: 'Models · Fewshot' };
export const dynamic = 'force-dynamic';

const DEFAULT_SIZE = 20;

const ModelsList = graphql(`
  query ModelsList($first: Int!, $after: String) {
    modelVersions(first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes {
        id name status createdAt promotedAt retiredAt metrics
        trainingRun { status stage progress error jobId estimatedFinishAt }
      }
    }
    active: modelVersions(status: ACTIVE, first: 1) { nodes { id name } }
    training: modelVersions(status: TRAINING, first: 1) { totalCount }
  }
`);

const HEADLINE = [
  { key: 'ndcg@10', label: 'NDCG@10' },
  { key: 'recall@10', label: 'Recall@10' },
  { key: 'mrr@10', label: 'MRR@10' },
  { key: 'ndcg@20', label: 'NDCG@20' },
  { key: 'recall@20', label: 'Recall@20' },
];

/**
 * Model versions a page at a time: status, dates, headline metrics side by side, a comparison chart, the running trial
 * and past ones, how the lists they served were followed (online), and a retrain.
 */
export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session, forbidden } = await requireSession({ from: '/models', role: 'ADMIN' });
  if (forbidden) return <PageProblem title="Models" forbidden="Model versions" />;
  const params = await searchParams;
  const jobId = typeof params.job === 'string' && params.job.length <= 100 ? params.job : null;
  const size = readPageSize(params, DEFAULT_SIZE);
  // The page size and a training being followed travel with every page's link; the cursors are added by cursorPages.
  const base = new URLSearchParams();
  if (size !== DEFAULT_SIZE) base.set('size', String(size));
  if (jobId) base.set('job', jobId);
  const trail = readTrail(params);
  let data;
  try {
    data = await request(session, ModelsList, { first: size, after: trail.at(-1) ?? null });
  } catch (error) {
    return <PageProblem title="Models" error={error} />;
  }
  const { nodes: versions, totalCount, pageInfo } = data.modelVersions;
  const pages = cursorPages(base, trail, pageInfo.endCursor ?? null, pageInfo.hasNextPage, size, '/models');
  const rows = versions.map((version) => ({ version, metrics: readMetrics(version.metrics) }));
  const measured = rows.filter((row) => headline(row.metrics, 'mml', 'ndcg@10') !== undefined).reverse();
  const chartData = measured.map(({ version, metrics }) => ({
    version: `#${version.id} ${version.name}`,
    'NDCG@10': headline(metrics, 'mml', 'ndcg@10') ?? 0,
    'Recall@10': headline(metrics, 'mml', 'recall@10') ?? 0,
  }));
  // Asked apart from the page: the serving version and a running training matter whichever page is shown.
  const active = data.active.nodes[0] ?? null;
  const training = data.training.totalCount > 0;
  // With no version at all: whether one is on its way anyway (npm start's first training waits for the features).
  const pending = versions.length === 0 && trail.length === 0 ? await trainingOnItsWay(session) : null;
  return (
    <>
      <h2>Models</h2>
      <p className="subtitle">Model versions, newest first: what each measured on new users (method mml, at the headline history length), which one serves, and a retrain.</p>
      <p className="small" data-testid="models-serving">
        {active ? <>Serving <Link href={`/models/${active.id}`}>{active.name}</Link> <span className="muted">#{active.id}</span></> : 'None active: popularity serves.'}
      </p>
      {training && !jobId ? <ModelRefresh ms={2000} /> : null}
      {jobId ? <ModelJobProgress jobId={jobId} /> : null}
      <TrialRunning session={session} />
      {versions.length === 0 ? (
        trail.length > 0 && totalCount > 0 ? (
          <EmptyState title="This page is empty">The versions changed since the list was opened. <Link href={pages.firstHref}>Back to the first page</Link>.</EmptyState>
        ) : (
          pending ? (
            <EmptyState title="No model versions yet"><TrainingOnItsWayNote pending={pending} /> Until a version is promoted, recommendations come from popularity.</EmptyState>
          ) : (
            <EmptyState title="No model versions yet">Nothing has been trained on this database: start a training below (it reads the events, items and feature vectors the database holds now). Until a version is promoted, recommendations come from popularity.</EmptyState>
          )
        )
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
                      {version.status === 'TRAINING' && version.trainingRun ? <TrainingRowProgress run={version.trainingRun} /> : null}
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
          <Pager from={pages.from} shown={versions.length} total={totalCount} prevHref={pages.prevHref} nextHref={pages.nextHref} noun="versions" />
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
            <p className="muted small" data-testid="versions-chart-caption">
              The {measured.length === 1 ? 'measured version' : `${measured.length} measured versions`} of this page ({pages.from.toLocaleString('en-US')}–{(pages.from + versions.length - 1).toLocaleString('en-US')} of {totalCount.toLocaleString('en-US')}), oldest first; other pages compare their own. The numbers are in the table above (method mml, new users at each version&apos;s headline history length).
            </p>
          </div>
        </section>
      ) : null}
      <section aria-labelledby="past-trials-heading">
        <h3 id="past-trials-heading">Past trials</h3>
        <TrialHistory session={session} />
      </section>
      <section aria-labelledby="outcomes-heading">
        <h3 id="outcomes-heading">Online: were the lists followed?</h3>
        <ModelOutcomes session={session} days={readOutcomeDays(params.online)} />
      </section>
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

/** A training version's row: its percentage, stage and, while the run reports one, the time it has left. */
function TrainingRowProgress({ run }: { run: { progress: number; stage?: string | null; status: string; estimatedFinishAt?: string | null } }) {
  const left = run.status === 'RUNNING' ? timeLeft(run.estimatedFinishAt) : null;
  return (
    <span className="muted small"> {Math.round(run.progress * 100)}% {run.stage ?? ''}{left ? <span data-testid="row-time-left"> · {left}</span> : null}</span>
  );
}

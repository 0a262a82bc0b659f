import Link from 'next/link';
import { ColdStartNow } from '@/components/cold-start-now';
import { ModelBaselineChart, ModelHistoryChart } from '@/components/model-charts';
import { when } from '@/components/model-format';
import { fmt, headline, readMetrics } from '@/components/model-metrics';
import { EmptyState, ErrorPanel, PageProblem } from '@/components/panels';
import { TrainingOnItsWayNote } from '@/components/training-on-its-way';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { trainingOnItsWay } from '@/lib/training-on-its-way';

export const dynamic = 'force-dynamic';

const Overview = graphql(`
  query Overview {
    health { seeding catalog { users items interactions interactionsLast24h interactionsLast7d } }
    serving { provider catalogItems error modelVersion { id name status promotedAt metrics } }
    coldStart(days: 7) {
      days newItems newItemsRecommendable newItemsWaiting itemsWithoutTrainingEvents newUsers activeUsers coldActiveUsers coldThreshold
      waitingItems { id title } modelVersion { id name }
    }
  }
`);

const OverviewJobs = graphql(`
  query OverviewJobs {
    jobs(first: 5) { totalCount nodes { id queue state createdAt finishedAt error progress { stage fraction } } }
  }
`);

const count = (n: number) => n.toLocaleString('en-US');

/** The overview: what serves and how it measures against the baselines, the catalog and its traffic, recent jobs. */
export default async function OverviewPage() {
  const { session } = await requireSession({ from: '/' });
  const admin = session.role === 'ADMIN';
  let data;
  try {
    data = await request(session, Overview);
  } catch (error) {
    return <PageProblem title="Overview" error={error} />;
  }
  const recent = admin ? await request(session, OverviewJobs).then((d) => d.jobs, (error: unknown) => ({ error })) : null;
  const jobs = recent && 'error' in recent ? recent : (recent?.nodes ?? null);
  const jobsTotal = recent && 'totalCount' in recent ? recent.totalCount : 0;
  const { catalog } = data.health;
  const version = data.serving.modelVersion;
  const metrics = readMetrics(version?.metrics);
  // Only asked while nothing serves: then it is what the page has to say about the model.
  const pending = version ? null : await trainingOnItsWay(session);
  const ndcg = headline(metrics, 'mml', 'ndcg@10');
  const recall = headline(metrics, 'mml', 'recall@10');
  return (
    <>
      <h2>Overview</h2>
      <p className="subtitle">What serves recommendations now and how it measures on new users, the catalog it ranks{admin ? ', and recent jobs' : ''}.</p>
      {data.health.seeding ? <p className="notice">Importing the demo catalog…</p> : null}
      <div className="stats">
        <div className="stat"><b data-testid="stat-items">{count(catalog.items)}</b><span>items</span></div>
        <div className="stat"><b>{count(catalog.users)}</b><span>users</span></div>
        <div className="stat"><b>{count(catalog.interactions)}</b><span>interactions</span></div>
        <div className="stat" data-testid="stat-traffic"><b>{count(catalog.interactionsLast24h)}</b><span>interactions, last 24 h</span></div>
        <div className="stat"><b>{count(catalog.interactionsLast7d)}</b><span>interactions, last 7 days</span></div>
      </div>
      <h3>Serving</h3>
      {version ? (
        <div className="panel padded" data-testid="serving">
          Model version {admin ? <Link href={`/models/${version.id}`}>{version.name}</Link> : <b>{version.name}</b>} <span className="status active">{version.status.toLowerCase()}</span> on {data.serving.provider}, ranking {count(data.serving.catalogItems)} items{version.promotedAt ? `, promoted ${when(version.promotedAt)}` : ''}.
          {ndcg !== undefined ? <> On new users{metrics?.headlineN ? ` with ${metrics.headlineN} events` : ''}: NDCG@10 <b>{fmt(ndcg)}</b>, Recall@10 <b>{fmt(recall)}</b>.</> : null}
        </div>
      ) : (
        <EmptyState title="No model version is active">
          Recommendations come from popularity until a trained version is promoted
          {pending ? <>. <TrainingOnItsWayNote pending={pending} /></> : admin ? ' (Models → promote, or start a training).' : '.'}
        </EmptyState>
      )}
      {data.serving.error ? <p className="error">{data.serving.error}</p> : null}
      <h3>Cold start now</h3>
      <ColdStartNow stats={data.coldStart} />
      {version && metrics ? (
        <section aria-labelledby="coldstart-heading">
          <h3 id="coldstart-heading">Cold-start metrics of the active version</h3>
          <div className="two">
            <ModelBaselineChart metrics={metrics} />
            <ModelHistoryChart metrics={metrics} />
          </div>
        </section>
      ) : version ? (
        <EmptyState title="No cold-start metrics">The active version was stored without an evaluation.</EmptyState>
      ) : null}
      {admin ? (
        <section aria-labelledby="jobs-heading">
          <h3 id="jobs-heading">Recent jobs</h3>
          {jobs && 'error' in jobs ? <ErrorPanel error={jobs.error} /> : null}
          {Array.isArray(jobs) && jobs.length === 0 ? <EmptyState title="No jobs yet">Trainings, feature computations and warm-ups show here once something queues them (Models → start a training, or onboarding an item).</EmptyState> : null}
          {Array.isArray(jobs) && jobs.length > 0 ? (
            <div className="panel" data-testid="recent-jobs">
              <div className="table-wrap">
                <table>
                  <thead><tr><th scope="col">Job</th><th scope="col">State</th><th scope="col">Progress</th><th scope="col">Created</th><th scope="col">Finished</th></tr></thead>
                  <tbody>
                    {jobs.map((job) => (
                      <tr key={job.id}>
                        <td><Link href={`/jobs/${encodeURIComponent(job.id)}`}>{job.id}</Link></td>
                        <td><span className={`status ${job.state.toLowerCase()}`}>{job.state.toLowerCase()}</span>{job.error ? <div className="muted small model-clip" title={job.error}>{job.error}</div> : null}</td>
                        <td className="model-nowrap">{job.progress ? `${Math.round(job.progress.fraction * 100)}% ${job.progress.stage}` : '–'}</td>
                        <td className="model-nowrap">{when(job.createdAt)}</td>
                        <td className="model-nowrap">{when(job.finishedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="pager"><span>The newest {jobs.length} of {count(jobsTotal)}</span><Link href="/jobs">All jobs →</Link></p>
            </div>
          ) : null}
        </section>
      ) : (
        <section aria-labelledby="next-heading">
          <h3 id="next-heading">For merchandisers</h3>
          <div className="panel padded">
            <p>Browse and edit the catalog on <Link href="/items">Items</Link>, onboard a new item on <Link href="/items/new">New item</Link> (the serving model places it without retraining), and see what people get on <Link href="/users">Users</Link> and the <Link href="/playground">Playground</Link>.</p>
          </div>
        </section>
      )}
    </>
  );
}

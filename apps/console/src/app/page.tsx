import Link from 'next/link';
import { EmptyState, ErrorPanel } from '@/components/panels';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

export const dynamic = 'force-dynamic';

const Overview = graphql(`
  query Overview {
    health { seeding catalog { users items interactions } }
    serving { provider catalogItems error modelVersion { id name status promotedAt } }
  }
`);

/** The overview: what serves, how big the catalog is. */
export default async function OverviewPage() {
  const { session } = await requireSession({ from: '/' });
  let data;
  try {
    data = await request(session, Overview);
  } catch (error) {
    return (<><h2>Overview</h2><ErrorPanel error={error} /></>);
  }
  const { catalog } = data.health;
  const version = data.serving.modelVersion;
  return (
    <>
      <h2>Overview</h2>
      <p className="subtitle">What serves recommendations now, and the catalog it ranks.</p>
      {data.health.seeding ? <p className="notice">Importing the demo catalog…</p> : null}
      <div className="stats">
        <div className="stat"><b data-testid="stat-items">{catalog.items.toLocaleString('en-US')}</b><span>items</span></div>
        <div className="stat"><b>{catalog.users.toLocaleString('en-US')}</b><span>users</span></div>
        <div className="stat"><b>{catalog.interactions.toLocaleString('en-US')}</b><span>interactions</span></div>
      </div>
      <h3>Serving</h3>
      {version ? (
        <div className="panel padded" data-testid="serving">
          Model version <Link href={`/models/${version.id}`}>{version.name}</Link> <span className="status active">{version.status.toLowerCase()}</span> on {data.serving.provider}, ranking {data.serving.catalogItems.toLocaleString('en-US')} items.
        </div>
      ) : (
        <EmptyState title="No model version is active">Recommendations come from popularity until a trained version is promoted{session.role === 'ADMIN' ? ' (Models → promote, or start a training)' : ''}.</EmptyState>
      )}
      {data.serving.error ? <p className="error">{data.serving.error}</p> : null}
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageProblem } from '@/components/panels';
import { TrialPanel } from '@/components/trial-panel';
import { graphql } from '@/gql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { routeParam } from '@/lib/route-param';

export const metadata: Metadata = { title: 'Model trial · Fewshot' };
export const dynamic = 'force-dynamic';

const TrialDetail = graphql(`
  query TrialDetail($id: ID!) {
    modelTrial(id: $id) { ...TrialFields }
  }
`);

/** One trial's results, over its whole run once it ended (past trials on /models link here). */
export default async function ModelTrialPage({ params }: { params: Promise<{ id: string }> }) {
  const id = routeParam((await params).id);
  const back = <p className="small"><Link href="/models">← Models</Link></p>;
  const { session, forbidden } = await requireSession({ from: `/models/trials/${encodeURIComponent(id)}`, role: 'ADMIN' });
  if (forbidden) return <PageProblem title="Model trial" back={back} forbidden="Model trials" />;
  if (!/^\d{1,12}$/.test(id)) notFound();
  let trial;
  try {
    trial = (await request(session, TrialDetail, { id })).modelTrial;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') notFound();
    return <PageProblem title="Model trial" back={back} error={error} />;
  }
  if (!trial) notFound();
  return (
    <>
      {back}
      <h2>Trial #{trial.id}</h2>
      <p className="subtitle">{trial.candidate.name} against {trial.control.name}: how often each arm&apos;s users followed the lists they were shown{trial.status === 'RUNNING' ? ', so far' : ', over the whole trial'}.</p>
      <TrialPanel trial={trial} />
    </>
  );
}

import { routeParam } from '@/lib/route-param';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ModelBaselineChart, ModelFirstItemsChart, ModelHistoryChart } from '@/components/model-charts';
import { ModelSlotsReplay, SlotsReplayHint } from '@/components/model-slots-replay';
import { ModelConfirm } from '@/components/model-confirm';
import { when } from '@/components/model-format';
import { latencyLoad, readMetrics, SliceTable } from '@/components/model-metrics';
import { ModelOutcomes, readOutcomeDays } from '@/components/model-outcomes';
import { ModelRefresh } from '@/components/model-refresh';
import { ModelTrainingCurves, readCurves } from '@/components/model-training-curves';
import { EmptyState, ErrorPanel, PageProblem } from '@/components/panels';
import { slotsText, trialShare } from '@/components/trial-format';
import { TrialRunning } from '@/components/trial-running';
import { TrialStartForm } from '@/components/trial-start-form';
import { graphql } from '@/gql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { timeLeft } from '@/lib/time-left';

export const metadata: Metadata = { title: 'Model version · Fewshot' };
export const dynamic = 'force-dynamic';

const ModelDetail = graphql(`
  query ModelDetail($id: ID!) {
    modelVersion(id: $id) {
      id name status createdAt promotedAt retiredAt metrics encoders
      trainingRun { id status stage progress message estimatedFinishAt error jobId createdAt startedAt finishedAt report }
    }
  }
`);

const ModelJudge = graphql(`
  query ModelJudge($id: ID!) {
    judgePromotion(id: $id) { promote reason candidate active popularity activeVersion { id name } }
  }
`);

// Which trial runs and which version is active decide what the page offers: a trial's results, a form, or why not.
const VersionTrialState = graphql(`
  query VersionTrialState {
    modelTrial { id share newItemSlots newItemWithin candidate { id name } control { id name } }
    active: modelVersions(status: ACTIVE, first: 1) { nodes { id name } }
    serving { newItemWithin }
  }
`);

function sliceTitle(slice: string): string {
  const n = /^n=(\d+)$/.exec(slice)?.[1];
  if (n) return `New users with ${n} events`;
  if (slice === 'item-cold') return 'New items (events on items without training data)';
  return slice;
}

/**
 * One model version: status, promotion, a trial beside the active version (or its running trial's results), how its
 * lists were followed online (once it has served), metrics by slice and method, charts and the training's learning
 * curves.
 */
export default async function ModelVersionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const id = routeParam((await params).id);
  const online = readOutcomeDays((await searchParams).online);
  const { session, forbidden } = await requireSession({ from: `/models/${encodeURIComponent(id)}`, role: 'ADMIN' });
  if (forbidden) return <PageProblem title="Model version" forbidden="Model versions" />;
  if (!/^\d{1,12}$/.test(id)) notFound();
  let version;
  try {
    version = (await request(session, ModelDetail, { id })).modelVersion;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') notFound();
    return <PageProblem title="Model version" error={error} />;
  }
  if (!version) notFound();
  const judgment = version.status === 'READY' || version.status === 'RETIRED'
    ? await request(session, ModelJudge, { id }).then((data) => data.judgePromotion, (error: unknown) => ({ error }))
    : null;
  const trialState = await request(session, VersionTrialState).catch((error: unknown) => ({ error }));
  const trial = 'error' in trialState ? null : trialState.modelTrial;
  const active = 'error' in trialState ? null : (trialState.active.nodes[0] ?? null);
  // What promoting or rolling back does to the running trial, for the confirmations' questions.
  const endsTrial = (activated: string) => (trial ? (trial.candidate.id === activated ? ' It ends the running trial as promoted.' : ` It ends the running trial of ${trial.candidate.name} as superseded.`) : '');
  const metrics = readMetrics(version.metrics);
  const run = version.trainingRun;
  const runLeft = run?.status === 'RUNNING' ? timeLeft(run.estimatedFinishAt) : null;
  const status = version.status.toLowerCase();
  const slices = metrics ? Object.keys(metrics.slices).sort((a, b) => {
    const na = Number(/^n=(\d+)$/.exec(a)?.[1] ?? Infinity);
    const nb = Number(/^n=(\d+)$/.exec(b)?.[1] ?? Infinity);
    return na - nb || a.localeCompare(b);
  }) : [];
  const { snapshot } = readCurves(run?.report);
  return (
    <>
      <p className="small"><Link href="/models">← Models</Link></p>
      <h2>{version.name} <span className="muted">#{version.id}</span></h2>
      <p className="subtitle">
        <span className={`status ${status}`} data-testid="version-status">{status}</span>{' '}
        created {when(version.createdAt)}
        {version.promotedAt ? <> · promoted {when(version.promotedAt)}</> : null}
        {version.retiredAt ? <> · retired {when(version.retiredAt)}</> : null}
      </p>
      {version.status === 'TRAINING' ? <ModelRefresh /> : null}

      <section aria-labelledby="serving-heading" className="panel padded model-actions">
        <h3 id="serving-heading" className="model-first">Serving</h3>
        {version.status === 'ACTIVE' ? (
          <>
            <p data-testid="version-serving">
              {trial && trial.control.id === version.id
                ? (trial.newItemSlots === null || trial.newItemSlots === undefined
                  ? <>This version serves every recommendation now, except for the {trialShare(trial.share)} of known users in <Link href={`/models/trials/${trial.id}`}>trial #{trial.id}</Link> of <Link href={`/models/${trial.candidate.id}`}>{trial.candidate.name}</Link>.</>
                  : <>This version serves every recommendation now; {trialShare(trial.share)} of known users get {slotsText(trial.newItemSlots, trial.newItemWithin)} in its lists in <Link href={`/models/trials/${trial.id}`}>trial #{trial.id}</Link>.</>)
                : 'This version serves every recommendation now.'}
            </p>
            <ModelConfirm kind="rollback" id="" from={version.id} label="Roll back to the previous version"
              question={`Re-activate the version that was active before this one? This one is retired; every replica swaps within seconds.${trial ? ' It ends the running trial as superseded.' : ''}`} />
          </>
        ) : null}
        {judgment && 'error' in judgment ? <ErrorPanel error={judgment.error} /> : null}
        {judgment && !('error' in judgment) ? (
          <p data-testid="judgment">
            {judgment.activeVersion
              ? <>Would {judgment.promote ? '' : 'not '}replace version <Link href={`/models/${judgment.activeVersion.id}`}>{judgment.activeVersion.name}</Link>{judgment.candidate !== null && judgment.candidate !== undefined && judgment.active !== null && judgment.active !== undefined ? <>: NDCG@10 {judgment.candidate.toFixed(3)} vs {judgment.active.toFixed(3)}</> : null}. </>
              : <>Would {judgment.promote ? '' : 'not '}replace popularity{judgment.candidate !== null && judgment.candidate !== undefined && judgment.popularity !== null && judgment.popularity !== undefined ? <>: NDCG@10 {judgment.candidate.toFixed(3)} vs {judgment.popularity.toFixed(3)}</> : null}. </>}
            <span className="muted">{judgment.reason}</span>
          </p>
        ) : null}
        {version.status === 'READY' ? (
          <ModelConfirm kind="promote" id={version.id} from={version.id} label="Promote"
            question={`Make ${version.name} the active version? ${judgment && !('error' in judgment) && judgment.activeVersion ? `${judgment.activeVersion.name} is retired` : 'It replaces popularity'}; every replica swaps within seconds.${endsTrial(version.id)}`} />
        ) : null}
        {version.status === 'RETIRED' ? (
          <ModelConfirm kind="rollback" id={version.id} from={version.id} label="Roll back to this version"
            question={`Re-activate ${version.name}? The active version is retired; every replica swaps within seconds.${endsTrial(version.id)}`} />
        ) : null}
        {version.status === 'TRAINING' ? <p className="muted">Still training: it can be promoted once it is READY.</p> : null}
        {version.status === 'FAILED' ? <p className="muted">Its training failed: it cannot serve. Start another training on <Link href="/models">Models</Link>.</p> : null}
      </section>

      {version.status === 'ACTIVE' ? (
        trial?.candidate.id === version.id ? <TrialRunning session={session} onCandidatePage /> : (
          <section aria-labelledby="trial-start-heading">
            <h3 id="trial-start-heading">Trial of new-item slots</h3>
            <div className="panel padded" data-testid="trial-start">
              {'error' in trialState ? <ErrorPanel error={trialState.error} /> : trial ? (
                <p className="muted" data-testid="trial-other">
                  <Link href={`/models/trials/${trial.id}`}>Trial #{trial.id}</Link> of {trial.candidate.name} is running ({trialShare(trial.share)} of known users). One trial runs at a time: stop it on <Link href="/models">Models</Link> to try new-item slots.
                </p>
              ) : (
                <>
                  <p className="muted small model-lead">Items new to this version (added since it was trained, or without events in its training) rarely outrank the ones users already picked, so they are seldom shown and never get the events the next version would learn them from. New-item slots keep places in each list for them. Try a number of slots on a share of users first: the two arms&apos; lists are compared as in any trial, with how often a list gave a new item an event.</p>
                  <SlotsReplayHint replay={metrics?.newItemSlots ?? null} />
                  <TrialStartForm setting versionId={version.id} versionName={version.name} activeName={version.name} replicaWithin={'error' in trialState ? undefined : trialState.serving.newItemWithin ?? null} />
                </>
              )}
            </div>
          </section>
        )
      ) : null}

      {version.status === 'READY' || version.status === 'RETIRED' ? (
        trial?.candidate.id === version.id ? <TrialRunning session={session} onCandidatePage /> : (
          <section aria-labelledby="trial-start-heading">
            <h3 id="trial-start-heading">Trial</h3>
            <div className="panel padded" data-testid="trial-start">
              {'error' in trialState ? <ErrorPanel error={trialState.error} /> : trial ? (
                <p className="muted" data-testid="trial-other">
                  <Link href={`/models/trials/${trial.id}`}>Trial #{trial.id}</Link> of {trial.candidate.name} is running ({trialShare(trial.share)} of known users). One trial runs at a time: stop it on <Link href="/models">Models</Link> to try this version.
                </p>
              ) : active ? (
                <>
                  <p className="muted small model-lead">Before promoting it, try it on some users: it serves a share of known users beside {active.name}, and the two arms&apos; lists, followed by users drawn from the same population in the same weeks, are compared here and on Models.</p>
                  <TrialStartForm versionId={version.id} versionName={version.name} activeName={active.name} />
                </>
              ) : (
                <p className="muted" data-testid="trial-no-active">A trial compares a version with the active one, and no version is active: promote one first.</p>
              )}
            </div>
          </section>
        )
      ) : null}

      {run ? (
        <section aria-labelledby="run-heading">
          <h3 id="run-heading">Training run</h3>
          <div className="panel padded" data-testid="training-run">
            <p>
              <span className={`status ${run.status.toLowerCase()}`}>{run.status.toLowerCase()}</span>{' '}
              {run.stage ? <>stage <code>{run.stage}</code> · </> : null}{Math.round(run.progress * 100)}%
              {run.jobId ? <> · job <Link href={`/jobs/${encodeURIComponent(run.jobId.includes(':') ? run.jobId : `train:${run.jobId}`)}`}>{run.jobId}</Link></> : null}
              {run.startedAt ? <> · started {when(run.startedAt)}</> : null}
              {runLeft ? <span data-testid="time-left"> · {runLeft}</span> : null}
              {run.finishedAt ? <> · finished {when(run.finishedAt)}</> : null}
            </p>
            {run.status === 'RUNNING' || run.status === 'QUEUED' ? (
              <div className="progress" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(run.progress * 100)}>
                <div style={{ width: `${Math.round(run.progress * 100)}%` }} />
              </div>
            ) : null}
            {run.message ? <p className="muted small">{run.message}</p> : null}
            {snapshot && !run.message ? <p className="muted small">Trained on {Object.entries(snapshot).map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`).join(', ')}.</p> : null}
            {run.error ? <p className="error">{run.error}</p> : null}
          </div>
        </section>
      ) : null}

      {version.status === 'ACTIVE' || version.status === 'RETIRED' ? (
        <section aria-labelledby="outcomes-heading">
          <h3 id="outcomes-heading">Online: were its lists followed?</h3>
          <ModelOutcomes session={session} days={online} versionId={version.id} path={`/models/${version.id}`} />
        </section>
      ) : null}

      <section aria-labelledby="metrics-heading">
        <h3 id="metrics-heading">Cold-start metrics</h3>
        {metrics ? (
          <>
            <p className="muted small">
              Mean ± standard deviation over seeds{metrics.newUsers !== null ? `, ${metrics.newUsers.toLocaleString('en-US')} new users` : ''}; history masked.
              {metrics.latencyMs ? ` Adapting to one new user takes ${metrics.latencyMs.p50.toFixed(1)} ms (p50), ${metrics.latencyMs.p99.toFixed(1)} ms (p99)${latencyLoad(metrics.latencyMs.load)}.` : ''}
            </p>
            <div className="two">
              <ModelBaselineChart metrics={metrics} />
              <ModelHistoryChart metrics={metrics} />
            </div>
            {metrics.firstItems ? <ModelFirstItemsChart first={metrics.firstItems} /> : null}
            {metrics.newItemSlots ? <div id="new-item-slots"><ModelSlotsReplay replay={metrics.newItemSlots} /></div> : null}
            {slices.map((slice) => (
              <div key={slice}>
                <h4 className="model-slice">{sliceTitle(slice)}{metrics.headlineN !== null && slice === `n=${metrics.headlineN}` ? <span className="tag">headline</span> : null}</h4>
                <div className="panel"><SliceTable table={metrics.slices[slice]!} caption={`${sliceTitle(slice)}: Recall, MRR and NDCG at 5, 10 and 20 per method`} /></div>
              </div>
            ))}
          </>
        ) : (
          <EmptyState title="No metrics">{version.status === 'TRAINING' ? 'The version is still training; it is evaluated on new users at the end.' : version.status === 'FAILED' ? 'Its training failed before the evaluation.' : 'This version was stored without an evaluation.'}</EmptyState>
        )}
      </section>

      {run?.report ? (
        <section aria-labelledby="curves-heading">
          <h3 id="curves-heading">Learning curves</h3>
          <ModelTrainingCurves report={run.report} />
        </section>
      ) : null}
    </>
  );
}

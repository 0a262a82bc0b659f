import Link from 'next/link';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import type { Session } from '@/lib/session';
import { when } from './model-format';
import { EmptyState, ErrorPanel } from './panels';
import { slotsText, trialShare } from './trial-format';

/** How many ended trials the table shows: the recent ones matter; the CLI lists them all. */
const SHOWN = 10;

const PastTrials = graphql(`
  query PastTrials($first: Int!) {
    modelTrials(first: $first) {
      totalCount
      nodes { id share status startedAt endedAt endReason newItemSlots newItemWithin candidate { id name } control { id name } }
    }
  }
`);

/** Ended trials, newest first, each linking to its results (the running one has its own panel above). */
export async function TrialHistory({ session }: { session: Pick<Session, 'key'> }) {
  let data;
  try {
    // One more than shown: the running trial, if any, comes first and is left out.
    data = await request(session, PastTrials, { first: SHOWN + 1 });
  } catch (error) {
    return <ErrorPanel error={error} />;
  }
  const { nodes, totalCount } = data.modelTrials;
  const running = nodes.some((trial) => trial.status === 'RUNNING');
  const ended = nodes.filter((trial) => trial.status !== 'RUNNING').slice(0, SHOWN);
  const endedTotal = totalCount - (running ? 1 : 0);
  if (ended.length === 0) {
    return (
      <EmptyState title="No past trials">
        A trial serves a READY version to a share of known users beside the active one and compares how the two arms follow their lists. Start one on the version&apos;s page.
      </EmptyState>
    );
  }
  return (
    <div className="panel">
      <div className="table-wrap">
        <table data-testid="past-trials">
          <caption className="model-sr-only">Past trials, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Trial</th><th scope="col">Candidate</th><th scope="col">Control</th><th scope="col" className="num">Share</th>
              <th scope="col">Status</th><th scope="col">Started</th><th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody>
            {ended.map((trial) => (
              <tr key={trial.id} data-testid={`trial-${trial.id}`}>
                <td><Link href={`/models/trials/${trial.id}`}>#{trial.id}</Link></td>
                <td className="model-clip">
                  {/* A setting's trial: the slots it tried, on the control's version. */}
                  {trial.newItemSlots === null || trial.newItemSlots === undefined
                    ? <><Link href={`/models/${trial.candidate.id}`}>{trial.candidate.name}</Link> <span className="muted small">#{trial.candidate.id}</span></>
                    : slotsText(trial.newItemSlots, trial.newItemWithin)}
                </td>
                <td className="model-clip"><Link href={`/models/${trial.control.id}`}>{trial.control.name}</Link> <span className="muted small">#{trial.control.id}</span></td>
                <td className="num">{trialShare(trial.share)}</td>
                <td>
                  <span className={`status ${trial.status.toLowerCase()}`}>{trial.status.toLowerCase()}</span>
                  {/* The trial's page gives the whole reason. */}
                  {trial.endReason ? <span className="muted small" title={trial.endReason}> by its guardrail</span> : null}
                </td>
                <td className="model-nowrap">{when(trial.startedAt)}</td>
                <td className="model-nowrap">{when(trial.endedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {endedTotal > ended.length ? (
        <p className="muted small trial-more">The {ended.length} most recent of {endedTotal.toLocaleString('en-US')}; <code>npx fewshot models trial list</code> lists them all.</p>
      ) : null}
    </div>
  );
}

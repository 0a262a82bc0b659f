import Link from 'next/link';
import { fmt } from './model-metrics';
import type { TrialArm, TrialComparison } from './trial-fields';
import { count, historyRange, mrrDifference, points, pointsInterval, ratePercent, slotsText } from './trial-format';

type Version = { id: string; name: string };


/**
 * Each arm's users, lists, lists followed, share followed and MRR over all users, and the differences below them;
 * while the trial runs (`running`), which arm is the active version. A setting's trial (`newItemSlots`, bounded by
 * `newItemWithin` where it says) names each arm's setting beside the version both serve.
 */
export function TrialArmsTable({ overall, control, candidate, running, newItemSlots = null, newItemWithin = null }: { overall: TrialComparison; control: Version; candidate: Version; running: boolean; newItemSlots?: number | null; newItemWithin?: number | null }) {
  const setting = (key: string) => (newItemSlots === null ? null : <span className="muted small"> · {key === 'candidate' ? slotsText(newItemSlots, newItemWithin) : 'as the replicas are set'}</span>);
  // Which arm is the active version is said only while the trial runs: once it ended, another may be active.
  const arms = [
    { key: 'control', arm: 'Control', role: running ? 'active' : null, version: control, counts: overall.control },
    { key: 'candidate', arm: 'Candidate', role: running ? 'trial' : null, version: candidate, counts: overall.candidate },
  ];
  const rate = overall.followRateDifference;
  const mrr = overall.meanReciprocalRankDifference;
  return (
    <div className="table-wrap">
      <table data-testid="trial-arms">
        <caption className="model-sr-only">Each arm&apos;s lists and how they were followed, and the difference between the arms</caption>
        <thead>
          <tr>
            <th scope="col">Arm</th><th scope="col">Version</th><th scope="col" className="num">Users</th><th scope="col" className="num">Lists</th>
            <th scope="col" className="num">Followed</th><th scope="col" className="num">Share followed</th><th scope="col" className="num">MRR</th>
          </tr>
        </thead>
        <tbody>
          {arms.map(({ key, arm, role, version, counts }) => (
            <tr key={key} data-testid={`trial-arm-${key}`}>
              <th scope="row">{arm}{role ? <span className="muted small"> ({role})</span> : null}</th>
              <td><Link href={`/models/${version.id}`}>{version.name}</Link> <span className="muted small">#{version.id}</span>{setting(key)}</td>
              <ArmCells counts={counts} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="trial-difference">
            <th scope="row" colSpan={5}>Candidate − control <span className="muted small">(95% interval)</span></th>
            <td className="num model-nowrap">{rate ? <><strong>{points(rate.value)}</strong><div className="muted small">{pointsInterval(rate)}</div></> : <span className="muted">–</span>}</td>
            <td className="num model-nowrap">{mrr ? mrrDifference(mrr) : <span className="muted">–</span>}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function ArmCells({ counts }: { counts: TrialArm }) {
  return (
    <>
      <td className="num">{count(counts.users)}</td>
      <td className="num">{count(counts.lists)}</td>
      <td className="num">{count(counts.followed)}</td>
      <td className="num">{ratePercent(counts.followRate)}</td>
      <td className="num">{fmt(counts.meanReciprocalRank)}</td>
    </>
  );
}

/** The same comparison per range of the users' events when served: where the candidate helps, and for whom. */
export function TrialRangesTable({ rows }: { rows: TrialComparison[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="trial-by-history">
        <caption className="model-sr-only">Each arm&apos;s lists and the difference between the arms, by the users&apos; events when served</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>Events</th>
            <th scope="colgroup" colSpan={3} className="trial-group">Control</th>
            <th scope="colgroup" colSpan={3} className="trial-group">Candidate</th>
            <th scope="col" rowSpan={2} className="num">Difference <span className="muted small">(95% interval)</span></th>
          </tr>
          <tr>
            <th scope="col" className="num">Users</th><th scope="col" className="num">Lists</th><th scope="col" className="num">Followed</th>
            <th scope="col" className="num">Users</th><th scope="col" className="num">Lists</th><th scope="col" className="num">Followed</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.historyFrom}>
              <th scope="row" className="model-nowrap">{historyRange(row.historyFrom, row.historyTo)}</th>
              <RangeArmCells counts={row.control} />
              <RangeArmCells counts={row.candidate} />
              <td className="num model-nowrap">
                {row.followRateDifference ? <>{points(row.followRateDifference.value)} <span className="muted small">({pointsInterval(row.followRateDifference)})</span></> : <span className="muted">–</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RangeArmCells({ counts }: { counts: TrialArm }) {
  return (
    <>
      <td className="num">{count(counts.users)}</td>
      <td className="num">{count(counts.lists)}</td>
      <td className="num model-nowrap">{ratePercent(counts.followRate)}{counts.lists > 0 ? <span className="muted small"> ({count(counts.followed)})</span> : null}</td>
    </>
  );
}

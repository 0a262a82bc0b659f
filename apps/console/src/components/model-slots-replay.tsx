import { BarsChart } from './chart-bars';
import { fmt, type NewItemSlotsMetrics } from './model-metrics';

/** "none", "2 slots", "1 slot, top 50" (the evaluation's describeSlotPolicy, shortened for axis labels). */
const policyLabel = ({ slots, within }: { slots: number; within?: number }) => (slots === 0 ? 'none' : `${slots} slot${slots === 1 ? '' : 's'}${within === undefined ? '' : `, top ${within}`}`);

/**
 * What new-item slots would have cost and gained on this version's split: the events after it replayed as the lists
 * the version would have served (the evaluation's `newItemSlots`). The chart shows, per 1,000 lists, the hits on new
 * items each slot count adds and the hits on other items it pushes out; the table has the rest.
 */
export function ModelSlotsReplay({ replay }: { replay: NewItemSlotsMetrics }) {
  const title = `New-item slots, replayed on the ${replay.events.toLocaleString('en-US')} events after the split as lists of ${replay.listLength}`;
  if (replay.outcomes.length === 0) {
    return (
      <figure className="panel padded model-figure" data-testid="new-item-slots">
        <figcaption><strong>{title}</strong></figcaption>
        <p className="small" data-testid="new-item-slots-none">No item was new at the split time (every one had events before it), so there was nothing to fill a slot with: not replayed.</p>
      </figure>
    );
  }
  const share = replay.events > 0 ? (100 * replay.newItemEvents) / replay.events : 0;
  const withSlots = replay.outcomes.filter((o) => o.slots > 0);
  const bounded = replay.outcomes.find((o) => o.within !== undefined)?.within;
  const rows = withSlots.map((o) => ({ slots: policyLabel(o), 'new-item hits gained': o.newItemHitsGained, 'other hits lost': o.otherHitsLost }));
  return (
    <figure className="panel padded model-figure" data-testid="new-item-slots">
      <figcaption>
        <strong>{title}</strong>
        <p className="small" data-testid="new-item-slots-summary">
          {replay.newItemEvents.toLocaleString('en-US')} of those events ({share.toFixed(1)}%) picked an item this version was not trained on. Each event is
          replayed as the list it would have served that person just before it, with places kept for such items{bounded ? <> (&ldquo;top {bounded}&rdquo;: only for one that person&apos;s
          scores rank within the top {bounded} of all)</> : null}; a hit is the picked item in the list
          ({replay.replayed.newItem.toLocaleString('en-US')} new-item events and a sample of {replay.replayed.other.toLocaleString('en-US')} others, each weighted by its share).
          Replay only counts what people found without slots: what a slot&apos;s exposure would earn shows in a trial of the setting.
        </p>
      </figcaption>
      <BarsChart
        testId="new-item-slots-chart"
        label={`${title}, per 1,000 lists: ${rows.map((r) => `${r.slots}: ${fmt(r['new-item hits gained'], 1)} new-item hits gained, ${fmt(r['other hits lost'], 1)} other hits lost`).join('; ')}.`}
        data={rows}
        categoryKey="slots"
        series={['new-item hits gained', 'other hits lost']}
        digits={1}
      />
      <div className="table-wrap">
        <table aria-label={`${title}: hits per slot count`} data-testid="new-item-slots-table">
          <thead>
            <tr>
              <th scope="col">slots</th>
              <th scope="col" className="num">Recall@{replay.listLength}</th>
              <th scope="col" className="num" title="Recall of the events whose item was new">on new items</th>
              <th scope="col" className="num" title="Recall of the other events">on others</th>
              <th scope="col" className="num" title="Lists that showed at least one new item">lists with one</th>
              <th scope="col" className="num" title="Hits on new items gained and hits on other items lost, per 1,000 lists, against no slots">per 1,000 lists</th>
              <th scope="col" className="num" title="Paired per event against no slots, with its 95% interval">NDCG − none</th>
            </tr>
          </thead>
          <tbody>
            {replay.outcomes.map((o) => (
              <tr key={policyLabel(o)}>
                <td>{policyLabel(o)}</td>
                <td className="num">{fmt(o.recall, 4)}</td>
                <td className="num">{fmt(o.newItemRecall)}</td>
                <td className="num">{fmt(o.otherRecall)}</td>
                <td className="num">{(100 * o.listsWithNewItem).toFixed(1)}%</td>
                <td className="num">{o.slots === 0 ? '–' : `+${fmt(o.newItemHitsGained, 1)} / −${fmt(o.otherHitsLost, 1)}`}</td>
                <td className="num">{o.slots === 0 ? '–' : `${signed(o.ndcgDifference.mean)} [${signed(o.ndcgDifference.ci95[0])}, ${signed(o.ndcgDifference.ci95[1])}]`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/**
 * Beside the form that starts a trial of slots: what the version's own replay says one slot costs and gains, so
 * whoever starts the trial knows the price the logged events put on it (nothing when the version has no replay).
 */
export function SlotsReplayHint({ replay }: { replay: NewItemSlotsMetrics | null }) {
  const one = replay?.outcomes.find((o) => o.slots === 1 && o.within === undefined);
  if (!replay || !one) return null;
  // The bounded slot replayed too (every version replays the replicas' bound), quoted beside the unbounded one.
  const bounded = replay.outcomes.find((o) => o.slots === 1 && o.within !== undefined);
  return (
    <p className="muted small" data-testid="trial-slots-replay">
      Replayed on this version&apos;s split (<a href="#new-item-slots">below</a>), 1 slot in lists of {replay.listLength} would have added {fmt(one.newItemHitsGained, 1)} hits on
      new items and cost {fmt(one.otherHitsLost, 1)} hits on others per 1,000 lists
      {bounded ? <>; only for a new item within the top {bounded.within}, {fmt(bounded.newItemHitsGained, 1)} and {fmt(bounded.otherHitsLost, 1)}</> : null}.
      {' '}Those events were logged without slots; what the exposure earns, a trial tells.
    </p>
  );
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}

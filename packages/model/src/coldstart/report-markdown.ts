import type { ColdStartEvalReport } from './evaluate.ts';
import type { FirstItemsReport } from './first-items.ts';
import { describeSlotPolicy, type NewItemSlotsReport } from './new-item-slots.ts';
import { markdownTable } from './summary.ts';

const COLUMNS = ['recall@5', 'recall@10', 'recall@20', 'mrr@10', 'ndcg@5', 'ndcg@10', 'ndcg@20', 'medianRank'];

/** The evaluation as markdown: the protocol, a table per slice (masked, then unmasked), paired tests, timings. */
export function reportMarkdown(report: ColdStartEvalReport): string {
  const p = report.protocol;
  const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
  const lines = [`# Cold-start evaluation (${p.name})`, ''];
  if (p.folds) {
    lines.push(
      `${p.folds.length} folds back in time, each trained on its own and its users pooled: ${p.newUsers} users, ${p.items} items; ` +
        `learners: ${p.modalities.join(', ')}; seeds ${p.seeds.join(', ')}; mean ± std over seeds of the pooled users; history masked unless stated.`,
      '',
      '| fold | users who arrived | trained on (old users) | new items | item-cold events |',
      '|---|---|---|---|---|',
      ...p.folds.map((f) => `| ${f.fold} | ${f.newUsers}, ${day(f.splitTime)} – ${f.windowEnd === null ? 'T' : day(f.windowEnd)} | ${f.oldUsers} | ${f.newItems} | ${f.itemColdCases} |`),
    );
  } else {
    lines.push(
      `${p.oldUsers} old users, ${p.newUsers} new users, ${p.items} items (${p.newItems} new), split time ${new Date(p.splitTime * 1000).toISOString()}; ` +
        `learners: ${p.modalities.join(', ')}; seeds ${p.seeds.join(', ')}; mean ± std over seeds; history masked unless stated.`,
    );
  }
  const headline = `n=${p.headlineN}`;
  const order = [headline, ...Object.keys(report.slices).filter((s) => s !== headline)];
  for (const slice of order) {
    const methods = report.slices[slice];
    if (!methods) continue;
    lines.push('', `## ${slice === 'item-cold' ? `item-cold (${p.itemColdCases} events whose target is a new item)` : `new users, ${slice}`}`, '', markdownTable(methods, COLUMNS));
  }
  lines.push('', `## mml vs each baseline, ${headline}: paired per-user NDCG@10 difference (95% bootstrap interval)`, '', '| comparison | mean difference | 95% interval | users better / worse / tied |', '|---|---|---|---|');
  for (const [name, c] of Object.entries(report.paired[headline] ?? {})) {
    lines.push(`| ${name} | ${c.meanDifference.toFixed(4)} | [${c.ci95[0].toFixed(4)}, ${c.ci95[1].toFixed(4)}] | ${c.better} / ${c.worse} / ${c.tied} |`);
  }
  for (const slice of order) {
    const methods = report.unmasked[slice];
    if (methods) lines.push('', `## unmasked (the paper's protocol), ${slice}`, '', markdownTable(methods, COLUMNS));
  }
  if (report.firstItems) lines.push('', ...firstItemsMarkdown(report.firstItems));
  if (report.newItemSlots) lines.push('', ...newItemSlotsMarkdown(report.newItemSlots));
  const latency = report.adaptation.boundedLatencyMs;
  lines.push('', '## adaptation', '', `Bounded online adaptation (all learners, scoring and fusion, one user at a time on one thread): p50 ${latency.p50} ms, p99 ${latency.p99} ms over ${latency.users} users, timed at a 1-minute load average of ${latency.loadAverage1m} on ${latency.cores} cores${latency.loadAverage1m > latency.cores ? ' (busier than its cores: other work shared the timed thread\'s core, so the p99 may read high)' : ''}.`);
  const epochs = Object.entries(report.adaptation.paperEpochs).map(([m, e]) => `${m} ${e}`).join(', ');
  if (epochs) lines.push(`The paper's meta-test kept on average epoch: ${epochs} (of up to 50, chosen on the validation item).`);
  // Training reports run fold by fold, each fold's seeds in order.
  const trainedBy = (i: number) => (p.folds ? `fold ${Math.floor(i / p.seeds.length) + 1}, seed ${p.seeds[i % p.seeds.length]}` : `${p.seeds[i]}`);
  const fusions = report.training.flatMap((t, i) => (t.fusion?.selection ? [{ seed: trainedBy(i), ...t.fusion.selection }] : []));
  if (fusions.length > 0) {
    lines.push('', '## fusion: trained gates or equal weights (held-out old-user samples, NDCG@10)', '', '| seed | rule | kept | trained | equal | trained − equal (95% interval) |', '|---|---|---|---|---|---|');
    for (const f of fusions) lines.push(`| ${f.seed} | ${f.rule} | ${f.kept} | ${f.validNdcg10.trained.toFixed(4)} | ${f.validNdcg10.equal.toFixed(4)} | ${f.paired.meanDifference.toFixed(4)} [${f.paired.ci95[0].toFixed(4)}, ${f.paired.ci95[1].toFixed(4)}] |`);
  }
  lines.push('', `## stage times (seconds, mean over ${p.folds ? 'folds and ' : ''}seeds)`, '', '| stage | seconds |', '|---|---|');
  for (const [stage, t] of Object.entries(report.stageSeconds)) lines.push(`| ${stage} | ${t.mean.toFixed(1)}${t.std > 0 ? ` ± ${t.std.toFixed(1)}` : ''} |`);
  lines.push('', `Total: ${report.seconds} s.`);
  return `${lines.join('\n')}\n`;
}

/** Users without history: each candidate's NDCG@10 / Recall@10 on late old users (chosen on) and on new users. */
function firstItemsMarkdown(first: FirstItemsReport): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return [
    `## users without history: their first pick, ranked by counts (${first.validationUsers} late old users over ${first.folds} folds to choose on, ${first.newUsers} new users to report)`,
    '',
    `Served: ${first.candidates.find((c) => same(c.policy, first.chosen))?.label ?? 'all time'}. ${first.reason.charAt(0).toUpperCase()}${first.reason.slice(1)}.`,
    '',
    '| counted over | late old users NDCG@10 | Recall@10 | − all time (95% interval) | new users NDCG@10 | Recall@10 |',
    '|---|---|---|---|---|---|',
    ...first.candidates.map((c) => {
      const label = same(c.policy, first.chosen) ? `**${c.label}**` : c.label;
      return `| ${label} | ${c.validation.ndcg10.toFixed(4)} | ${c.validation.recall10.toFixed(3)} | ${c.versusAllTime.meanDifference.toFixed(4)} [${c.versusAllTime.ci95[0].toFixed(3)}, ${c.versusAllTime.ci95[1].toFixed(3)}] | ${c.newUsers.ndcg10.toFixed(4)} | ${c.newUsers.recall10.toFixed(3)} |`;
    }),
  ];
}

/** What each new-item slot count cost and gained, replayed on the events after the split. */
function newItemSlotsMarkdown(r: NewItemSlotsReport): string[] {
  const [first] = r.outcomes;
  if (!first) return ['## new-item slots', '', `No item is new at the split time (every one has old users' events before it): no slot could be filled, so the ${r.events} events after it were not replayed.`];
  const ms = (m: { mean: number; std: number }, digits: number) => `${m.mean.toFixed(digits)}${m.std > 0 ? ` ± ${m.std.toFixed(digits)}` : ''}`;
  return [
    `## new-item slots: the ${r.events} events after the split replayed as lists of ${r.listLength} (${r.newItemEvents} of them a new item)`,
    '',
    `Each event as the list mml would have served that user just before it, with that many places kept for items it was not trained on; ` +
      `${first?.newTargets.cases ?? 0} new-item events and ${first?.otherTargets.cases ?? 0} of the others replayed, each weighted by its share. ` +
      'Replay counts only what people found without slots: it cannot count what the exposure would earn (a trial of the setting does).',
    '',
    `| slots | Recall@${r.listLength} | NDCG@${r.listLength} | new-item events Recall | other events Recall | lists with a new item | per 1,000 lists: new-item hits gained / other hits lost | NDCG − 0 slots (95% interval) |`,
    '|---|---|---|---|---|---|---|---|',
    ...r.outcomes.map((o) => `| ${o.slots === 0 ? 'none' : describeSlotPolicy(o)} | ${ms(o.recall, 4)} | ${ms(o.ndcg, 4)} | ${ms(o.newTargets.recall, 3)} | ${ms(o.otherTargets.recall, 3)} | ${ms(o.listsWithNewItem, 3)} | ` +
      `${o.slots === 0 ? '–' : `${o.per1000Lists.newItemHitsGained.toFixed(2)} / ${o.per1000Lists.otherHitsLost.toFixed(2)}`} | ` +
      `${o.slots === 0 ? '–' : `${o.ndcgDifference.mean.toFixed(4)} [${o.ndcgDifference.ci95[0].toFixed(4)}, ${o.ndcgDifference.ci95[1].toFixed(4)}]`} |`),
  ];
}

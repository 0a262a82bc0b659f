import { LinesChart } from './chart-lines';
import { fmt } from './model-metrics';

/**
 * The learning curves of a training run (TrainingRun.report = {training: MmlTrainingReport, snapshot}): pretraining
 * epochs (loss, validation NDCG@10) per learner, meta-training steps (loss, validation loss), the item embedding
 * generator's epochs and the fusion layer's. Each chart's numbers are also in a table under "Numbers".
 */

type Row = Record<string, number | null>;
interface Curve {
  id: string;
  title: string;
  xKey: string;
  series: string[];
  rows: Row[];
  note?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const list = (value: unknown): Array<Record<string, unknown>> => (Array.isArray(value) ? value.filter(isObject) : []);

/** Merges per-learner series into rows keyed by x. */
function merge(xKey: string, parts: Array<{ name: string; points: Array<Record<string, unknown>>; field: string; x: string }>): { rows: Row[]; series: string[] } {
  const byX = new Map<number, Row>();
  const series: string[] = [];
  for (const part of parts) {
    let any = false;
    for (const point of part.points) {
      const x = num(point[part.x]);
      const y = num(point[part.field]);
      if (x === null || y === null) continue;
      any = true;
      const row = byX.get(x) ?? { [xKey]: x };
      row[part.name] = y;
      byX.set(x, row);
    }
    if (any) series.push(part.name);
  }
  return { rows: [...byX.values()].sort((a, b) => (a[xKey] ?? 0) - (b[xKey] ?? 0)), series };
}

/** A training stage's duration and the engine heap it ended at (MiB; runs before the heap was reported have none). */
export interface StageRow {
  stage: string;
  seconds: number;
  heapMegabytes: number | null;
}

export function readCurves(report: unknown): { curves: Curve[]; stages: StageRow[]; snapshot: Record<string, number> | null } {
  const training = isObject(report) && isObject(report.training) ? report.training : null;
  const snapshot = isObject(report) && isObject(report.snapshot)
    ? Object.fromEntries(Object.entries(report.snapshot).filter((e): e is [string, number] => num(e[1]) !== null))
    : null;
  if (!training) return { curves: [], stages: [], snapshot };
  const curves: Curve[] = [];
  const pretrain = isObject(training.pretrain) ? Object.entries(training.pretrain).filter((e): e is [string, Record<string, unknown>] => isObject(e[1])) : [];
  const loss = merge('epoch', pretrain.map(([name, p]) => ({ name: `${name} loss`, points: list(p.epochs), field: 'loss', x: 'epoch' })));
  if (loss.rows.length) curves.push({ id: 'pretrain-loss', title: 'Pretraining: loss per epoch', xKey: 'epoch', ...loss, note: pretrain.map(([name, p]) => `${name}: best epoch ${num(p.bestEpoch) ?? '–'}`).join(', ') });
  const valid = merge('epoch', pretrain.map(([name, p]) => ({ name: `${name} valid NDCG@10`, points: list(p.epochs), field: 'validNdcg10', x: 'epoch' })));
  if (valid.rows.length) curves.push({ id: 'pretrain-valid', title: 'Pretraining: validation NDCG@10', xKey: 'epoch', ...valid });
  const meta = isObject(training.meta) ? Object.entries(training.meta) : [];
  const metaCurve = merge('step', meta.flatMap(([name, steps]) => [
    { name: `${name} loss`, points: list(steps), field: 'loss', x: 'step' },
    { name: `${name} valid loss`, points: list(steps), field: 'validLoss', x: 'step' },
  ]));
  if (metaCurve.rows.length) curves.push({ id: 'meta', title: 'Meta-training: query loss per step', xKey: 'step', ...metaCurve });
  const generator = merge('epoch', [
    { name: 'loss', points: list(training.generator), field: 'loss', x: 'epoch' },
    { name: 'valid NDCG@10', points: list(training.generator), field: 'validNdcg10', x: 'epoch' },
  ]);
  if (generator.rows.length) curves.push({ id: 'generator', title: 'Item embedding generator: per epoch', xKey: 'epoch', ...generator });
  const fusion = isObject(training.fusion) ? training.fusion : null;
  const fusionCurve = merge('epoch', [
    { name: 'loss', points: list(fusion?.curve), field: 'loss', x: 'epoch' },
    { name: 'valid loss', points: list(fusion?.curve), field: 'validLoss', x: 'epoch' },
  ]);
  if (fusionCurve.rows.length) curves.push({ id: 'fusion', title: 'Fusion layer: per epoch', xKey: 'epoch', ...fusionCurve, note: fusion && num(fusion.bestEpoch) !== null ? `best epoch ${num(fusion.bestEpoch)}` : undefined });
  const stages = list(training.stages).flatMap((s) => (typeof s.stage === 'string' && num(s.seconds) !== null ? [{ stage: s.stage, seconds: num(s.seconds)!, heapMegabytes: num(s.heapMegabytes) }] : []));
  return { curves, stages, snapshot };
}

function summary(curve: Curve): string {
  return `${curve.title}. ${curve.series.map((name) => {
    const points = curve.rows.filter((row) => row[name] !== undefined && row[name] !== null);
    const first = points[0];
    const last = points.at(-1);
    return `${name}: ${fmt(first?.[name], 4)} at ${curve.xKey} ${first?.[curve.xKey] ?? '–'} to ${fmt(last?.[name], 4)} at ${curve.xKey} ${last?.[curve.xKey] ?? '–'}`;
  }).join('; ')}.`;
}

/** The curves as line charts, two per row on wide screens, each with its numbers in a table. */
export function ModelTrainingCurves({ report }: { report: unknown }) {
  const { curves, stages } = readCurves(report);
  if (curves.length === 0) return null;
  // The heap only grows and stops at 4 GiB: its size after each stage shows how close a catalog comes to that.
  const showHeap = stages.some((s) => s.heapMegabytes !== null);
  return (
    <>
      <div className="two">
        {curves.map((curve) => (
          <figure key={curve.id} className="panel padded model-figure">
            <figcaption><strong>{curve.title}</strong>{curve.note ? <span className="muted small"> · {curve.note}</span> : null}</figcaption>
            <LinesChart testId={`curve-${curve.id}`} label={summary(curve)} data={curve.rows} xKey={curve.xKey} series={curve.series} />
            <details>
              <summary className="small">Numbers</summary>
              <div className="table-wrap model-scroll">
                <table>
                  <thead><tr><th scope="col" className="num">{curve.xKey}</th>{curve.series.map((s) => <th key={s} scope="col" className="num">{s}</th>)}</tr></thead>
                  <tbody>
                    {curve.rows.map((row) => (
                      <tr key={row[curve.xKey]}><td className="num">{row[curve.xKey]}</td>{curve.series.map((s) => <td key={s} className="num">{fmt(row[s], 4)}</td>)}</tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </figure>
        ))}
      </div>
      {stages.length ? (
        <div className="panel">
          <div className="table-wrap">
            <table>
              <caption className="model-sr-only">Seconds per training stage{showHeap ? ', and the engine heap after it' : ''}</caption>
              <thead><tr><th scope="col">Stage</th><th scope="col" className="num">Seconds</th>{showHeap ? <th scope="col" className="num" title="The training engine's memory once the stage ended (it never shrinks; its limit is 4,096 MB)">Heap (MB)</th> : null}</tr></thead>
              <tbody>{stages.map((s) => <tr key={s.stage}><td>{s.stage}</td><td className="num">{s.seconds.toFixed(2)}</td>{showHeap ? <td className="num">{s.heapMegabytes ?? '–'}</td> : null}</tr>)}</tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}

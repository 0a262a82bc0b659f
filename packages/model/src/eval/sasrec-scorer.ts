import { Graph, type Workspace } from '../engine/index.ts';
import type { SasRec } from '../sasrec/sasrec.ts';
import type { Scorer } from './full-ranking.ts';

/** Scores with a SASRec's fullSortPredict over each history's last maxLength items (eval mode: no dropout). */
export function sasRecScorer(model: SasRec, workspace: Workspace): Scorer {
  const { maxLength: T, numItems } = model.config;
  return (cases) => {
    const B = cases.length;
    const items = new Int32Array(B * T);
    const lengths = cases.map((c, b) => {
      const recent = c.history.subarray(Math.max(0, c.history.length - T));
      items.set(recent, b * T);
      return recent.length;
    });
    const g = new Graph(workspace, { training: false, noGrad: true });
    try {
      const { scores } = model.fullSortPredict(g, g.ints(items, [B, T]), lengths); // [B, numItems + 1]
      if (scores.size !== B * (numItems + 1)) throw new Error('unexpected score shape');
      return Float32Array.from(scores.data);
    } finally {
      g.dispose();
    }
  };
}

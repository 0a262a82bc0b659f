import { Rng } from '../rng.ts';
import type { Workspace } from '../workspace.ts';
import { lossOf, randomValues, runOp, type OpCase } from './op-harness.ts';

export interface GradCheckReport {
  /** Worst |analytic − numeric| / max(|analytic|, |numeric|, floor) over the checked elements. */
  maxRelativeError: number;
  checked: number;
  worst: string;
}

/**
 * Central finite differences, (L(x+ε) − L(x−ε)) / 2ε, of L = Σ output ⊙ R (R random) against the tape's gradient,
 * for up to `samples` elements per input. Run it on a float64 engine.
 */
export function gradCheck(workspace: Workspace, case_: OpCase, { seed = 1, eps = 1e-6, samples = 40, floor = 1e-6 } = {}): GradCheckReport {
  const values = randomValues(case_, seed);
  const rng = new Rng(seed + 1);
  const probe = runOp(workspace, case_, values);
  const outputGrad = Array.from({ length: probe.output.length }, () => rng.next() * 2 - 1);
  const analytic = runOp(workspace, case_, values, outputGrad).grads;
  let maxRelativeError = 0;
  let checked = 0;
  let worst = '';
  let floatIndex = -1;
  case_.inputs.forEach((input, i) => {
    if (input.kind === 'ints') return;
    floatIndex++;
    if (input.requiresGrad === false) return;
    const grad = analytic[floatIndex]!;
    const n = values[i]!.length;
    const picks = n <= samples ? [...Array(n).keys()] : Array.from({ length: samples }, () => rng.int(0, n));
    for (const k of picks) {
      const plus = values.map((v) => [...v]);
      const minus = values.map((v) => [...v]);
      plus[i]![k]! += eps;
      minus[i]![k]! -= eps;
      const numeric = (lossOf(workspace, case_, plus, outputGrad) - lossOf(workspace, case_, minus, outputGrad)) / (2 * eps);
      const a = grad[k] ?? 0;
      const err = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
      checked++;
      if (err > maxRelativeError) {
        maxRelativeError = err;
        worst = `input ${i} element ${k}: analytic ${a}, numeric ${numeric}`;
      }
    }
  });
  return { maxRelativeError, checked, worst };
}

// y = LayerNorm(dropout(x) + residual) in one pass: the post-LN Transformer's "dropout, add, normalise" step.
// Fusing saves writing and re-reading the dropped and summed tensors forward, and three gradient passes backward.
import { layerNorm, layerNormRowsBackward } from './layer-norm';
import { dropoutRow } from './dropout';

/**
 * sum = dropout(x) + residual (residual may be 0: none), y = LayerNorm(sum); keeps sum, mean, rstd and, when
 * threshold > 0, the dropout mask (element i's counter is counterBase + i, as in dropout()).
 */
export function residualNorm(x: usize, residual: usize, mask: usize, sum: usize, gamma: usize, beta: usize, y: usize, mean: usize, rstd: usize,
  rows: i32, cols: i32, eps: f32, threshold: u32, dropScale: f32, key: u32, counterBase: u32): void {
  const n = rows * cols;
  if (threshold > 0) dropoutRow(x, sum, mask, n, threshold, dropScale, key, counterBase);
  else memory.copy(sum, x, <usize>n << 2);
  if (residual != 0) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(sum + o, f32x4.add(v128.load(sum + o), v128.load(residual + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(sum + o, load<f32>(sum + o) + load<f32>(residual + o));
    }
  }
  layerNorm(sum, gamma, beta, y, mean, rstd, rows, cols, eps);
}

/**
 * Backward of residualNorm: with d = ∂L/∂sum from the LayerNorm, dResidual (+)= d and dx (+)= d ⊙ mask (mask = 0:
 * no dropout). dGamma and dBeta accumulate. Any gradient pointer may be 0 (not needed).
 */
export function residualNormBackward(dy: usize, sum: usize, gamma: usize, mean: usize, rstd: usize, mask: usize,
  dx: usize, dResidual: usize, dGamma: usize, dBeta: usize, rows: i32, cols: i32, accumulateX: i32, accumulateResidual: i32, scratch: usize): void {
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>cols) << 2;
    // ∂L/∂sum for this row into scratch, then fan it out to both inputs.
    layerNormRowsBackward(sum + base, gamma, mean + (<usize>r << 2), rstd + (<usize>r << 2), dy + base, scratch, dGamma, dBeta, 1, cols, 0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const d = v128.load(scratch + o);
      if (dResidual != 0) v128.store(dResidual + base + o, accumulateResidual != 0 ? f32x4.add(v128.load(dResidual + base + o), d) : d);
      if (dx != 0) {
        const dm = mask != 0 ? f32x4.mul(d, v128.load(mask + base + o)) : d;
        v128.store(dx + base + o, accumulateX != 0 ? f32x4.add(v128.load(dx + base + o), dm) : dm);
      }
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const d = load<f32>(scratch + o);
      if (dResidual != 0) store<f32>(dResidual + base + o, (accumulateResidual != 0 ? load<f32>(dResidual + base + o) : 0) + d);
      if (dx != 0) {
        const dm = mask != 0 ? d * load<f32>(mask + base + o) : d;
        store<f32>(dx + base + o, (accumulateX != 0 ? load<f32>(dx + base + o) : 0) + dm);
      }
    }
  }
}

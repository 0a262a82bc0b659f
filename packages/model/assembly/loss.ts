// BPR loss over (positive, negative) score pairs: -Σ log(σ(s⁺ - s⁻) + 1e-10), exactly as the method states.
// Rows whose target id is 0 (padding) are skipped. Sums are in f64; the caller divides by its normaliser.

// @ts-ignore: decorator
@inline function sigmoid(x: f64): f64 {
  return 1 / (1 + Math.exp(-x));
}

/** Returns Σ over rows with targets[r] > 0 of -log(σ(pos - neg) + 1e-10). */
export function bpr(pos: usize, neg: usize, targets: usize, n: i32): f64 {
  let loss: f64 = 0;
  for (let r = 0; r < n; r++) {
    if (load<i32>(targets + (<usize>r << 2)) <= 0) continue;
    const d = <f64>load<f32>(pos + (<usize>r << 2)) - <f64>load<f32>(neg + (<usize>r << 2));
    loss -= Math.log(sigmoid(d) + 1e-10);
  }
  return loss;
}

/** dPos[r] += scale * ∂/∂pos, dNeg[r] -= the same, for rows with a target. */
export function bprBackward(pos: usize, neg: usize, targets: usize, n: i32, scale: f32, dPos: usize, dNeg: usize): void {
  for (let r = 0; r < n; r++) {
    if (load<i32>(targets + (<usize>r << 2)) <= 0) continue;
    const o = <usize>r << 2;
    const d = <f64>load<f32>(pos + o) - <f64>load<f32>(neg + o);
    const s = sigmoid(d);
    const g = <f32>(-(s * (1 - s)) / (s + 1e-10)) * scale;
    if (dPos != 0) store<f32>(dPos + o, load<f32>(dPos + o) + g);
    if (dNeg != 0) store<f32>(dNeg + o, load<f32>(dNeg + o) - g);
  }
}

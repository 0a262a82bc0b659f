// Row softmax and softmax cross-entropy. Loss sums are accumulated in f64 and returned to the caller.
import { exp4 } from './simd';

// @ts-ignore: decorator
@inline function rowMax(x: usize, cols: i32): f32 {
  let m: f32 = -Infinity;
  for (let j = 0; j < cols; j++) m = max(m, load<f32>(x + (<usize>j << 2)));
  return m;
}

/** y[r] = exp(x[r] - max) / Σ exp(x[r] - max); returns nothing, y may alias x. */
export function softmax(x: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>cols) << 2;
    const vm = f32x4.splat(rowMax(x + base, cols));
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = base + (<usize>j << 2);
      const e = exp4(f32x4.sub(v128.load(x + o), vm));
      v128.store(y + o, e);
      acc = f32x4.add(acc, e);
    }
    let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; j < cols; j++) {
      const o = base + (<usize>j << 2);
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(x + o) - f32x4.extract_lane(vm, 0))), 0);
      store<f32>(y + o, e);
      s += e;
    }
    const inv = f32x4.splat(1 / s);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = base + (<usize>j << 2);
      v128.store(y + o, f32x4.mul(v128.load(y + o), inv));
    }
    for (; j < cols; j++) {
      const o = base + (<usize>j << 2);
      store<f32>(y + o, load<f32>(y + o) * f32x4.extract_lane(inv, 0));
    }
  }
}

/** dx[r] (+)= y[r] ⊙ (dy[r] - Σ y[r] ⊙ dy[r]) */
export function softmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, cols: i32, accumulate: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>cols) << 2;
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const o = base + (<usize>j << 2);
      s += load<f32>(y + o) * load<f32>(dy + o);
    }
    for (let j = 0; j < cols; j++) {
      const o = base + (<usize>j << 2);
      const prev: f32 = accumulate != 0 ? load<f32>(dx + o) : 0;
      store<f32>(dx + o, prev + load<f32>(y + o) * (load<f32>(dy + o) - s));
    }
  }
}

/** Writes softmax(logits) to probs and returns Σ over rows with target >= 0 of -log p[target]. */
export function softmaxCrossEntropy(logits: usize, targets: usize, probs: usize, rows: i32, cols: i32): f64 {
  softmax(logits, probs, rows, cols);
  let loss: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const t = load<i32>(targets + (<usize>r << 2));
    if (t < 0) continue;
    const p = load<f32>(probs + ((<usize>r * <usize>cols + <usize>t) << 2));
    // Clamp so a vanishing probability gives a large finite loss instead of Infinity.
    loss -= Math.log(<f64>max(p, 1e-30));
  }
  return loss;
}

/** dLogits[r] += scale * (probs[r] - onehot(target[r])) for rows with target >= 0. */
export function softmaxCrossEntropyBackward(probs: usize, targets: usize, dLogits: usize, rows: i32, cols: i32, scale: f32): void {
  for (let r = 0; r < rows; r++) {
    const t = load<i32>(targets + (<usize>r << 2));
    if (t < 0) continue;
    const base = (<usize>r * <usize>cols) << 2;
    for (let j = 0; j < cols; j++) {
      const o = base + (<usize>j << 2);
      store<f32>(dLogits + o, load<f32>(dLogits + o) + scale * load<f32>(probs + o));
    }
    const o = base + (<usize>t << 2);
    store<f32>(dLogits + o, load<f32>(dLogits + o) - scale);
  }
}

// Optimiser updates. Dense updates run over a flat range; row updates visit only the rows a row-sparse
// gradient marked (in row order) and then zero those rows and their marks, ready for the next step.
import { nextMarked } from './embedding';

// @ts-ignore: decorator
@inline function adamVec(p: usize, g: usize, m: usize, v: usize, b1: v128, c1: v128, b2: v128, c2: v128, step: v128, inv: v128, eps: v128): void {
  const gv = v128.load(g);
  const mv = f32x4.add(f32x4.mul(b1, v128.load(m)), f32x4.mul(c1, gv));
  const vv = f32x4.add(f32x4.mul(b2, v128.load(v)), f32x4.mul(c2, f32x4.mul(gv, gv)));
  v128.store(m, mv);
  v128.store(v, vv);
  const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), inv), eps);
  v128.store(p, f32x4.sub(v128.load(p), f32x4.div(f32x4.mul(step, mv), denom)));
}

// @ts-ignore: decorator
@inline function adamScalar(p: usize, g: usize, m: usize, v: usize, beta1: f32, beta2: f32, stepSize: f32, invBc2Sqrt: f32, eps: f32): void {
  const gs = load<f32>(g);
  const ms = beta1 * load<f32>(m) + (1 - beta1) * gs;
  const vs = beta2 * load<f32>(v) + (1 - beta2) * gs * gs;
  store<f32>(m, ms);
  store<f32>(v, vs);
  store<f32>(p, load<f32>(p) - stepSize * ms / (Mathf.sqrt(vs) * invBc2Sqrt + eps));
}

/**
 * Adam (PyTorch's form): m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²; p -= stepSize · m / (√v · invBc2Sqrt + eps)
 * with stepSize = lr / (1 - β1^t) and invBc2Sqrt = 1 / √(1 - β2^t), both computed by the caller.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, beta1: f32, beta2: f32, stepSize: f32, invBc2Sqrt: f32, eps: f32): void {
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(1 - beta1), b2 = f32x4.splat(beta2), c2 = f32x4.splat(1 - beta2);
  const step = f32x4.splat(stepSize), inv = f32x4.splat(invBc2Sqrt), ve = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    adamVec(p + o, g + o, m + o, v + o, b1, c1, b2, c2, step, inv, ve);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    adamScalar(p + o, g + o, m + o, v + o, beta1, beta2, stepSize, invBc2Sqrt, eps);
  }
}

/** Lazy Adam on the marked rows in [rowStart, rowEnd) of a [rows, cols] table; zeroes those gradient rows and marks. */
export function adamRows(p: usize, g: usize, m: usize, v: usize, cols: i32, marks: usize, rowStart: i32, rowEnd: i32,
  beta1: f32, beta2: f32, stepSize: f32, invBc2Sqrt: f32, eps: f32): void {
  const bytes = <usize>cols << 2;
  for (let row = nextMarked(marks, rowStart, rowEnd); row < rowEnd; row = nextMarked(marks, row + 1, rowEnd)) {
    const o = <usize>row * bytes;
    adam(p + o, g + o, m + o, v + o, cols, beta1, beta2, stepSize, invBc2Sqrt, eps);
    memory.fill(g + o, 0, bytes);
    store<i32>(marks + (<usize>row << 2), 0);
  }
}

/** Plain SGD: p -= lr * g */
export function sgd(p: usize, g: usize, n: i32, lr: f32): void {
  const vl = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.mul(vl, v128.load(g + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(p + o, load<f32>(p + o) - lr * load<f32>(g + o));
  }
}

/** SGD on the marked rows in [rowStart, rowEnd); zeroes those gradient rows and their marks. */
export function sgdRows(p: usize, g: usize, cols: i32, marks: usize, rowStart: i32, rowEnd: i32, lr: f32): void {
  const bytes = <usize>cols << 2;
  for (let row = nextMarked(marks, rowStart, rowEnd); row < rowEnd; row = nextMarked(marks, row + 1, rowEnd)) {
    const o = <usize>row * bytes;
    sgd(p + o, g + o, cols, lr);
    memory.fill(g + o, 0, bytes);
    store<i32>(marks + (<usize>row << 2), 0);
  }
}

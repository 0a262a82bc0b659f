// GELU (exact, erf-based, as PyTorch's default and RecBole's 'gelu') and ReLU. Backward kernels accumulate into dx.
import { erf4, exp4 } from './simd';

const SQRT1_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

/** y = x * Φ(x) = 0.5 x (1 + erf(x / √2)) */
export function gelu(x: usize, y: usize, n: i32): void {
  const half = f32x4.splat(0.5);
  const one = f32x4.splat(1);
  const s = f32x4.splat(SQRT1_2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const cdf = f32x4.mul(half, f32x4.add(one, erf4(f32x4.mul(v, s))));
    v128.store(y + o, f32x4.mul(v, cdf));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = f32x4.splat(load<f32>(x + o));
    const cdf = f32x4.mul(half, f32x4.add(one, erf4(f32x4.mul(v, s))));
    store<f32>(y + o, f32x4.extract_lane(f32x4.mul(v, cdf), 0));
  }
}

// @ts-ignore: decorator
@inline function geluPair(v: v128, y: usize, slope: usize): void {
  const cdf = f32x4.mul(f32x4.splat(0.5), f32x4.add(f32x4.splat(1), erf4(f32x4.mul(v, f32x4.splat(SQRT1_2)))));
  const pdf = f32x4.mul(f32x4.splat(INV_SQRT_2PI), exp4(f32x4.mul(f32x4.mul(v, v), f32x4.splat(-0.5))));
  v128.store(y, f32x4.mul(v, cdf));
  v128.store(slope, f32x4.add(cdf, f32x4.mul(v, pdf)));
}

/**
 * y = GELU(x) and slope = GELU'(x) = Φ(x) + x φ(x) in one pass: the backward pass is then a plain multiply
 * (dx += dy * slope) instead of a second erf and an exp per element.
 */
export function geluWithSlope(x: usize, y: usize, slope: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    geluPair(v128.load(x + o), y + o, slope + o);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = f32x4.splat(load<f32>(x + o));
    const cdf = f32x4.mul(f32x4.splat(0.5), f32x4.add(f32x4.splat(1), erf4(f32x4.mul(v, f32x4.splat(SQRT1_2)))));
    const pdf = f32x4.mul(f32x4.splat(INV_SQRT_2PI), exp4(f32x4.mul(f32x4.mul(v, v), f32x4.splat(-0.5))));
    store<f32>(y + o, f32x4.extract_lane(f32x4.mul(v, cdf), 0));
    store<f32>(slope + o, f32x4.extract_lane(f32x4.add(cdf, f32x4.mul(v, pdf)), 0));
  }
}

/** y = max(x, 0) */
export function relu(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.pmax(v128.load(x + o), zero));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(y + o, v > 0 ? v : 0);
  }
}

/** dx (+)= dy where x > 0 (0 elsewhere) */
export function reluBackward(x: usize, dy: usize, dx: usize, n: i32, accumulate: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const g = v128.and(v128.load(dy + o), f32x4.gt(v128.load(x + o), zero));
    v128.store(dx + o, accumulate != 0 ? f32x4.add(v128.load(dx + o), g) : g);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const g: f32 = load<f32>(x + o) > 0 ? load<f32>(dy + o) : 0;
    store<f32>(dx + o, accumulate != 0 ? load<f32>(dx + o) + g : g);
  }
}

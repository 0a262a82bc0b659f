// Elementwise kernels over n floats. Pointers are byte addresses; every loop has a SIMD body and a scalar tail.
import { madd } from './simd';

/** Zeroes n floats (memory.fill: TypedArray.fill on shared memory measured ~1.7x slower). */
export function zero(x: usize, n: i32): void {
  memory.fill(x, 0, <usize>n << 2);
}

/** Copies n floats (memory.copy; the ranges may overlap). */
export function copy(src: usize, dst: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 2);
}

/** out = a + b */
export function add(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
  }
}

/** dst += alpha * src (alpha = 1 is the gradient accumulation every op needs). */
export function axpy(dst: usize, src: usize, alpha: f32, n: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, madd(va, v128.load(src + o), v128.load(dst + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + alpha * load<f32>(src + o));
  }
}

/** x *= alpha */
export function scale(x: usize, alpha: f32, n: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, f32x4.mul(v128.load(x + o), va));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(x + o, load<f32>(x + o) * alpha);
  }
}

/** y[r, :] += bias for each of `rows` rows of `cols` floats. */
export function addBias(y: usize, bias: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) axpy(y + ((<usize>r * <usize>cols) << 2), bias, 1, cols);
}

/** dBias += column sums of dy [rows, cols], eight columns at a time in registers. */
export function biasGrad(dy: usize, dBias: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let j = 0;
  for (; j + 8 <= cols; j += 8) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    let p = dy + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      p += stride;
    }
    const d = dBias + (<usize>j << 2);
    v128.store(d, f32x4.add(v128.load(d), s0));
    v128.store(d, f32x4.add(v128.load(d, 16), s1), 16);
  }
  for (; j < cols; j++) {
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += load<f32>(dy + ((<usize>r * <usize>cols + <usize>j) << 2));
    store<f32>(dBias + (<usize>j << 2), load<f32>(dBias + (<usize>j << 2)) + s);
  }
}

/**
 * dx = (accumulate ? dx : 0) + dy * scale elementwise: the backward pass of GELU and dropout, given the stored
 * slope or mask. Writing instead of accumulating spares the zero-fill of a fresh gradient buffer.
 */
export function mulInto(dy: usize, scale: usize, dx: usize, n: i32, accumulate: i32): void {
  let i = 0;
  if (accumulate != 0) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dx + o, madd(v128.load(dy + o), v128.load(scale + o), v128.load(dx + o)));
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(dx + o, f32x4.mul(v128.load(dy + o), v128.load(scale + o)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const prev: f32 = accumulate != 0 ? load<f32>(dx + o) : 0;
    store<f32>(dx + o, prev + load<f32>(dy + o) * load<f32>(scale + o));
  }
}

/** out[r] = dot(a[r, :], b[r, :]) */
export function rowDot(a: usize, b: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>cols) << 2;
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = base + (<usize>j << 2);
      acc = madd(v128.load(a + o), v128.load(b + o), acc);
    }
    let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; j < cols; j++) {
      const o = base + (<usize>j << 2);
      s += load<f32>(a + o) * load<f32>(b + o);
    }
    store<f32>(out + (<usize>r << 2), s);
  }
}

/** da[r] (+)= g[r] * b[r]; db[r] (+)= g[r] * a[r]. Either gradient pointer may be 0 (not needed). */
export function rowDotBackward(g: usize, a: usize, b: usize, da: usize, db: usize, rows: i32, cols: i32, accumulateA: i32, accumulateB: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>cols) << 2;
    const gr = load<f32>(g + (<usize>r << 2));
    if (da != 0) {
      if (accumulateA == 0) memory.fill(da + base, 0, <usize>cols << 2);
      axpy(da + base, b + base, gr, cols);
    }
    if (db != 0) {
      if (accumulateB == 0) memory.fill(db + base, 0, <usize>cols << 2);
      axpy(db + base, a + base, gr, cols);
    }
  }
}

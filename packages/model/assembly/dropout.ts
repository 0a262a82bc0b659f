// Dropout with a counter-based hash instead of a stateful generator: element i of a call keeps its value when
// fmix32(key + (counterBase + i) * 0x9E3779B9) >>> 8 >= threshold. The mask therefore depends only on
// (key, global element index), so it is identical however the batch is split across threads.
// The TypeScript reference (src/engine/ts-kernels/dropout.ts) computes the same bits with Math.imul.

// @ts-ignore: decorator
@inline function fmix4(x: v128): v128 {
  x = v128.xor(x, i32x4.shr_u(x, 16));
  x = i32x4.mul(x, i32x4.splat(0x85EBCA6B));
  x = v128.xor(x, i32x4.shr_u(x, 13));
  x = i32x4.mul(x, i32x4.splat(0xC2B2AE35));
  return v128.xor(x, i32x4.shr_u(x, 16));
}

// @ts-ignore: decorator
@inline export function keepMask(counter: v128, key: v128, threshold: v128): v128 {
  const h = fmix4(i32x4.add(i32x4.mul(counter, i32x4.splat(0x9E3779B9)), key));
  return i32x4.ge_u(i32x4.shr_u(h, 8), threshold);
}

/** y = x * mask; mask[i] = scale (kept) or 0 (dropped). threshold = round(p * 2^24). */
export function dropout(x: usize, y: usize, mask: usize, n: i32, threshold: u32, scale: f32, key: u32, counterBase: u32): void {
  dropoutRow(x, y, mask, n, threshold, scale, key, counterBase);
}

// @ts-ignore: decorator
@inline export function dropoutRow(x: usize, y: usize, mask: usize, n: i32, threshold: u32, scale: f32, key: u32, counterBase: u32): void {
  const vkey = i32x4.splat(key);
  const vthr = i32x4.splat(threshold);
  const vscale = f32x4.splat(scale);
  let counter = i32x4.add(i32x4.splat(counterBase), i32x4(0, 1, 2, 3));
  const four = i32x4.splat(4);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const m = v128.and(keepMask(counter, vkey, vthr), vscale);
    v128.store(mask + o, m);
    v128.store(y + o, f32x4.mul(v128.load(x + o), m));
    counter = i32x4.add(counter, four);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const m = f32x4.extract_lane(v128.and(keepMask(i32x4.splat(counterBase + <u32>i), vkey, vthr), vscale), 0);
    store<f32>(mask + o, m);
    store<f32>(y + o, load<f32>(x + o) * m);
  }
}

// The backward pass is dx (+)= dy * mask: elementwise.ts's mulInto.

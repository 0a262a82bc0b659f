// Shared SIMD helpers. Clamps use pmin/pmax (one minps/maxps each): V8 expands f32x4.min/max into long
// NaN-propagating sequences on x64.
// Shared SIMD helpers. `madd` is a fused multiply-add when the build enables relaxed SIMD
// (kernels-relaxed.wasm), and a separate multiply and add otherwise (kernels.wasm).

/** a * b + c on four f32 lanes. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

/** Largest of the four lanes. */
// @ts-ignore: decorator
@inline export function hmax(v: v128): f32 {
  const m = f32x4.pmax(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1));
}

/** Reads one float per cache line of [start, start + bytes): many independent misses in flight at once, so the
 * strided per-head reads that follow hit cache instead of waiting on memory one line at a time. */
// @ts-ignore: decorator
@inline export function touch(start: usize, bytes: usize, sink: usize): void {
  let acc: f32 = 0;
  for (let o: usize = 0; o < bytes; o += 64) acc += load<f32>(start + o);
  store<f32>(sink, acc);
}

/**
 * e^x on four lanes (Cephes expf: Cody-Waite reduction, degree-5 polynomial, ~1 ulp); inputs clamped to
 * [-87.3, 88.3]. Rounding and 2^n use the 1.5·2^23 "magic number" trick instead of nearest + trunc_sat, which V8
 * lowers to long instruction sequences on x64.
 */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  const magic = f32x4.splat(12582912.0);
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const shifted = madd(x, f32x4.splat(1.44269504088896341), magic); // round(x·log2 e) lives in the low mantissa bits
  const fx = f32x4.sub(shifted, magic);
  let r = madd(fx, f32x4.splat(-0.693359375), x);
  r = madd(fx, f32x4.splat(2.12194440e-4), r);
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  p = f32x4.add(madd(f32x4.mul(p, r), r, r), f32x4.splat(1));
  const pow2n = i32x4.shl(i32x4.add(shifted, i32x4.splat(127)), 23); // the magic's own bits shift out
  return f32x4.mul(p, pow2n);
}

/** erf(x) on four lanes: Eigen's rational approximation (odd degree-13 over even degree-8), |x| clamped to 4. */
// @ts-ignore: decorator
@inline export function erf4(a: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(a, f32x4.splat(-4)), f32x4.splat(4));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-2.72614225801306e-10);
  p = madd(x2, p, f32x4.splat(2.77068142495902e-8));
  p = madd(x2, p, f32x4.splat(-2.10102402082508e-6));
  p = madd(x2, p, f32x4.splat(-5.69250639462346e-5));
  p = madd(x2, p, f32x4.splat(-7.34990630326855e-4));
  p = madd(x2, p, f32x4.splat(-2.95459980854025e-3));
  p = madd(x2, p, f32x4.splat(-1.60960333262415e-2));
  p = f32x4.mul(x, p);
  let q = f32x4.splat(-1.45660718464996e-5);
  q = madd(x2, q, f32x4.splat(-2.13374055278905e-4));
  q = madd(x2, q, f32x4.splat(-1.68282697438203e-3));
  q = madd(x2, q, f32x4.splat(-7.37332916720468e-3));
  q = madd(x2, q, f32x4.splat(-1.42647390514189e-2));
  return f32x4.div(p, q);
}

// Fused causal multi-head self-attention over a packed qkv buffer [B, T, 3D] (query | key | value, head h in
// columns h*dh .. h*dh+dh of each part). Keys whose item id is 0 (padding) and keys after the query are masked.
// One call handles every (sequence, head) pair of a layer so JavaScript makes two calls per layer, not 2·B·H.
// Forward keeps probs P [B, H, T, T] (zero where masked) and, with dropout, its mask M [B, H, T, T]; both are
// private to this forward/backward pair: the blocked path (attention-blocked.ts, dh % 8 == 0) leaves each row's
// entries past its diagonal 4-block unwritten.
import { exp4, hsum, hmax, touch } from './simd';
import { gemm, GEMM_SCRATCH_BYTES, CAUSAL_COLUMNS, CAUSAL_DEPTH, CAUSAL_DEPTH_FROM } from './gemm';
import { dropoutRow } from './dropout';
import { attentionForwardBlocked, attentionBackwardBlocked, blockedScratchBytes } from './attention-blocked';

/** Bytes of scratch an attention call needs for sequence length T. */
export function attentionScratchBytes(T: i32): i32 {
  return GEMM_SCRATCH_BYTES + 3 * T * T * 4 + T * 4 + 64;
}

/** Heads a multiple of 8 wide take the blocked path (attention-blocked.ts) when its scratch fits in ours; the
 * forward and backward choose alike, so the mask layout they share always matches. */
// @ts-ignore: decorator
@inline function useBlocked(T: i32, dh: i32): bool {
  return dh % 8 == 0 && blockedScratchBytes(T, dh) <= attentionScratchBytes(T);
}

/** Masked, scaled softmax of row i of S (in place): keys j <= i with keyValid[j] = 1 take part; others get 0. */
// @ts-ignore: decorator
@inline function causalSoftmaxRow(s: usize, keyValid: usize, i: i32, T: i32, scale: f32): void {
  const rowLen = i + 1;
  const vi = i32x4.splat(i);
  const vscale = f32x4.splat(scale);
  const minusInf = f32x4.splat(-Infinity);
  let vmax = minusInf;
  let j = 0;
  for (; j < rowLen && j + 4 <= T; j += 4) {
    const o = <usize>j << 2;
    const ok = v128.and(f32x4.ne(v128.load(keyValid + o), f32x4.splat(0)), i32x4.le_s(i32x4.add(i32x4.splat(j), i32x4(0, 1, 2, 3)), vi));
    vmax = f32x4.pmax(vmax, v128.bitselect(v128.load(s + o), minusInf, ok));
  }
  let m = hmax(vmax);
  for (let t = j; t < rowLen; t++) if (load<f32>(keyValid + (<usize>t << 2)) != 0) m = max(m, load<f32>(s + (<usize>t << 2)));
  if (m == -Infinity) {
    // Every key is padding: the row attends to nothing and its output is zero.
    memory.fill(s, 0, <usize>T << 2);
    return;
  }
  const vm = f32x4.splat(m);
  let vsum = f32x4.splat(0);
  j = 0;
  for (; j < rowLen && j + 4 <= T; j += 4) {
    const o = <usize>j << 2;
    const ok = v128.and(f32x4.ne(v128.load(keyValid + o), f32x4.splat(0)), i32x4.le_s(i32x4.add(i32x4.splat(j), i32x4(0, 1, 2, 3)), vi));
    const e = v128.and(exp4(f32x4.mul(f32x4.sub(v128.load(s + o), vm), vscale)), ok);
    v128.store(s + o, e);
    vsum = f32x4.add(vsum, e);
  }
  let sum = hsum(vsum);
  for (let t = j; t < rowLen; t++) {
    const o = <usize>t << 2;
    let e: f32 = 0;
    if (load<f32>(keyValid + o) != 0) e = f32x4.extract_lane(exp4(f32x4.splat((load<f32>(s + o) - m) * scale)), 0);
    store<f32>(s + o, e);
    sum += e;
  }
  const end = max(j, rowLen);
  const inv = f32x4.splat(1 / sum);
  j = 0;
  for (; j + 4 <= end; j += 4) v128.store(s + (<usize>j << 2), f32x4.mul(v128.load(s + (<usize>j << 2)), inv));
  for (; j < end; j++) store<f32>(s + (<usize>j << 2), load<f32>(s + (<usize>j << 2)) * f32x4.extract_lane(inv, 0));
  if (end < T) memory.fill(s + (<usize>end << 2), 0, <usize>(T - end) << 2);
}

/**
 * out[b, t, h*dh:(h+1)*dh] = softmax(mask(Q Kᵀ · scale)) · V per sequence b and head h, with dropout on the
 * probabilities when threshold > 0 (mask element (b,h,i,j) has counter counterBase + ((b·H + h)·T + i)·T + j).
 */
export function attentionForward(qkv: usize, ids: usize, out: usize, probs: usize, mask: usize, B: i32, T: i32, H: i32, dh: i32,
  scale: f32, threshold: u32, dropScale: f32, key: u32, counterBase: u32, scratch: usize): void {
  if (useBlocked(T, dh)) {
    attentionForwardBlocked(qkv, ids, out, probs, mask, B, T, H, dh, scale, threshold, dropScale, key, counterBase, scratch);
    return;
  }
  const D = H * dh;
  const ld = <usize>(3 * D);
  const TT = <usize>T * <usize>T;
  const dropped = scratch + <usize>GEMM_SCRATCH_BYTES;
  const keyValid = dropped + 3 * (TT << 2);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) store<f32>(keyValid + (<usize>t << 2), load<i32>(ids + ((<usize>b * <usize>T + <usize>t) << 2)) != 0 ? 1 : 0);
    touch(qkv + ((<usize>b * <usize>T * ld) << 2), (<usize>T * ld) << 2, keyValid + (<usize>T << 2));
    for (let h = 0; h < H; h++) {
      const q = qkv + ((<usize>b * <usize>T * ld + <usize>h * <usize>dh) << 2);
      const k = q + (<usize>D << 2);
      const v = q + (<usize>(2 * D) << 2);
      const bh = <usize>b * <usize>H + <usize>h;
      const p = probs + ((bh * TT) << 2);
      gemm(T, T, dh, q, ld, 1, k, 1, ld, p, T, 0, 0, CAUSAL_COLUMNS, scratch, 0);
      for (let i = 0; i < T; i++) causalSoftmaxRow(p + ((<usize>i * <usize>T) << 2), keyValid, i, T, scale);
      let a = p;
      if (threshold > 0) {
        dropoutRow(p, dropped, mask + ((bh * TT) << 2), <i32>TT, threshold, dropScale, key, counterBase + <u32>(bh * TT));
        a = dropped;
      }
      const o = out + ((<usize>b * <usize>T * <usize>D + <usize>h * <usize>dh) << 2);
      gemm(T, dh, T, a, T, 1, v, ld, 1, o, D, 0, 0, CAUSAL_DEPTH, scratch, 0);
    }
  }
}

/** Writes (accumulate = 0) or adds into dqkv [B, T, 3D] the gradient of attentionForward given dOut [B, T, D]. */
export function attentionBackward(qkv: usize, probs: usize, mask: usize, dOut: usize, dqkv: usize, B: i32, T: i32, H: i32, dh: i32,
  scale: f32, dropout: i32, scratch: usize, accumulate: i32): void {
  if (useBlocked(T, dh)) {
    attentionBackwardBlocked(qkv, probs, mask, dOut, dqkv, B, T, H, dh, scale, dropout, scratch, accumulate);
    return;
  }
  const D = H * dh;
  const ld = <usize>(3 * D);
  const TT = <usize>T * <usize>T;
  const dropped = scratch + <usize>GEMM_SCRATCH_BYTES;
  const dDropped = dropped + (TT << 2);
  const dS = dDropped + (TT << 2);
  for (let b = 0; b < B; b++) {
    const rows = <usize>b * <usize>T;
    touch(qkv + ((rows * ld) << 2), (<usize>T * ld) << 2, dS);
    touch(dqkv + ((rows * ld) << 2), (<usize>T * ld) << 2, dS);
    touch(dOut + ((rows * <usize>D) << 2), (<usize>T * <usize>D) << 2, dS);
    for (let h = 0; h < H; h++) {
      const colOffset = (<usize>b * <usize>T * ld + <usize>h * <usize>dh) << 2;
      const q = qkv + colOffset;
      const k = q + (<usize>D << 2);
      const v = q + (<usize>(2 * D) << 2);
      const dq = dqkv + colOffset;
      const dk = dq + (<usize>D << 2);
      const dv = dq + (<usize>(2 * D) << 2);
      const bh = <usize>b * <usize>H + <usize>h;
      const p = probs + ((bh * TT) << 2);
      const m = mask + ((bh * TT) << 2);
      const dO = dOut + ((<usize>b * <usize>T * <usize>D + <usize>h * <usize>dh) << 2);
      let a = p;
      if (dropout != 0) {
        let e: usize = 0;
        for (; e + 4 <= TT; e += 4) v128.store(dropped + (e << 2), f32x4.mul(v128.load(p + (e << 2)), v128.load(m + (e << 2))));
        for (; e < TT; e++) store<f32>(dropped + (e << 2), load<f32>(p + (e << 2)) * load<f32>(m + (e << 2)));
        a = dropped;
      }
      // dV (+)= P'ᵀ dO (row j sums over i >= j only) ; dP' = dO Vᵀ (only j <= i is ever read)
      gemm(T, dh, T, a, 1, T, dO, D, 1, dv, ld, accumulate, 0, CAUSAL_DEPTH_FROM, scratch, 0);
      gemm(T, T, dh, dO, D, 1, v, 1, ld, dDropped, T, 0, 0, CAUSAL_COLUMNS, scratch, 0);
      // dS = P ⊙ (dP - Σ P ⊙ dP) · scale with dP = dP' ⊙ M; zero right of the diagonal.
      for (let i = 0; i < T; i++) {
        const row = <usize>i * <usize>T;
        const pr = p + (row << 2);
        const mr = m + (row << 2);
        const gr = dDropped + (row << 2);
        const sr = dS + (row << 2);
        const rowLen = i + 1;
        let vs = f32x4.splat(0);
        let j = 0;
        for (; j < rowLen && j + 4 <= T; j += 4) {
          const o = <usize>j << 2;
          let g = v128.load(gr + o);
          if (dropout != 0) g = f32x4.mul(g, v128.load(mr + o));
          vs = f32x4.add(vs, f32x4.mul(v128.load(pr + o), g));
        }
        let s = hsum(vs);
        for (let t = j; t < rowLen; t++) {
          const o = <usize>t << 2;
          let g = load<f32>(gr + o);
          if (dropout != 0) g *= load<f32>(mr + o);
          s += load<f32>(pr + o) * g;
        }
        const vsum = f32x4.splat(s);
        const vscale = f32x4.splat(scale);
        j = 0;
        for (; j < rowLen && j + 4 <= T; j += 4) {
          const o = <usize>j << 2;
          let g = v128.load(gr + o);
          if (dropout != 0) g = f32x4.mul(g, v128.load(mr + o));
          v128.store(sr + o, f32x4.mul(f32x4.mul(v128.load(pr + o), f32x4.sub(g, vsum)), vscale));
        }
        for (let t = j; t < rowLen; t++) {
          const o = <usize>t << 2;
          let g = load<f32>(gr + o);
          if (dropout != 0) g *= load<f32>(mr + o);
          store<f32>(sr + o, load<f32>(pr + o) * (g - s) * scale);
        }
        const end = max(j, rowLen);
        if (end < T) memory.fill(sr + (<usize>end << 2), 0, <usize>(T - end) << 2);
      }
      // dQ (+)= dS K over k <= i ; dK (+)= dSᵀ Q over i >= j
      gemm(T, dh, T, dS, T, 1, k, ld, 1, dq, ld, accumulate, 0, CAUSAL_DEPTH, scratch, 0);
      gemm(T, dh, T, dS, 1, T, q, ld, 1, dk, ld, accumulate, 0, CAUSAL_DEPTH_FROM, scratch, 0);
    }
  }
}

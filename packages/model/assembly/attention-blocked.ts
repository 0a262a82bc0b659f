// Fast path of attention.ts for head widths that are a multiple of 8 (the model's dh = 32): each (sequence, head)
// is processed in blocks of four query rows with 4x8 register tiles that read Q, K, V, dO straight from their
// strided rows, instead of calling gemm (which packs B, pads ragged 50-wide panels and makes four passes over P).
// Per block, scores -> softmax -> dropout -> P'·V happen while the block is in L1, and dropout hashes only the
// causal triangle j <= i. Rows of P and M are written only up to the end of the 4-wide block holding the diagonal
// (0 right of the diagonal inside it); the rest is never read by the backward below, and skipping it saves about
// 2 MB of stores per call at the model's shape. Kept bits are those dropout.ts draws: element (b,h,i,j) uses
// counter base + ((b·H+h)·T+i)·T+j, so masks match the TypeScript reference wherever P is non-zero.
import { exp4, hmax, hsum, madd, touch } from './simd';
import { keepMask } from './dropout';

/** Keys rounded up to a whole number of 8-wide tiles: the row stride of every scratch matrix here. */
// @ts-ignore: decorator
@inline function paddedKeys(T: i32): i32 {
  return (T + 7) & ~7;
}

/** Scratch bytes the blocked path needs; attention.ts takes this path only when they fit its scratch. */
export function blockedScratchBytes(T: i32, dh: i32): i32 {
  const Tp = paddedKeys(T);
  // transposed K or V [dh x Tp] | two 4-row blocks | P' and dS [T x Tp] (backward) | key mask [Tp]
  return (dh * Tp + 8 * Tp + 2 * T * Tp + Tp) * 4 + 64;
}

/** Lanes j..j+3 whose index is <= i: -1 (all bits) or 0. */
// @ts-ignore: decorator
@inline function upTo(j: i32, i: i32): v128 {
  return i32x4.le_s(i32x4.add(i32x4.splat(j), i32x4(0, 1, 2, 3)), i32x4.splat(i));
}

/** Four floats at row[j..j+4) of a row of T floats; lanes at or past T read as 0 (never past the row's end). */
// @ts-ignore: decorator
@inline function loadRow(row: usize, j: i32, T: i32): v128 {
  const p = row + (<usize>j << 2);
  if (j + 4 <= T) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p)); // j < T always holds for the blocks that reach here
  if (j + 1 < T) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (j + 2 < T) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores lanes of v into row[j..j+4) that lie before T. */
// @ts-ignore: decorator
@inline function storeRow(row: usize, j: i32, T: i32, v: v128): void {
  const p = row + (<usize>j << 2);
  if (j + 4 <= T) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (j + 1 < T) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (j + 2 < T) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Zeros row[from..T) of a row of T floats. */
// @ts-ignore: decorator
@inline function zeroRowFrom(row: usize, from: i32, T: i32): void {
  let j = from;
  const z = f32x4.splat(0);
  for (; j + 4 <= T; j += 4) v128.store(row + (<usize>j << 2), z);
  for (; j < T; j++) store<f32>(row + (<usize>j << 2), 0);
}

/**
 * out[r, 0..8) (+)= Σ_{k0 <= k < k1} A(r, k) · B(k, 0..8) for r < rows (1..4).
 * A(r, k) at a + 4·(r·ra + k·ca) (ra = 1 reads a transposed matrix); B(k, c) at b + 4·(k·rb + c).
 * Missing rows reuse the last real row's pointer, so nothing past the matrices is read, and are not stored.
 */
// @ts-ignore: decorator
@inline function tile4x8(a: usize, ra: usize, ca: usize, rows: i32, b: usize, rb: usize, k0: i32, k1: i32,
  out: usize, ldo: usize, accumulate: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const rowBytes = ra << 2;
  const sa = ca << 2;
  const sb = rb << 2;
  let p0 = a + <usize>k0 * sa;
  let p1 = p0 + <usize>min(1, rows - 1) * rowBytes;
  let p2 = p0 + <usize>min(2, rows - 1) * rowBytes;
  let p3 = p0 + <usize>min(3, rows - 1) * rowBytes;
  let pb = b + <usize>k0 * sb;
  for (let k = k0; k < k1; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load32_splat(p0);
    c00 = madd(av, b0, c00); c01 = madd(av, b1, c01);
    av = v128.load32_splat(p1);
    c10 = madd(av, b0, c10); c11 = madd(av, b1, c11);
    av = v128.load32_splat(p2);
    c20 = madd(av, b0, c20); c21 = madd(av, b1, c21);
    av = v128.load32_splat(p3);
    c30 = madd(av, b0, c30); c31 = madd(av, b1, c31);
    p0 += sa; p1 += sa; p2 += sa; p3 += sa; pb += sb;
  }
  const lo = ldo << 2;
  if (accumulate != 0) {
    c00 = f32x4.add(c00, v128.load(out)); c01 = f32x4.add(c01, v128.load(out, 16));
    if (rows > 1) { c10 = f32x4.add(c10, v128.load(out + lo)); c11 = f32x4.add(c11, v128.load(out + lo, 16)); }
    if (rows > 2) { c20 = f32x4.add(c20, v128.load(out + 2 * lo)); c21 = f32x4.add(c21, v128.load(out + 2 * lo, 16)); }
    if (rows > 3) { c30 = f32x4.add(c30, v128.load(out + 3 * lo)); c31 = f32x4.add(c31, v128.load(out + 3 * lo, 16)); }
  }
  v128.store(out, c00); v128.store(out, c01, 16);
  if (rows > 1) { v128.store(out + lo, c10); v128.store(out + lo, c11, 16); }
  if (rows > 2) { v128.store(out + 2 * lo, c20); v128.store(out + 2 * lo, c21, 16); }
  if (rows > 3) { v128.store(out + 3 * lo, c30); v128.store(out + 3 * lo, c31, 16); }
}

/** dst[d, j] = src[j, d] for j < T, d < dh (dh % 4 == 0): src rows ld floats apart, dst rows Tp apart. */
// @ts-ignore: decorator
@inline function transposeInto(src: usize, ld: usize, T: i32, dh: i32, dst: usize, Tp: i32): void {
  const rowBytes = ld << 2;
  const dstRow = <usize>Tp << 2;
  let j = 0;
  for (; j + 4 <= T; j += 4) {
    const s = src + <usize>j * rowBytes;
    for (let d = 0; d < dh; d += 4) {
      const o = <usize>d << 2;
      const r0 = v128.load(s + o), r1 = v128.load(s + rowBytes + o);
      const r2 = v128.load(s + 2 * rowBytes + o), r3 = v128.load(s + 3 * rowBytes + o);
      const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
      const t2 = i32x4.shuffle(r0, r1, 2, 6, 3, 7), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      const q = dst + <usize>d * dstRow + (<usize>j << 2);
      v128.store(q, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
      v128.store(q + dstRow, i32x4.shuffle(t0, t1, 2, 3, 6, 7));
      v128.store(q + 2 * dstRow, i32x4.shuffle(t2, t3, 0, 1, 4, 5));
      v128.store(q + 3 * dstRow, i32x4.shuffle(t2, t3, 2, 3, 6, 7));
    }
  }
  for (; j < T; j++) {
    for (let d = 0; d < dh; d++) store<f32>(dst + <usize>d * dstRow + (<usize>j << 2), load<f32>(src + <usize>j * rowBytes + (<usize>d << 2)));
  }
}

/**
 * Row i of the probabilities from its scores s (Tp-wide scratch row): masked, scaled softmax over keys j <= i with
 * keyOk[j] set; P goes to prow (T floats), the dropout mask to mrow and P ⊙ M to xrow (scratch, the block's A).
 */
// @ts-ignore: decorator
@inline function softmaxDropRow(s: usize, keyOk: usize, i: i32, T: i32, scale: f32, prow: usize, mrow: usize, xrow: usize,
  threshold: u32, dropScale: f32, key: u32, counter: u32): void {
  const blocks = (i + 4) >> 2;
  const minusInf = f32x4.splat(-Infinity);
  let vmax = minusInf;
  for (let b = 0; b < blocks; b++) {
    const o = <usize>b << 4;
    const ok = v128.and(v128.load(keyOk + o), upTo(b << 2, i));
    vmax = f32x4.pmax(vmax, v128.bitselect(v128.load(s + o), minusInf, ok));
  }
  const m = hmax(vmax);
  if (m == -Infinity) {
    // Every visible key is padding: the row attends to nothing and its output is zero.
    zeroRowFrom(prow, 0, T);
    if (threshold > 0) zeroRowFrom(mrow, 0, T);
    zeroRowFrom(xrow, 0, blocks << 2);
    return;
  }
  const vm = f32x4.splat(m);
  const vscale = f32x4.splat(scale);
  let vsum = f32x4.splat(0);
  for (let b = 0; b < blocks; b++) {
    const o = <usize>b << 4;
    const ok = v128.and(v128.load(keyOk + o), upTo(b << 2, i));
    const e = v128.and(exp4(f32x4.mul(f32x4.sub(v128.load(s + o), vm), vscale)), ok);
    v128.store(s + o, e);
    vsum = f32x4.add(vsum, e);
  }
  const inv = f32x4.splat(1 / hsum(vsum));
  if (threshold > 0) {
    const vkey = i32x4.splat(key);
    const vthr = i32x4.splat(threshold);
    const vdrop = f32x4.splat(dropScale);
    let c = i32x4.add(i32x4.splat(counter), i32x4(0, 1, 2, 3));
    for (let b = 0; b < blocks; b++) {
      const o = <usize>b << 4;
      const j = b << 2;
      const p = f32x4.mul(v128.load(s + o), inv);
      // Right of the diagonal the mask is stored as 0: P is 0 there, so the backward never needs those bits.
      const mk = v128.and(v128.and(keepMask(c, vkey, vthr), vdrop), upTo(j, i));
      storeRow(prow, j, T, p);
      storeRow(mrow, j, T, mk);
      v128.store(xrow + o, f32x4.mul(p, mk));
      c = i32x4.add(c, i32x4.splat(4));
    }
  } else {
    for (let b = 0; b < blocks; b++) {
      const o = <usize>b << 4;
      const p = f32x4.mul(v128.load(s + o), inv);
      storeRow(prow, b << 2, T, p);
      v128.store(xrow + o, p);
    }
  }
}

/** attentionForward for dh % 8 == 0; same contract, scratch of blockedScratchBytes(T, dh) bytes. */
export function attentionForwardBlocked(qkv: usize, ids: usize, out: usize, probs: usize, mask: usize, B: i32, T: i32, H: i32, dh: i32,
  scale: f32, threshold: u32, dropScale: f32, key: u32, counterBase: u32, scratch: usize): void {
  const D = H * dh;
  const ld = <usize>(3 * D);
  const TT = <usize>T * <usize>T;
  const Tp = paddedKeys(T);
  const rowBytes = <usize>Tp << 2;
  const kt = scratch; // [dh x Tp]: this head's keys, transposed
  const sBlock = kt + <usize>dh * rowBytes; // [4 x Tp]: scores, then exponentials, of the current row block
  const xBlock = sBlock + 4 * rowBytes; // [4 x Tp]: P ⊙ M of the current row block
  const keyOk = xBlock + 4 * rowBytes; // [Tp]: -1 where the key is a real item
  // Key columns past T stay 0 in every head, so the last tile's spare lanes stay finite.
  memory.fill(kt, 0, <usize>dh * rowBytes);
  memory.fill(keyOk, 0, rowBytes);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) store<i32>(keyOk + (<usize>t << 2), load<i32>(ids + ((<usize>b * <usize>T + <usize>t) << 2)) != 0 ? -1 : 0);
    touch(qkv + ((<usize>b * <usize>T * ld) << 2), (<usize>T * ld) << 2, sBlock);
    for (let h = 0; h < H; h++) {
      const q = qkv + ((<usize>b * <usize>T * ld + <usize>h * <usize>dh) << 2);
      const k = q + (<usize>D << 2);
      const v = q + (<usize>(2 * D) << 2);
      const bh = <usize>b * <usize>H + <usize>h;
      const p = probs + ((bh * TT) << 2);
      const m = mask + ((bh * TT) << 2);
      const o = out + ((<usize>b * <usize>T * <usize>D + <usize>h * <usize>dh) << 2);
      transposeInto(k, ld, T, dh, kt, Tp);
      for (let i0 = 0; i0 < T; i0 += 4) {
        const rows = min(4, T - i0);
        const keys = i0 + rows; // rows i0.. see keys j < i0 + rows only
        const qRows = q + ((<usize>i0 * ld) << 2);
        for (let j0 = 0; j0 < keys; j0 += 8) tile4x8(qRows, ld, 1, rows, kt + (<usize>j0 << 2), <usize>Tp, 0, dh, sBlock + (<usize>j0 << 2), <usize>Tp, 0);
        for (let r = 0; r < rows; r++) {
          const i = i0 + r;
          const rowOffset = (<usize>i * <usize>T) << 2;
          softmaxDropRow(sBlock + <usize>r * rowBytes, keyOk, i, T, scale, p + rowOffset, m + rowOffset, xBlock + <usize>r * rowBytes,
            threshold, dropScale, key, counterBase + <u32>(bh * TT) + <u32>(i * T));
        }
        const oRows = o + ((<usize>i0 * <usize>D) << 2);
        for (let c = 0; c < dh; c += 8) tile4x8(xBlock, <usize>Tp, 1, rows, v + (<usize>c << 2), ld, 0, keys, oRows + (<usize>c << 2), <usize>D, 0);
      }
    }
  }
}

/** attentionBackward for dh % 8 == 0; same contract, scratch of blockedScratchBytes(T, dh) bytes. */
export function attentionBackwardBlocked(qkv: usize, probs: usize, mask: usize, dOut: usize, dqkv: usize, B: i32, T: i32, H: i32, dh: i32,
  scale: f32, dropout: i32, scratch: usize, accumulate: i32): void {
  const D = H * dh;
  const ld = <usize>(3 * D);
  const TT = <usize>T * <usize>T;
  const Tp = paddedKeys(T);
  const rowBytes = <usize>Tp << 2;
  const vt = scratch; // [dh x Tp]: this head's values, transposed
  const gBlock = vt + <usize>dh * rowBytes; // [4 x Tp]: dP' = dO Vᵀ of the current row block
  const xAll = gBlock + 8 * rowBytes; // [T x Tp]: P' = P ⊙ M, zero right of the diagonal
  const sAll = xAll + <usize>T * rowBytes; // [T x Tp]: dS, zero right of the diagonal
  memory.fill(vt, 0, <usize>dh * rowBytes);
  const vscale = f32x4.splat(scale);
  for (let b = 0; b < B; b++) {
    const seq = <usize>b * <usize>T;
    touch(qkv + ((seq * ld) << 2), (<usize>T * ld) << 2, gBlock);
    touch(dqkv + ((seq * ld) << 2), (<usize>T * ld) << 2, gBlock);
    touch(dOut + ((seq * <usize>D) << 2), (<usize>T * <usize>D) << 2, gBlock);
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
      transposeInto(v, ld, T, dh, vt, Tp);
      // Row blocks: dP' = dO Vᵀ, then dS = (P' ⊙ dP' - P · Σ_j P' ⊙ dP') · scale (dP = dP' ⊙ M, P ⊙ M = P'),
      // then dQ (+)= dS K over keys j <= i.
      for (let i0 = 0; i0 < T; i0 += 4) {
        const rows = min(4, T - i0);
        const keys = i0 + rows;
        const dORows = dO + ((<usize>i0 * <usize>D) << 2);
        for (let j0 = 0; j0 < keys; j0 += 8) tile4x8(dORows, <usize>D, 1, rows, vt + (<usize>j0 << 2), <usize>Tp, 0, dh, gBlock + (<usize>j0 << 2), <usize>Tp, 0);
        for (let r = 0; r < rows; r++) {
          const i = i0 + r;
          const pr = p + ((<usize>i * <usize>T) << 2);
          const mr = m + ((<usize>i * <usize>T) << 2);
          const gr = gBlock + <usize>r * rowBytes;
          const xr = xAll + <usize>i * rowBytes;
          const sr = sAll + <usize>i * rowBytes;
          const blocks = (i + 4) >> 2;
          let vs = f32x4.splat(0);
          for (let bk = 0; bk < blocks; bk++) {
            const j = bk << 2;
            const o = <usize>j << 2;
            let x = loadRow(pr, j, T);
            if (dropout != 0) x = f32x4.mul(x, loadRow(mr, j, T));
            // dP' right of the diagonal is never defined; masking after the product also drops any non-finite value.
            const xg = v128.and(f32x4.mul(x, v128.load(gr + o)), upTo(j, i));
            v128.store(xr + o, x);
            v128.store(sr + o, xg);
            vs = f32x4.add(vs, xg);
          }
          const sum = f32x4.splat(hsum(vs));
          for (let bk = 0; bk < blocks; bk++) {
            const j = bk << 2;
            const o = <usize>j << 2;
            v128.store(sr + o, f32x4.mul(f32x4.sub(v128.load(sr + o), f32x4.mul(loadRow(pr, j, T), sum)), vscale));
          }
        }
      }
      for (let i0 = 0; i0 < T; i0 += 4) {
        const rows = min(4, T - i0);
        const keys = i0 + rows;
        const sRows = sAll + <usize>i0 * rowBytes;
        const dqRows = dq + ((<usize>i0 * ld) << 2);
        for (let c = 0; c < dh; c += 8) tile4x8(sRows, <usize>Tp, 1, rows, k + (<usize>c << 2), ld, 0, keys, dqRows + (<usize>c << 2), ld, accumulate);
      }
      // Key blocks: dK (+)= dSᵀ Q and dV (+)= P'ᵀ dO over queries i >= j (both zero above the diagonal).
      for (let j0 = 0; j0 < T; j0 += 4) {
        const rows = min(4, T - j0);
        const dkRows = dk + ((<usize>j0 * ld) << 2);
        const dvRows = dv + ((<usize>j0 * ld) << 2);
        const sCols = sAll + (<usize>j0 << 2);
        const xCols = xAll + (<usize>j0 << 2);
        for (let c = 0; c < dh; c += 8) {
          tile4x8(sCols, 1, <usize>Tp, rows, q + (<usize>c << 2), ld, j0, T, dkRows + (<usize>c << 2), ld, accumulate);
          tile4x8(xCols, 1, <usize>Tp, rows, dO + (<usize>c << 2), <usize>D, j0, T, dvRows + (<usize>c << 2), ld, accumulate);
        }
      }
    }
  }
}

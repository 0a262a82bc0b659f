// Matrix multiply for every dense product of the model: C[M,N] = (accumulate ? C : 0) + A·B (+ bias).
// A(i,k) lives at a + 4*(i*rsA + k*csA), so a transposed A costs nothing; B(k,j) at b + 4*(k*rsB + j*csB).
// B is packed, per block of KC rows, into contiguous panels 12 or 8 columns wide. A 3x12 block of C (nine v128
// accumulators) does 9 multiply-adds per 6 loads; a 4x8 block (eight) covers widths 12 cannot. Larger blocks
// spill on V8's 15 usable xmm registers (measured: 5x8 runs at half speed).
import { madd } from './simd';

/** K rows per block: the packed block of B and the A rows it meets stay in L1/L2. */
const KC: i32 = 256;
/** Widest B packed whole: [KC x 264] floats (264 KiB) sit in the 512 KiB L2 while row blocks of A stream past. */
const PACK_N: i32 = 256;
const PACK_COLUMNS: i32 = 264;
/** Rows of A per block, a multiple of both tile heights (3 and 4) so only the last block has ragged rows. */
const MC: i32 = 48;
/** Bytes of scratch gemm needs: the packed B block plus a staging row for ragged edges. */
export const GEMM_SCRATCH_BYTES: i32 = KC * PACK_COLUMNS * 4 + 64;

/** causal bit 1: row i needs only columns j <= i (attention scores). */
export const CAUSAL_COLUMNS: i32 = 1;
/** causal bit 2: row i needs only k <= i (probabilities times values). */
export const CAUSAL_DEPTH: i32 = 2;
/** causal bit 4: row i needs only k >= i (transposed probabilities times output gradients: dV, dK). */
export const CAUSAL_DEPTH_FROM: i32 = 4;

/** Copies B's panel [kk x w] to dst as [kk x W] (zero-padded to width W); with colSums != 0 adds column sums there. */
// @ts-ignore: decorator
@inline function packPanel(b: usize, rsB: usize, csB: usize, kk: i32, w: i32, W: i32, dst: usize, colSums: usize): void {
  const rowBytes = <usize>W << 2;
  const step = rsB << 2;
  if (csB == 1 && w == W) {
    let s = b;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0);
    let d = dst;
    for (let k = 0; k < kk; k++) {
      const v0 = v128.load(s);
      const v1 = v128.load(s, 16);
      v128.store(d, v0);
      v128.store(d, v1, 16);
      s0 = f32x4.add(s0, v0);
      s1 = f32x4.add(s1, v1);
      if (W == 12) {
        const v2 = v128.load(s, 32);
        v128.store(d, v2, 32);
        s2 = f32x4.add(s2, v2);
      }
      s += step;
      d += rowBytes;
    }
    if (colSums != 0) {
      v128.store(colSums, f32x4.add(v128.load(colSums), s0));
      v128.store(colSums, f32x4.add(v128.load(colSums, 16), s1), 16);
      if (W == 12) v128.store(colSums, f32x4.add(v128.load(colSums, 32), s2), 32);
    }
    return;
  }
  for (let j = 0; j < W; j++) {
    const d = dst + (<usize>j << 2);
    if (j < w) {
      let s = b + ((<usize>j * csB) << 2);
      let sum: f32 = 0;
      for (let k = 0; k < kk; k++) {
        const v = load<f32>(s);
        store<f32>(d + <usize>k * rowBytes, v);
        sum += v;
        s += step;
      }
      if (colSums != 0) store<f32>(colSums + (<usize>j << 2), load<f32>(colSums + (<usize>j << 2)) + sum);
    } else {
      for (let k = 0; k < kk; k++) store<f32>(d + <usize>k * rowBytes, 0);
    }
  }
}

/** Writes one row of a finished block (n = 2 or 3 vectors): full width stores directly, ragged goes through `stage`. */
// @ts-ignore: decorator
@inline function storeRow(c: usize, v0: v128, v1: v128, v2: v128, W: i32, w: i32, beta: i32, bias: usize, stage: usize): void {
  if (w == W) {
    if (bias != 0) {
      v0 = f32x4.add(v0, v128.load(bias));
      v1 = f32x4.add(v1, v128.load(bias, 16));
      if (W == 12) v2 = f32x4.add(v2, v128.load(bias, 32));
    }
    if (beta != 0) {
      v0 = f32x4.add(v0, v128.load(c));
      v1 = f32x4.add(v1, v128.load(c, 16));
      if (W == 12) v2 = f32x4.add(v2, v128.load(c, 32));
    }
    v128.store(c, v0);
    v128.store(c, v1, 16);
    if (W == 12) v128.store(c, v2, 32);
    return;
  }
  v128.store(stage, v0);
  v128.store(stage, v1, 16);
  v128.store(stage, v2, 32);
  for (let j = 0; j < w; j++) {
    const o = <usize>j << 2;
    let v = load<f32>(stage + o);
    if (bias != 0) v += load<f32>(bias + o);
    if (beta != 0) v += load<f32>(c + o);
    store<f32>(c + o, v);
  }
}

// @ts-ignore: decorator
@inline function tile4x8(a: usize, rsA: usize, csA: usize, pb: usize, kk: i32, c: usize, ldc: usize, w: i32, beta: i32, bias: usize, stage: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const sa = csA << 2;
  let p = pb;
  if (rsA == 1) {
    // Transposed A (weight gradients): the four rows' values at k are adjacent, one pointer serves all.
    let pa = a;
    for (let k = 0; k < kk; k++) {
      const b0 = v128.load(p);
      const b1 = v128.load(p, 16);
      let av = v128.load32_splat(pa);
      c00 = madd(av, b0, c00); c01 = madd(av, b1, c01);
      av = v128.load32_splat(pa, 4);
      c10 = madd(av, b0, c10); c11 = madd(av, b1, c11);
      av = v128.load32_splat(pa, 8);
      c20 = madd(av, b0, c20); c21 = madd(av, b1, c21);
      av = v128.load32_splat(pa, 12);
      c30 = madd(av, b0, c30); c31 = madd(av, b1, c31);
      pa += sa; p += 32;
    }
  } else {
    const ra = rsA << 2;
    let p0 = a, p1 = a + ra, p2 = a + 2 * ra, p3 = a + 3 * ra;
    for (let k = 0; k < kk; k++) {
      const b0 = v128.load(p);
      const b1 = v128.load(p, 16);
      let av = v128.load32_splat(p0);
      c00 = madd(av, b0, c00); c01 = madd(av, b1, c01);
      av = v128.load32_splat(p1);
      c10 = madd(av, b0, c10); c11 = madd(av, b1, c11);
      av = v128.load32_splat(p2);
      c20 = madd(av, b0, c20); c21 = madd(av, b1, c21);
      av = v128.load32_splat(p3);
      c30 = madd(av, b0, c30); c31 = madd(av, b1, c31);
      p0 += sa; p1 += sa; p2 += sa; p3 += sa; p += 32;
    }
  }
  const lc = ldc << 2;
  const z = f32x4.splat(0);
  storeRow(c, c00, c01, z, 8, w, beta, bias, stage);
  storeRow(c + lc, c10, c11, z, 8, w, beta, bias, stage);
  storeRow(c + 2 * lc, c20, c21, z, 8, w, beta, bias, stage);
  storeRow(c + 3 * lc, c30, c31, z, 8, w, beta, bias, stage);
}

// @ts-ignore: decorator
@inline function tile3x12(a: usize, rsA: usize, csA: usize, pb: usize, kk: i32, c: usize, ldc: usize, w: i32, beta: i32, bias: usize, stage: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c22 = f32x4.splat(0);
  const sa = csA << 2;
  let p = pb;
  if (rsA == 1) {
    let pa = a;
    for (let k = 0; k < kk; k++) {
      const b0 = v128.load(p);
      const b1 = v128.load(p, 16);
      const b2 = v128.load(p, 32);
      let av = v128.load32_splat(pa);
      c00 = madd(av, b0, c00); c01 = madd(av, b1, c01); c02 = madd(av, b2, c02);
      av = v128.load32_splat(pa, 4);
      c10 = madd(av, b0, c10); c11 = madd(av, b1, c11); c12 = madd(av, b2, c12);
      av = v128.load32_splat(pa, 8);
      c20 = madd(av, b0, c20); c21 = madd(av, b1, c21); c22 = madd(av, b2, c22);
      pa += sa; p += 48;
    }
  } else {
    const ra = rsA << 2;
    let p0 = a, p1 = a + ra, p2 = a + 2 * ra;
    for (let k = 0; k < kk; k++) {
      const b0 = v128.load(p);
      const b1 = v128.load(p, 16);
      const b2 = v128.load(p, 32);
      let av = v128.load32_splat(p0);
      c00 = madd(av, b0, c00); c01 = madd(av, b1, c01); c02 = madd(av, b2, c02);
      av = v128.load32_splat(p1);
      c10 = madd(av, b0, c10); c11 = madd(av, b1, c11); c12 = madd(av, b2, c12);
      av = v128.load32_splat(p2);
      c20 = madd(av, b0, c20); c21 = madd(av, b1, c21); c22 = madd(av, b2, c22);
      p0 += sa; p1 += sa; p2 += sa; p += 48;
    }
  }
  const lc = ldc << 2;
  storeRow(c, c00, c01, c02, 12, w, beta, bias, stage);
  storeRow(c + lc, c10, c11, c12, 12, w, beta, bias, stage);
  storeRow(c + 2 * lc, c20, c21, c22, 12, w, beta, bias, stage);
}

/** One row against a panel of width W (ragged rows at the bottom of C). */
// @ts-ignore: decorator
@inline function tile1(a: usize, csA: usize, pb: usize, W: i32, kk: i32, c: usize, w: i32, beta: i32, bias: usize, stage: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0);
  const sa = csA << 2;
  const sb = <usize>W << 2;
  let pa = a;
  let p = pb;
  for (let k = 0; k < kk; k++) {
    const av = v128.load32_splat(pa);
    c0 = madd(av, v128.load(p), c0);
    c1 = madd(av, v128.load(p, 16), c1);
    if (W == 12) c2 = madd(av, v128.load(p, 32), c2);
    pa += sa; p += sb;
  }
  storeRow(c, c0, c1, c2, W, w, beta, bias, stage);
}

/** Zero (+ bias) rows that a causal limit leaves with no terms, so C is still fully defined there. */
// @ts-ignore: decorator
@inline function emptyRows(c: usize, ldc: usize, rows: i32, W: i32, w: i32, beta: i32, bias: usize, stage: usize): void {
  if (beta != 0) return;
  const z = f32x4.splat(0);
  for (let r = 0; r < rows; r++) storeRow(c + ((<usize>r * ldc) << 2), z, z, z, W, w, 0, bias, stage);
}

/** Runs rows [i0, i1) of C against one packed panel (columns j0 .. j0+w, stored W wide). */
// @ts-ignore: decorator
@inline function panelRows(i0: i32, i1: i32, M: i32, j0: i32, W: i32, w: i32, k0: i32, kk: i32, a: usize, rsA: usize, csA: usize, pb: usize,
  c: usize, ldc: usize, beta: i32, bias: usize, causal: i32, stage: usize): void {
  const R = W == 12 ? 3 : 4;
  let i = i0;
  for (; i + R <= i1; i += R) {
    // Causal column limit: rows [i, i+R) need columns j <= i+R-1, so panels right of the diagonal are skipped.
    if ((causal & CAUSAL_COLUMNS) != 0 && j0 > i + R - 1) continue;
    let depth = kk;
    let from = 0;
    if ((causal & CAUSAL_DEPTH) != 0) depth = min(kk, i + R - k0);
    if ((causal & CAUSAL_DEPTH_FROM) != 0) from = min(kk, max(0, i - k0));
    const cBlock = c + ((<usize>i * ldc + <usize>j0) << 2);
    if (depth - from <= 0) {
      emptyRows(cBlock, ldc, R, W, w, beta, bias, stage);
      continue;
    }
    const aBlock = a + ((<usize>i * rsA + <usize>(k0 + from) * csA) << 2);
    const pFrom = pb + <usize>from * (<usize>W << 2);
    if (W == 12) tile3x12(aBlock, rsA, csA, pFrom, depth - from, cBlock, ldc, w, beta, bias, stage);
    else tile4x8(aBlock, rsA, csA, pFrom, depth - from, cBlock, ldc, w, beta, bias, stage);
  }
  if (i1 < M) return; // ragged rows only occur in the last row block
  for (; i < i1; i++) {
    if ((causal & CAUSAL_COLUMNS) != 0 && j0 > i) continue;
    let depth = kk;
    let from = 0;
    if ((causal & CAUSAL_DEPTH) != 0) depth = min(kk, i + 1 - k0);
    if ((causal & CAUSAL_DEPTH_FROM) != 0) from = min(kk, max(0, i - k0));
    const cRow = c + ((<usize>i * ldc + <usize>j0) << 2);
    if (depth - from <= 0) {
      emptyRows(cRow, ldc, 1, W, w, beta, bias, stage);
      continue;
    }
    const aRow = a + ((<usize>i * rsA + <usize>(k0 + from) * csA) << 2);
    tile1(aRow, csA, pb + <usize>from * (<usize>W << 2), W, depth - from, cRow, w, beta, bias, stage);
  }
}

/** How many trailing 8-wide panels make the rest of N a multiple of 12 (so no panel is ragged), if any do. */
// @ts-ignore: decorator
@inline function eightWidePanels(N: i32): i32 {
  for (let n8 = 0; n8 <= 2; n8++) if (N - 8 * n8 >= 0 && (N - 8 * n8) % 12 == 0) return n8;
  return N % 12 <= 8 ? 1 : 0;
}

/**
 * C = (accumulate ? C : 0) + A·B + bias, all f32, row-major C with leading dimension ldc.
 * bias: 0 for none, else a pointer to N floats added to every row. causal: CAUSAL_* bits for square attention
 * blocks; with CAUSAL_COLUMNS, entries right of the diagonal's panel are left unwritten; with CAUSAL_DEPTH
 * (CAUSAL_DEPTH_FROM) A must hold zeros right (left) of its diagonal, as rows skip those k.
 * scratch: GEMM_SCRATCH_BYTES of memory this call may overwrite.
 * colSums: 0, or N floats that receive += Σ_k B(k, j): a linear layer's bias gradient comes free with dW = xᵀ·dy.
 */
export function gemm(M: i32, N: i32, K: i32, a: usize, rsA: usize, csA: usize, b: usize, rsB: usize, csB: usize,
  c: usize, ldc: usize, accumulate: i32, bias: usize, causal: i32, scratch: usize, colSums: usize): void {
  const stage = scratch + <usize>(KC * PACK_COLUMNS * 4);
  if (K == 0) {
    // An empty product still defines C: only the bias (or the old C) remains.
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        const o = c + ((<usize>i * ldc + <usize>j) << 2);
        const prev: f32 = accumulate != 0 ? load<f32>(o) : 0;
        store<f32>(o, prev + (bias != 0 ? load<f32>(bias + (<usize>j << 2)) : 0));
      }
    }
    return;
  }
  // Panels: 12 wide up to `split`, then 8 wide.
  const split = N - 8 * eightWidePanels(N);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kk = min(KC, K - k0);
    const beta = k0 > 0 ? 1 : accumulate;
    const biasHere: usize = k0 > 0 ? 0 : bias;
    const bBlock = b + ((<usize>k0 * rsB) << 2);
    if (N <= PACK_N) {
      // Pack every panel of this K block once; then each row block of A meets all panels while it is in cache.
      for (let j0 = 0; j0 < N;) {
        const W = j0 < split ? 12 : 8;
        const w = min(W, N - j0);
        packPanel(bBlock + ((<usize>j0 * csB) << 2), rsB, csB, kk, w, W, scratch + ((<usize>j0 * <usize>kk) << 2), colSums != 0 ? colSums + (<usize>j0 << 2) : 0);
        j0 += W;
      }
      for (let i0 = 0; i0 < M; i0 += MC) {
        const i1 = min(M, i0 + MC);
        for (let j0 = 0; j0 < N;) {
          const W = j0 < split ? 12 : 8;
          const biasPanel: usize = biasHere != 0 ? biasHere + (<usize>j0 << 2) : 0;
          panelRows(i0, i1, M, j0, W, min(W, N - j0), k0, kk, a, rsA, csA, scratch + ((<usize>j0 * <usize>kk) << 2), c, ldc, beta, biasPanel, causal, stage);
          j0 += W;
        }
      }
    } else {
      // Wide B (scores against every item): one panel at a time, packed, against all rows.
      for (let j0 = 0; j0 < N;) {
        const W = j0 < split ? 12 : 8;
        const w = min(W, N - j0);
        packPanel(bBlock + ((<usize>j0 * csB) << 2), rsB, csB, kk, w, W, scratch, colSums != 0 ? colSums + (<usize>j0 << 2) : 0);
        const biasPanel: usize = biasHere != 0 ? biasHere + (<usize>j0 << 2) : 0;
        panelRows(0, M, M, j0, W, w, k0, kk, a, rsA, csA, scratch, c, ldc, beta, biasPanel, causal, stage);
        j0 += W;
      }
    }
  }
}

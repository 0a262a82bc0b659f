// The kernel contract both paths implement: the plain TypeScript reference (ts-kernels/) and the WebAssembly SIMD
// kernels (wasm/). Every argument named like a tensor is an element offset into the engine's heap; -1 means
// "none" for optional outputs. Backward kernels add into gradient buffers, or overwrite them when told
// `accumulate = false` (the first writer of a fresh buffer, which then needs no zero-fill).

export type KernelPath = 'typescript' | 'wasm-simd' | 'wasm-relaxed-simd';

export interface AdamStep {
  beta1: number;
  beta2: number;
  /** lr / (1 - β1^t) */
  stepSize: number;
  /** 1 / √(1 - β2^t) */
  invBc2Sqrt: number;
  eps: number;
}

export interface Kernels {
  readonly path: KernelPath;
  /** Elements of scratch an attention call with sequence length T needs (gemm needs less). */
  scratchElements(T: number): number;

  /**
   * C[M,N] = (accumulate ? C : 0) + A·B (+ bias[N]); A(i,k) at a + i·rsA + k·csA, B(k,j) at b + k·rsB + j·csB.
   * colSums (optional): N floats that receive += Σ_k B(k,j), e.g. a bias gradient alongside dW = xᵀ·dy.
   */
  gemm(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number,
    c: number, ldc: number, accumulate: boolean, bias: number, scratch: number, colSums?: number): void;

  /** x[0..n) = 0 */
  zero(x: number, n: number): void;
  /** dst[0..n) = src[0..n) */
  copy(src: number, dst: number, n: number): void;
  add(a: number, b: number, out: number, n: number): void;
  /** dst += alpha · src */
  axpy(dst: number, src: number, alpha: number, n: number): void;
  scale(x: number, alpha: number, n: number): void;
  addBias(y: number, bias: number, rows: number, cols: number): void;
  biasGrad(dy: number, dBias: number, rows: number, cols: number): void;
  rowDot(a: number, b: number, out: number, rows: number, cols: number): void;
  rowDotBackward(g: number, a: number, b: number, da: number, db: number, rows: number, cols: number, accumulateA: boolean, accumulateB: boolean): void;

  gelu(x: number, y: number, n: number): void;
  /** y = GELU(x) and slope = GELU'(x), so the backward pass is mulInto(dy, slope, dx). */
  geluWithSlope(x: number, y: number, slope: number, n: number): void;
  /** dx = (accumulate ? dx : 0) + dy ⊙ scale (GELU's backward from its slope, dropout's from its mask). */
  mulInto(dy: number, scale: number, dx: number, n: number, accumulate: boolean): void;
  relu(x: number, y: number, n: number): void;
  reluBackward(x: number, dy: number, dx: number, n: number, accumulate: boolean): void;

  layerNorm(x: number, gamma: number, beta: number, y: number, mean: number, rstd: number, rows: number, cols: number, eps: number): void;
  layerNormBackward(x: number, gamma: number, mean: number, rstd: number, dy: number, dx: number, dGamma: number, dBeta: number, rows: number, cols: number, accumulate: boolean): void;

  /**
   * sum = dropout(x) + residual (residual −1: none), y = LayerNorm(sum); keeps sum, mean, rstd and, when p > 0, the
   * dropout mask (counter base as in dropout). The post-LN block's "dropout, add, normalise" in one pass.
   */
  residualNorm(x: number, residual: number, mask: number, sum: number, gamma: number, beta: number, y: number, mean: number, rstd: number,
    rows: number, cols: number, eps: number, p: number, key: number, counterBase: number): void;
  /** dResidual (+)= ∂L/∂sum; dx (+)= ∂L/∂sum ⊙ mask (mask −1: none); dGamma, dBeta accumulate; scratch holds one row. */
  residualNormBackward(dy: number, sum: number, gamma: number, mean: number, rstd: number, mask: number, dx: number, dResidual: number,
    dGamma: number, dBeta: number, rows: number, cols: number, accumulateX: boolean, accumulateResidual: boolean, scratch: number): void;

  softmax(x: number, y: number, rows: number, cols: number): void;
  softmaxBackward(y: number, dy: number, dx: number, rows: number, cols: number, accumulate: boolean): void;
  /** Returns Σ −log p[target] over rows whose target (int) is ≥ 0; probs receives the softmax. */
  softmaxCrossEntropy(logits: number, targets: number, probs: number, rows: number, cols: number): number;
  softmaxCrossEntropyBackward(probs: number, targets: number, dLogits: number, rows: number, cols: number, scale: number): void;

  /** y = x · mask with mask = 0 or 1/(1−p) from the counter hash (see assembly/dropout.ts). */
  dropout(x: number, y: number, mask: number, n: number, p: number, key: number, counterBase: number): void;

  gather(table: number, ids: number, out: number, n: number, cols: number): void;
  /** dTable[ids[r]] += dOut[r]; with marks ≥ 0, marks[ids[r]] = 1 (row tracking). */
  scatterAdd(dOut: number, ids: number, dTable: number, n: number, cols: number, marks: number): void;
  /** Zeroes the marked rows in [rowStart, rowEnd) and their marks. */
  clearRows(grad: number, cols: number, marks: number, rowStart: number, rowEnd: number): void;
  /** Adds src's marked rows in [rowStart, rowEnd) into dst, marking them there; clears src's. */
  accumulateRows(src: number, dst: number, cols: number, srcMarks: number, dstMarks: number, rowStart: number, rowEnd: number): void;

  /** Σ over rows with targets[r] > 0 of −log(σ(pos − neg) + 1e−10). */
  bpr(pos: number, neg: number, targets: number, n: number): number;
  bprBackward(pos: number, neg: number, targets: number, n: number, scale: number, dPos: number, dNeg: number): void;

  adam(p: number, g: number, m: number, v: number, n: number, step: AdamStep): void;
  /** Lazy Adam on the marked rows in [rowStart, rowEnd); clears their gradients and marks. */
  adamRows(p: number, g: number, m: number, v: number, cols: number, marks: number, rowStart: number, rowEnd: number, step: AdamStep): void;
  sgd(p: number, g: number, n: number, lr: number): void;
  sgdRows(p: number, g: number, cols: number, marks: number, rowStart: number, rowEnd: number, lr: number): void;

  /** Causal, padding-masked multi-head attention over qkv [B, T, 3·H·dh]; see assembly/attention.ts. */
  attentionForward(qkv: number, ids: number, out: number, probs: number, mask: number, B: number, T: number, H: number, dh: number,
    scale: number, p: number, key: number, counterBase: number, scratch: number): void;
  attentionBackward(qkv: number, probs: number, mask: number, dOut: number, dqkv: number, B: number, T: number, H: number, dh: number,
    scale: number, dropout: boolean, scratch: number, accumulate: boolean): void;
}

import { Graph } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** A matrix read from the heap with strides: element (i, j) at offset + i·rs + j·cs. */
interface View {
  offset: number;
  rs: number;
  cs: number;
}

function view(t: Tensor, transposed: boolean): View {
  const cols = t.shape[1]!;
  return transposed ? { offset: t.offset, rs: 1, cs: cols } : { offset: t.offset, rs: cols, cs: 1 };
}

function flip(v: View): View {
  return { offset: v.offset, rs: v.cs, cs: v.rs };
}

function gemm(g: Graph, M: number, N: number, K: number, a: View, b: View, c: { offset: number; accumulate: boolean }, ldc: number): void {
  g.kernels.gemm(M, N, K, a.offset, a.rs, a.cs, b.offset, b.rs, b.cs, c.offset, ldc, c.accumulate, -1, g.scratch());
}

export interface MatmulOptions {
  /** Read a [K, M] as its transpose. */
  transA?: boolean;
  /** Read b [N, K] as its transpose. */
  transB?: boolean;
}

/** op(a) [M, K] · op(b) [K, N] → [M, N], where op transposes by strides (no copy). */
export function matmul(g: Graph, a: Tensor, b: Tensor, { transA = false, transB = false }: MatmulOptions = {}): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error('matmul takes 2-D tensors');
  const [M, K] = transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [K2, N] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (K !== K2) throw new Error(`matmul: inner sizes differ (${K} vs ${K2})`);
  const opA = view(a, transA);
  const opB = view(b, transB);
  const out = g.output([M, N], a, b); // [M, N]
  gemm(g, M, N, K, opA, opB, { offset: out.offset, accumulate: false }, N);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dC: View = { offset: out.grad.offset, rs: N, cs: 1 };
    if (a.requiresGrad) {
      const dA = g.gradSink(a);
      if (transA) gemm(g, K, M, N, opB, flip(dC), dA, M); // [K, M] = op(b) · dCᵀ
      else gemm(g, M, K, N, dC, flip(opB), dA, K); // [M, K] = dC · op(b)ᵀ
    }
    if (b.requiresGrad) {
      const dB = g.gradSink(b);
      if (transB) gemm(g, N, K, M, flip(dC), opA, dB, K); // [N, K] = dCᵀ · op(a)
      else gemm(g, K, N, M, flip(opA), dC, dB, N); // [K, N] = op(a)ᵀ · dC
    }
  });
  return out;
}

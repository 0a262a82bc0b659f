import { Graph, matrixShape } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** a + b, same shape (residual connections, item + position). */
export function add(g: Graph, a: Tensor, b: Tensor): Tensor {
  if (a.size !== b.size) throw new Error(`add: shapes [${a.shape}] and [${b.shape}] differ`);
  const out = g.output(a.shape, a, b);
  g.kernels.add(a.offset, b.offset, out.offset, out.size);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    if (a.requiresGrad) g.passGradient(out.grad, a);
    if (b.requiresGrad) g.passGradient(out.grad, b);
  });
  return out;
}

/** x + bias broadcast over every row: x [..., n], bias [n]. */
export function addBias(g: Graph, x: Tensor, bias: Tensor): Tensor {
  const { rows, cols } = matrixShape(x);
  if (bias.size !== cols) throw new Error(`addBias: bias has ${bias.size} values for ${cols} columns`);
  const out = g.output(x.shape, x, bias);
  g.kernels.copy(x.offset, out.offset, x.size);
  g.kernels.addBias(out.offset, bias.offset, rows, cols);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    if (x.requiresGrad) g.passGradient(out.grad, x);
    if (bias.requiresGrad) g.kernels.biasGrad(out.grad.offset, g.grad(bias).offset, rows, cols);
  });
  return out;
}

import type { Engine } from './engine.ts';
import type { ArenaMark } from './arena.ts';
import { mixKey } from './hash.ts';
import type { Kernels } from './kernels.ts';
import { IntTensor, Tensor, product, type RowTracker } from './tensor.ts';
import type { Workspace } from './workspace.ts';

export interface GraphOptions {
  /** Dropout is active only while training. */
  training: boolean;
  /** Records nothing for backward (inference, evaluation). */
  noGrad?: boolean;
  /** Dropout masks depend on (seed, step, call order, element): a rerun with the same values is identical. */
  seed?: number;
  step?: number;
  /** Index of this shard's first sequence in the whole batch, so masks do not depend on how a batch is split. */
  batchOffset?: number;
}

/**
 * A define-by-run tape: ops compute their output at once and push a closure that turns the output's gradient
 * into their inputs' gradients. Activations and their gradients live in the workspace arena until dispose().
 */
export class Graph {
  readonly engine: Engine;
  readonly kernels: Kernels;
  readonly training: boolean;
  readonly noGrad: boolean;
  readonly batchOffset: number;
  private readonly tape: Array<() => void> = [];
  /** Gradient buffers some tensor adopted as its own (see passGradient). */
  private readonly adopted = new Set<Tensor>();
  private readonly start: ArenaMark;
  private readonly seed: number;
  private readonly step: number;
  private dropoutSite = 0;

  constructor(readonly workspace: Workspace, options: GraphOptions) {
    this.engine = workspace.engine;
    this.kernels = workspace.engine.kernels;
    this.training = options.training;
    this.noGrad = options.noGrad ?? false;
    this.seed = options.seed ?? 0;
    this.step = options.step ?? 0;
    this.batchOffset = options.batchOffset ?? 0;
    this.start = workspace.arena.mark();
  }

  /** An uninitialised float tensor in the arena. */
  tensor(shape: readonly number[]): Tensor {
    return new Tensor(this.engine.heap, shape, this.workspace.arena.allocate(product(shape)));
  }

  zeros(shape: readonly number[]): Tensor {
    const t = this.tensor(shape);
    this.kernels.zero(t.offset, t.size);
    return t;
  }

  /** A float tensor holding `values` (inputs, constants). */
  constant(values: ArrayLike<number>, shape: readonly number[]): Tensor {
    const t = this.tensor(shape);
    if (values.length !== t.size) throw new Error(`constant: ${values.length} values for shape [${shape}]`);
    this.engine.heap.f().set(values, t.offset);
    return t;
  }

  ints(values: ArrayLike<number>, shape: readonly number[] = [values.length]): IntTensor {
    const t = new IntTensor(this.engine.heap, shape, this.workspace.arena.allocate(product(shape)));
    if (values.length !== t.size) throw new Error(`ints: ${values.length} values for shape [${shape}]`);
    this.engine.heap.i().set(values, t.offset);
    return t;
  }

  /** Scratch for kernels on sequences of length T. */
  scratch(T?: number): number {
    return this.workspace.scratch(T);
  }

  /** True when a gradient must flow to any of these tensors. */
  needsGrad(...inputs: Array<Tensor | undefined>): boolean {
    return !this.noGrad && inputs.some((t) => t?.requiresGrad === true);
  }

  /** Allocates an op's output and marks whether it carries a gradient. */
  output(shape: readonly number[], ...inputs: Array<Tensor | undefined>): Tensor {
    const t = this.tensor(shape);
    t.requiresGrad = this.needsGrad(...inputs);
    return t;
  }

  /** Registers an op's backward step (run in reverse order by backward()). */
  onBackward(step: () => void): void {
    this.tape.push(step);
  }

  /**
   * The gradient buffer of t, allocated zeroed on first use. A row-sparse table written by anything but a row
   * scatter (rowWise = false) gets every row marked, so lazy optimisers still see the whole gradient.
   */
  grad(t: Tensor, rowWise = false): Tensor {
    if (!t.grad) t.grad = this.zeros(t.shape);
    if (t.rowTracker && !rowWise) markAllRows(this.engine.heap.i(), t.rowTracker, t.shape[0] ?? 1);
    return t.grad;
  }

  /** Seeds d(loss)/d(loss) = seed and runs the tape backwards. Parameter gradients accumulate. */
  backward(loss: Tensor, seed = 1): void {
    if (loss.size !== 1) throw new Error(`backward needs a scalar loss, got [${loss.shape}]`);
    if (!loss.requiresGrad) return;
    this.engine.heap.f()[this.grad(loss).offset] = seed;
    for (let i = this.tape.length - 1; i >= 0; i--) this.tape[i]!();
    this.tape.length = 0;
  }

  /**
   * Where an op writes t's gradient when it writes every element: a fresh buffer is handed out uninitialised with
   * accumulate = false (the op overwrites it, sparing a zero-fill); later writers get accumulate = true.
   */
  gradSink(t: Tensor): { offset: number; accumulate: boolean } {
    if (t.grad) return { offset: this.grad(t).offset, accumulate: true };
    if (t.rowTracker) return { offset: this.grad(t).offset, accumulate: true };
    t.grad = this.tensor(t.shape);
    return { offset: t.grad.offset, accumulate: false };
  }

  /**
   * Adds dy to x's gradient. When x has none yet, x simply adopts dy's buffer (no copy): safe because dy is final
   * once its op's backward runs. Only one input may adopt a given buffer, so the second one copies.
   */
  passGradient(dy: Tensor, x: Tensor): void {
    if (!x.grad && !x.rowTracker && !this.adopted.has(dy)) {
      x.grad = dy;
      this.adopted.add(dy);
      return;
    }
    const sink = this.gradSink(x);
    if (sink.accumulate) this.kernels.axpy(sink.offset, dy.offset, 1, dy.size);
    else this.kernels.copy(dy.offset, sink.offset, dy.size);
  }

  /** Runs the tape backwards from any output, given its gradient (gradient checks, custom losses). */
  backwardFrom(output: Tensor, outputGrad: ArrayLike<number>): void {
    if (outputGrad.length !== output.size) throw new Error(`backwardFrom: ${outputGrad.length} gradient values for [${output.shape}]`);
    if (!output.requiresGrad) return;
    this.engine.heap.f().set(outputGrad, this.grad(output).offset);
    for (let i = this.tape.length - 1; i >= 0; i--) this.tape[i]!();
    this.tape.length = 0;
  }

  /** A fresh dropout key: the n-th dropout of a graph gets the same key in every replica and every rerun. */
  nextDropoutKey(): number {
    return mixKey(this.seed, this.step, this.dropoutSite++);
  }

  /** Frees every activation of this graph (parameters and their gradients stay). */
  dispose(): void {
    this.tape.length = 0;
    this.adopted.clear();
    this.workspace.arena.reset(this.start);
  }
}

function markAllRows(ints: Int32Array, tracker: RowTracker, rows: number): void {
  ints.fill(1, tracker.marks, tracker.marks + rows);
}

/** Rows and columns of a tensor read as a matrix over its last axis. */
export function matrixShape(t: { shape: readonly number[]; size: number }): { rows: number; cols: number } {
  const cols = t.shape[t.shape.length - 1] ?? 1;
  return { rows: t.size / cols, cols };
}

import type { Engine } from '../engine.ts';
import { allocateSpan, type Chunk } from '../heap.ts';
import type { Param } from '../param.ts';
import { toGroups, type ParamGroup } from './param-group.ts';
import { shardRange, WHOLE, type Shard } from './shard.ts';

export interface AdamOptions {
  lr: number;
  /** PyTorch defaults: 0.9, 0.999, 1e-8. */
  beta1?: number;
  beta2?: number;
  eps?: number;
}

interface AdamState {
  m: number;
  v: number;
  /** The moments' spans, where this Adam allocated them (not where it attached another thread's). */
  owned?: Chunk[];
  /** Steps taken by this parameter (bias correction is per parameter, so groups can step separately). */
  t: number;
}

/** Where each parameter's moments live, so another thread's Adam can update the same state. */
export type AdamStateLayout = Record<string, { m: number; v: number }>;

/**
 * Adam as in PyTorch. Row-sparse tables get lazy updates: only rows with a gradient this step move, and their
 * moments alone decay (like torch.optim.SparseAdam) — a dense update would cost 10 ms per step at 50k items.
 * step() consumes gradients: the updated parameters' gradients are zero afterwards. With a shard, a thread
 * updates only its part of every parameter; all threads must step the same parameters so step counts agree.
 */
export class Adam {
  private readonly state = new Map<Param, AdamState>();
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;

  constructor(private readonly engine: Engine, readonly options: AdamOptions) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
  }

  step(target: readonly Param[] | readonly ParamGroup[], shard: Shard = WHOLE): void {
    const { kernels } = this.engine;
    for (const group of toGroups(target)) {
      const lr = group.lr ?? this.options.lr;
      for (const p of group.params) {
        if (p.frozen) continue;
        const s = this.stateOf(p);
        s.t += 1;
        const step = {
          beta1: this.beta1,
          beta2: this.beta2,
          stepSize: lr / (1 - this.beta1 ** s.t),
          invBc2Sqrt: 1 / Math.sqrt(1 - this.beta2 ** s.t),
          eps: this.eps,
        };
        const tracker = p.tracker;
        if (tracker) {
          const [start, end] = shardRange(p.spec.shape[0]!, shard, 4);
          kernels.adamRows(p.value.offset, p.grad.offset, s.m, s.v, p.spec.shape[1] ?? 1, tracker.marks, start, end, step);
        } else {
          const [start, end] = shardRange(p.value.size, shard);
          kernels.adam(p.value.offset + start, p.grad.offset + start, s.m + start, s.v + start, end - start, step);
          kernels.zero(p.grad.offset + start, end - start);
        }
      }
    }
  }

  /**
   * Gives the moments this Adam allocated back to the heap's free list, when training is over (a trainer that
   * closes): the optimiser must not step again, on any thread.
   */
  release(): void {
    const spans = [...this.state.values()].flatMap((s) => s.owned ?? []);
    this.state.clear();
    this.engine.heap.freeList.free(spans);
  }

  /** Allocates the moments of these parameters now (before worker threads attach to them). */
  prepare(params: readonly Param[]): AdamStateLayout {
    return Object.fromEntries(params.map((p) => {
      const s = this.stateOf(p);
      return [p.name, { m: s.m, v: s.v }];
    }));
  }

  /** Uses moments another thread's Adam allocated (see prepare); step counts start at zero on both. */
  attachState(params: readonly Param[], layout: AdamStateLayout): void {
    for (const p of params) {
      const s = layout[p.name];
      if (!s) throw new Error(`Adam state layout lacks ${p.name}`);
      this.state.set(p, { m: s.m, v: s.v, t: 0 });
    }
  }

  private stateOf(p: Param): AdamState {
    let s = this.state.get(p);
    if (!s) {
      const { heap } = this.engine;
      // allocateSpan hands out zeroed memory: the moments start at zero.
      const [m, v] = [allocateSpan(heap, p.value.size), allocateSpan(heap, p.value.size)];
      s = { m: m.offset, v: v.offset, t: 0, owned: [m, v] };
      this.state.set(p, s);
    }
    return s;
  }
}

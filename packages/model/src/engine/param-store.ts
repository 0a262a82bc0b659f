import type { Engine } from './engine.ts';
import { alignUp, allocateSpan, type Chunk } from './heap.ts';
import { Param, type ParamSpec } from './param.ts';
import { hashString, Rng } from './rng.ts';
import { Tensor, product, type RowTracker } from './tensor.ts';
import type { WeightTensor } from './weights-file.ts';
import { shardRange, WHOLE, type Shard } from './optim/shard.ts';

/** Where one replica's (thread's) gradients live. */
export interface ReplicaGradLayout {
  /** Gradients of all dense parameters, laid out like the dense value block. */
  denseBlock: number;
  /** Per row-sparse table: its dense gradient buffer and row marks. */
  sparse: Record<string, { grad: number } & RowTracker>;
  /** Gradient buffers of dense parameters whose values live in another store (see `shareValues`). */
  separate: Record<string, number>;
  /** Parameters with no gradient buffer in this set (see materialize's `sharedGradients`, `neverTrained`): never trained here. */
  without?: string[];
}

/** Plain numbers a worker thread needs to bind the same parameters (posted with the model config). */
export interface ParamLayout {
  values: Record<string, number>;
  dense: { offset: number; size: number };
  replicas: ReplicaGradLayout[];
}

/**
 * Owns a model's parameters. Dense parameters sit in one contiguous block (their gradients too, per replica), so
 * zeroing and data-parallel reduction are one kernel call each; row-sparse tables get their own buffers.
 * Models declare parameters first, then the store is materialised (main thread) or attached (worker threads).
 */
export class ParamStore {
  readonly params: Param[] = [];
  private layoutValue: ParamLayout | undefined;
  private engine: Engine | undefined;
  private replica = 0;
  /** What materialize took from the heap (an attached store owns nothing). */
  private readonly owned: Chunk[] = [];
  /** The part of `owned` that holds gradient sets (releaseGradients gives it back early). */
  private gradientSpans: Chunk[] = [];

  declare(spec: ParamSpec): Param {
    if (this.layoutValue) throw new Error(`cannot declare ${spec.name} after the store is materialised`);
    if (this.params.some((p) => p.name === spec.name)) throw new Error(`parameter ${spec.name} declared twice`);
    const param = new Param(spec);
    this.params.push(param);
    return param;
  }

  get(name: string): Param {
    const param = this.params.find((p) => p.name === name);
    if (!param) throw new Error(`no parameter named ${name}`);
    return param;
  }

  get layout(): ParamLayout {
    if (!this.layoutValue) throw new Error('parameter store is not materialised');
    return this.layoutValue;
  }

  /**
   * Allocates values and `replicas` gradient sets (0: a model that only scores), initialises values from the seed,
   * binds replica 0.
   * `shareValues` (name → value offset) binds those parameters to values another store owns instead of allocating
   * and initialising them: a meta-learning task copy shares the global item tables with θ and owns its local
   * modules. Shared parameters get gradient buffers of their own only in the sets `sharedGradients` lists (default
   * every set): a task copy that never trains the item tables needs none, and a feature learner's table gradient
   * is [numItems + 1, featureSize] (205 MB for 40,000 items of 1,280-d image vectors) per set and thread.
   */
  materialize(engine: Engine, { seed, replicas = 1, shareValues = {}, sharedGradients, neverTrained = [] }: {
    seed: number;
    replicas?: number;
    shareValues?: Record<string, number>;
    sharedGradients?: readonly number[];
    /** Row-sparse tables that never train (a frozen feature table): no gradient buffer in any set. */
    neverTrained?: readonly string[];
  }): void {
    const { heap } = engine;
    const allocate = (elements: number, kind: 'values' | 'gradients' = 'values'): number => {
      const span = allocateSpan(heap, elements);
      this.owned.push(span);
      if (kind === 'gradients') this.gradientSpans.push(span);
      return span.offset;
    };
    const shared = (p: Param) => shareValues[p.name] !== undefined;
    const dense = this.params.filter((p) => !p.rowSparse && !shared(p));
    const denseSize = dense.reduce((sum, p) => sum + alignUp(product(p.spec.shape)), 0);
    const denseOffset = allocate(denseSize);
    const values: Record<string, number> = {};
    let cursor = denseOffset;
    for (const p of dense) {
      values[p.name] = cursor;
      cursor += alignUp(product(p.spec.shape));
    }
    for (const p of this.params.filter((q) => q.rowSparse && !shared(q))) values[p.name] = allocate(product(p.spec.shape));
    for (const p of this.params.filter(shared)) values[p.name] = shareValues[p.name]!;
    const replicaLayouts: ReplicaGradLayout[] = [];
    for (let r = 0; r < replicas; r++) {
      const sparse: ReplicaGradLayout['sparse'] = {};
      const separate: ReplicaGradLayout['separate'] = {};
      const withShared = sharedGradients?.includes(r) ?? true;
      const without = [...(withShared ? [] : this.params.filter(shared).map((p) => p.name)), ...neverTrained.filter((name) => this.get(name).rowSparse)];
      for (const p of this.params.filter((q) => q.rowSparse && !without.includes(q.name))) {
        const rows = p.spec.shape[0]!;
        sparse[p.name] = { grad: allocate(product(p.spec.shape), 'gradients'), marks: allocate(rows, 'gradients') };
      }
      for (const p of this.params.filter((q) => !q.rowSparse && shared(q) && !without.includes(q.name))) separate[p.name] = allocate(product(p.spec.shape), 'gradients');
      replicaLayouts.push({ denseBlock: allocate(denseSize, 'gradients'), sparse, separate, ...(without.length ? { without } : {}) });
    }
    this.layoutValue = { values, dense: { offset: denseOffset, size: denseSize }, replicas: replicaLayouts };
    this.attach(engine, this.layoutValue, 0);
    const f = heap.f();
    for (const r of replicaLayouts) {
      f.fill(0, r.denseBlock, r.denseBlock + denseSize);
      for (const [name, s] of Object.entries(r.sparse)) {
        const shape = this.get(name).spec.shape;
        f.fill(0, s.grad, s.grad + product(shape));
        heap.i().fill(0, s.marks, s.marks + shape[0]!);
      }
      for (const [name, offset] of Object.entries(r.separate)) f.fill(0, offset, offset + product(this.get(name).spec.shape));
    }
    for (const p of this.params) if (!shared(p)) this.initialize(p, seed);
  }

  /**
   * Gives the memory materialize took (values and gradient sets) back to the heap's free list. Only for a store
   * nothing reads any more, on any thread (a finished pool's task copies); its parameters must not be used after.
   */
  release(): void {
    this.engine?.heap.freeList.free(this.owned.splice(0));
    this.gradientSpans = [];
    this.layoutValue = undefined;
  }

  /**
   * Gives the gradient sets back to the heap's free list, keeping the values: for a trained model that only scores
   * from now on (a learner whose training stages are over, which would otherwise hold a buffer as large as its item
   * table per training thread). Its parameters have no gradient afterwards; training it again is refused. Only
   * while no other thread is bound to the store's gradient sets.
   */
  releaseGradients(): void {
    const layout = this.layout;
    const spans = new Set(this.gradientSpans);
    this.owned.splice(0, this.owned.length, ...this.owned.filter((span) => !spans.has(span)));
    this.engine?.heap.freeList.free(this.gradientSpans);
    this.gradientSpans = [];
    this.layoutValue = { ...layout, replicas: [] };
    this.useGradients(0);
  }

  /** Binds this thread's Param objects to an existing layout (worker threads), using gradient set `replica`. */
  attach(engine: Engine, layout: ParamLayout, replica: number): void {
    this.layoutValue = layout;
    this.engine = engine;
    for (const p of this.params) {
      const offset = layout.values[p.name];
      if (offset === undefined) throw new Error(`layout lacks parameter ${p.name}`);
      const value = new Tensor(engine.heap, p.spec.shape, offset);
      value.requiresGrad = true;
      p.bind(value);
    }
    this.useGradients(replica);
  }

  /**
   * Points every parameter's `grad` (and row marks) at gradient set `replica`. Workers compute into their own set,
   * then switch to set 0 (where the reduction lands) to apply their shard of the optimiser step.
   */
  useGradients(replica: number): void {
    const layout = this.layout;
    if (layout.replicas.length === 0 && replica === 0) {
      // A store without gradient sets (materialised with none, or released): nothing has a gradient.
      for (const p of this.params) {
        p.value.grad = undefined;
        p.value.rowTracker = undefined;
      }
      this.replica = 0;
      return;
    }
    const grads = layout.replicas[replica];
    if (!grads) throw new Error(`layout has no gradient set for replica ${replica}`);
    this.replica = replica;
    for (const p of this.params) {
      const value = p.value;
      if (grads.without?.includes(p.name)) {
        value.grad = undefined;
        value.rowTracker = undefined;
        continue;
      }
      const sparse = grads.sparse[p.name];
      const gradOffset = sparse ? sparse.grad : grads.separate[p.name] ?? grads.denseBlock + (layout.values[p.name]! - layout.dense.offset);
      value.grad = new Tensor(value.heap, p.spec.shape, gradOffset);
      value.rowTracker = sparse ? { marks: sparse.marks } : undefined;
    }
  }

  /** Zeroes this thread's gradients of the given parameters (default: all). */
  zeroGrads(params: readonly Param[] = this.params): void {
    const engine = this.requireEngine();
    const { heap, kernels } = engine;
    for (const p of params) {
      if (!p.value.grad) continue; // no buffer in this set (see materialize's sharedGradients)
      const tracker = p.tracker;
      if (tracker) {
        kernels.clearRows(p.grad.offset, p.spec.shape[1] ?? 1, tracker.marks, 0, p.spec.shape[0]!);
      } else {
        kernels.zero(p.grad.offset, p.grad.size);
      }
    }
  }

  /**
   * Adds every other replica's gradients into replica 0's and zeroes theirs, after a data-parallel step. With a
   * shard, only that part of each parameter (elements, or rows of a table): threads reduce their shards at once.
   */
  reduceReplicaGrads(shard: Shard = WHOLE): void {
    const { kernels } = this.requireEngine();
    const layout = this.layout;
    const main = layout.replicas[0]!;
    for (const other of layout.replicas.slice(1)) {
      for (const p of this.params) {
        if (other.without?.includes(p.name) || main.without?.includes(p.name)) continue;
        const sparse = other.sparse[p.name];
        if (sparse) {
          const dst = main.sparse[p.name]!;
          const [start, end] = shardRange(p.spec.shape[0]!, shard, 4);
          kernels.accumulateRows(sparse.grad, dst.grad, p.spec.shape[1] ?? 1, sparse.marks, dst.marks, start, end);
        } else {
          const at = layout.values[p.name]! - layout.dense.offset;
          const src = other.separate[p.name] ?? other.denseBlock + at;
          const dst = main.separate[p.name] ?? main.denseBlock + at;
          const [start, end] = shardRange(p.value.size, shard);
          kernels.axpy(dst + start, src + start, 1, end - start);
          kernels.zero(src + start, end - start);
        }
      }
    }
  }

  /** Copies every parameter's values out (float32), e.g. for a weight file or a checkpoint. */
  snapshot(): WeightTensor[] {
    return this.params.map((p) => ({ name: p.name, shape: [...p.spec.shape], data: Float32Array.from(p.value.data) }));
  }

  /** Loads values by name; every parameter must be present with the same shape. */
  restore(tensors: readonly WeightTensor[]): void {
    const byName = new Map(tensors.map((t) => [t.name, t]));
    for (const p of this.params) {
      const t = byName.get(p.name);
      if (!t) throw new Error(`weights lack parameter ${p.name}`);
      if (t.shape.join(',') !== p.spec.shape.join(',')) throw new Error(`${p.name}: weights have shape [${t.shape}], model expects [${p.spec.shape}]`);
      this.requireEngine().heap.f().set(t.data, p.value.offset);
    }
  }

  /** The engine this store's parameters live in. */
  get boundEngine(): Engine {
    return this.requireEngine();
  }

  get replicaIndex(): number {
    return this.replica;
  }

  private initialize(p: Param, seed: number): void {
    const f = this.requireEngine().heap.f();
    const { offset, size } = p.value;
    const init = p.spec.init;
    if (init.kind === 'constant') {
      f.fill(init.value, offset, offset + size);
    } else if (init.kind === 'values') {
      if (init.values.length !== size) throw new Error(`${p.name}: ${init.values.length} initial values for shape [${p.spec.shape}]`);
      f.set(init.values, offset);
    } else {
      // Each parameter draws from its own stream, so adding a parameter never changes another's start.
      const rng = new Rng((seed ^ hashString(p.name)) >>> 0);
      for (let i = 0; i < size; i++) f[offset + i] = init.std * rng.normal();
    }
  }

  private requireEngine(): Engine {
    if (!this.engine) throw new Error('parameter store is not materialised');
    return this.engine;
  }
}

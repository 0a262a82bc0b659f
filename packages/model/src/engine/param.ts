import type { RowTracker, Tensor } from './tensor.ts';

/** How a parameter starts: N(0, std²), a constant, or given values (e.g. pretrained item features). */
export type ParamInit =
  | { kind: 'normal'; std: number }
  | { kind: 'constant'; value: number }
  | { kind: 'values'; values: ArrayLike<number> };

export interface ParamSpec {
  name: string;
  shape: number[];
  init: ParamInit;
  /** An embedding-style table whose gradient touches few rows: tracked rows, lazy (row-wise) optimiser updates. */
  rowSparse?: boolean;
}

/** A trainable tensor. `value` is shared by every thread; `grad` and its row tracker belong to this thread. */
export class Param {
  private tensor: Tensor | undefined;

  constructor(readonly spec: ParamSpec) {}

  get name(): string {
    return this.spec.name;
  }

  get rowSparse(): boolean {
    return this.spec.rowSparse ?? false;
  }

  get value(): Tensor {
    if (!this.tensor) throw new Error(`parameter ${this.name} is used before its store was materialised`);
    return this.tensor;
  }

  /** This thread's gradient buffer (dense layout; for row-sparse tables only tracked rows are non-zero). */
  get grad(): Tensor {
    const grad = this.value.grad;
    if (!grad) throw new Error(`parameter ${this.name} has no gradient buffer`);
    return grad;
  }

  get tracker(): RowTracker | undefined {
    return this.value.rowTracker;
  }

  /** A frozen parameter receives no gradient (meta-learning adapts local modules only). */
  get frozen(): boolean {
    return !this.value.requiresGrad;
  }

  set frozen(frozen: boolean) {
    this.value.requiresGrad = !frozen;
  }

  bind(tensor: Tensor): void {
    this.tensor = tensor;
  }
}

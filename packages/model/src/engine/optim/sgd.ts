import type { Engine } from '../engine.ts';
import type { Param } from '../param.ts';
import { toGroups, type ParamGroup } from './param-group.ts';

/** Plain SGD, p −= lr·g (the meta-learning inner loop and meta-test fine-tuning). step() consumes gradients. */
export class Sgd {
  constructor(private readonly engine: Engine, readonly options: { lr: number }) {}

  step(target: readonly Param[] | readonly ParamGroup[]): void {
    const { heap, kernels } = this.engine;
    for (const group of toGroups(target)) {
      const lr = group.lr ?? this.options.lr;
      for (const p of group.params) {
        if (p.frozen) continue;
        const tracker = p.tracker;
        if (tracker) {
          kernels.sgdRows(p.value.offset, p.grad.offset, p.spec.shape[1] ?? 1, tracker.marks, 0, p.spec.shape[0]!, lr);
        } else {
          kernels.sgd(p.value.offset, p.grad.offset, p.value.size, lr);
          kernels.zero(p.grad.offset, p.grad.size);
        }
      }
    }
  }
}

import type { Param } from '../param.ts';

/** Parameters updated together with one learning rate (e.g. a model's "local modules" in meta-learning). */
export interface ParamGroup {
  params: readonly Param[];
  /** Overrides the optimiser's learning rate for this group. */
  lr?: number;
}

/** Accepts either plain parameters (one group at the default rate) or explicit groups. */
export function toGroups(target: readonly Param[] | readonly ParamGroup[]): readonly ParamGroup[] {
  if (target.length === 0) return [];
  return 'params' in target[0]! ? (target as readonly ParamGroup[]) : [{ params: target as readonly Param[] }];
}

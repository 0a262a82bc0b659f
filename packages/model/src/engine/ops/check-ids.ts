import type { IntTensor } from '../tensor.ts';

/**
 * Throws where an id falls outside [0, limit) (below 0 only where `negativeSkips`: losses skip rows whose target is
 * negative). The kernels address rows and columns by offset without bounds, so an id past a table would read, and
 * its gradient write, whatever lies beyond it on the shared heap. One pass over the ids costs a fraction of the work
 * done with them.
 */
export function checkIds(op: string, ids: IntTensor, limit: number, { negativeSkips = false }: { negativeSkips?: boolean } = {}): void {
  const data = ids.data;
  const lowest = negativeSkips ? Number.NEGATIVE_INFINITY : 0;
  for (let i = 0; i < data.length; i++) {
    const id = data[i]!;
    if (id < lowest || id >= limit) throw new RangeError(`${op}: id ${id} (position ${i} of ${data.length}) is outside [0, ${limit})`);
  }
}

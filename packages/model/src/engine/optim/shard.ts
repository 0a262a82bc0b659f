/** Which part of every parameter a thread updates when an optimiser step is split across threads. */
export interface Shard {
  index: number;
  count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** [start, end) of `size` units that shard `index` of `count` owns; boundaries are multiples of `align`. */
export function shardRange(size: number, { index, count }: Shard, align = 16): [number, number] {
  const bound = (k: number) => Math.min(size, Math.ceil((size * k) / count / align) * align);
  return [index === 0 ? 0 : bound(index), index === count - 1 ? size : bound(index + 1)];
}

/**
 * Cuts each training sequence into windows of at most maxLength + 1 items, from the end backwards with stride
 * maxLength, so every item after a sequence's first is a target exactly once (whole-sequence training with a
 * target at every position, instead of one sample per prefix: mml-method.md's lessons). Windows with fewer than
 * two items have no target and are dropped.
 */
export function trainingWindows(sequences: readonly Int32Array[], maxLength: number): Int32Array[] {
  const windows: Int32Array[] = [];
  for (const sequence of sequences) {
    for (let end = sequence.length; end >= 2; end -= maxLength) {
      windows.push(sequence.subarray(Math.max(0, end - maxLength - 1), end));
    }
  }
  return windows;
}

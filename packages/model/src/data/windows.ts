/**
 * Where a long sequence's windows are aligned: 'end' cuts from the last item backwards, so the windows that follow
 * a user's latest events are whole; 'start' cuts from the first item forwards, so every user's first window opens
 * at their first event and a position p means "the user's (p + 1)-th event", as it does for a new user.
 */
export type WindowAnchor = 'end' | 'start';

/**
 * Cuts each training sequence into windows of at most maxLength + 1 items with stride maxLength, from the anchor
 * on, so every item after a sequence's first is a target exactly once (whole-sequence training with a target at
 * every position, instead of one sample per prefix: mml-method.md's lessons). Windows with fewer than two items
 * have no target and are dropped.
 */
export function trainingWindows(sequences: readonly Int32Array[], maxLength: number, anchor: WindowAnchor = 'end'): Int32Array[] {
  const windows: Int32Array[] = [];
  for (const sequence of sequences) {
    if (anchor === 'start') {
      for (let start = 0; start + 2 <= sequence.length; start += maxLength) {
        windows.push(sequence.subarray(start, Math.min(sequence.length, start + maxLength + 1)));
      }
    } else {
      for (let end = sequence.length; end >= 2; end -= maxLength) {
        windows.push(sequence.subarray(Math.max(0, end - maxLength - 1), end));
      }
    }
  }
  return windows;
}

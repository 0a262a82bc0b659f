/**
 * The model package's input: one time-ordered item sequence per user. Item indices run 1..numItems (0 is
 * padding and never appears in a sequence). Where the data comes from (database, files) is the caller's business.
 */
export interface SequenceDataset {
  numItems: number;
  sequences: Int32Array[];
}

/** Throws with the first problem found: an id out of range would corrupt memory inside a kernel. */
export function validateDataset(dataset: SequenceDataset): void {
  if (!Number.isInteger(dataset.numItems) || dataset.numItems < 1) throw new Error(`numItems must be a positive integer, got ${dataset.numItems}`);
  dataset.sequences.forEach((sequence, user) => {
    for (const item of sequence) {
      if (!Number.isInteger(item) || item < 1 || item > dataset.numItems) {
        throw new Error(`user ${user}: item ${item} is outside 1..${dataset.numItems}`);
      }
    }
  });
}

/** Interactions per item over the given sequences ([numItems + 1], index 0 unused). */
export function itemCounts(sequences: readonly Int32Array[], numItems: number): Float64Array {
  const counts = new Float64Array(numItems + 1);
  for (const sequence of sequences) for (const item of sequence) counts[item]! += 1;
  return counts;
}

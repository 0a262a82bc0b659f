import { topK } from './top-k.ts';

export interface NewItemSlotOptions {
  /**
   * Fill a slot only with a new item this user's scores rank within the first `within` of every item allowed: a new
   * item far down their ranking is unlikely to be picked, so its slot would cost a list place and gain little.
   * Absent: any new item, however far down.
   */
  within?: number;
}

export interface RankedRow {
  row: number;
  score: number;
  /** Placed in one of the list's new-item slots rather than by its rank among all items. */
  newItem: boolean;
}

/**
 * The `first` best rows by score, with at least `slots` of them new (`isNew`: items the version was not trained on,
 * placed by the item embedding generator) where the catalog has that many the request allows. A new item has no
 * interactions the model learnt from, so it rarely outranks items it did: without a slot kept for it, the item added a
 * minute ago is never shown, and never gets the events that would teach the next version about it. The slots go to
 * the new items this user's scores rank best (personalised, not random), spread evenly down the list; the items they
 * push out are the lowest-ranked others. New items that rank into the list on their own count towards the slots.
 */
export function rankWithNewItems(scores: Float32Array, first: number, slots: number, allowed: (row: number) => boolean, isNew: (row: number) => boolean, { within }: NewItemSlotOptions = {}): RankedRow[] {
  // Bounded: the new items ranked within the top `within` are the ones top-k puts there, so one pass over the scores
  // serves both the list and its candidates (its heap fills at once, so the predicate runs only for rows that beat
  // it), where a pass over new items alone runs it on every row before the first new one.
  const wide = within !== undefined && slots > 0 ? topK(scores, Math.max(first, within), allowed) : undefined;
  const best = (wide ? wide.slice(0, first) : topK(scores, first, allowed)).map((entry) => ({ ...entry, newItem: false }));
  const wanted = Math.min(slots, first) - best.filter((entry) => isNew(entry.row)).length;
  if (wanted <= 0) return best;
  const listed = new Set(best.map((entry) => entry.row));
  const added = wide
    ? wide.slice(0, within).filter((entry) => isNew(entry.row) && !listed.has(entry.row)).slice(0, wanted)
    : topK(scores, wanted, (row) => isNew(row) && !listed.has(row) && allowed(row));
  if (added.length === 0) return best;
  // Room for them: the lowest-ranked items that are not new leave the list (the new ones already in it stay).
  const kept = [...best];
  for (let removed = 0, i = kept.length - 1; removed < added.length && i >= 0; i--) {
    if (isNew(kept[i]!.row)) continue;
    kept.splice(i, 1);
    removed++;
  }
  // Each added item at its own position, spread evenly: with 10 items and 2 slots, ranks 4 and 7; with 6, ranks 3 and 5.
  const length = kept.length + added.length;
  const positions = added.map((_, j) => Math.floor(((j + 1) * length) / (added.length + 1)));
  const out: RankedRow[] = [];
  let next = 0;
  for (let position = 0; position < length; position++) {
    const slot = positions.indexOf(position);
    out.push(slot >= 0 ? { ...added[slot]!, newItem: true } : kept[next++]!);
  }
  return out.slice(0, first);
}

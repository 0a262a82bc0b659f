// @fewshot/model/ranking: the lists a user is shown, from a model's scores: the best rows, and new-item slots.
// Serving builds its lists with these, and the cold-start evaluation measures what the slots cost with the same code.
export { rankOf, topK } from './top-k.ts';
export { rankWithNewItems, type NewItemSlotOptions, type RankedRow } from './new-item-slots.ts';

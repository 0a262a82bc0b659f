// Defaults of settings that commands read without loading the configuration's parser (the CLI starts light:
// src/cli/main.test.ts); env.ts applies them.

/** FEWSHOT_COLD_THRESHOLD's default, also what a process that serves nothing filters cold users by. */
export const DEFAULT_COLD_THRESHOLD = 20;

/**
 * New-item slots by default: one per list, filled only by a new item the user's scores rank within the top 50. The
 * evaluation's replay (`fewshot eval --new-item-slots`, packages/model/README.md) found that bound costing no
 * measurable hits on either MovieLens set while lists showing a new item went from 0.7% to 6% (ML-100K) and from 22%
 * to 30% (the demo catalog); unbounded, the slot cost 2–4% of NDCG@10.
 */
export const DEFAULT_NEW_ITEM_SLOTS = 1;
export const DEFAULT_NEW_ITEM_WITHIN = 50;

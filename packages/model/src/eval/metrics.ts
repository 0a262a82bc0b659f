/** The cut-offs every report uses (mml-method.md: Recall/MRR/NDCG at 5, 10 and 20). */
export const DEFAULT_KS = [5, 10, 20] as const;

export interface RankingMetrics {
  /** Cases averaged over. */
  users: number;
  /** Recall@K (= hit rate with one target), keyed by K. */
  recall: Record<number, number>;
  mrr: Record<number, number>;
  ndcg: Record<number, number>;
}

/** Averages the metrics over 0-based ranks of the single target (rank 0 = first place). */
export function metricsFromRanks(ranks: ArrayLike<number>, ks: readonly number[] = DEFAULT_KS): RankingMetrics {
  const recall: Record<number, number> = {};
  const mrr: Record<number, number> = {};
  const ndcg: Record<number, number> = {};
  const n = ranks.length;
  for (const k of ks) {
    let hits = 0;
    let reciprocal = 0;
    let gain = 0;
    for (let i = 0; i < n; i++) {
      const rank = ranks[i]!;
      if (rank >= k) continue;
      hits += 1;
      reciprocal += 1 / (rank + 1);
      gain += 1 / Math.log2(rank + 2);
    }
    recall[k] = n ? hits / n : 0;
    mrr[k] = n ? reciprocal / n : 0;
    ndcg[k] = n ? gain / n : 0;
  }
  return { users: n, recall, mrr, ndcg };
}

/** "Recall@10 0.1234 NDCG@10 0.0567 …" for logs. */
export function formatMetrics(m: RankingMetrics, ks: readonly number[] = DEFAULT_KS): string {
  return ks.map((k) => `R@${k} ${m.recall[k]!.toFixed(4)} MRR@${k} ${m.mrr[k]!.toFixed(4)} NDCG@${k} ${m.ndcg[k]!.toFixed(4)}`).join(' | ');
}

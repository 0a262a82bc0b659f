// @fewshot/model/eval: full-ranking evaluation (Recall/MRR/NDCG at 5/10/20, masked and unmasked) and baselines.
export { DEFAULT_KS, formatMetrics, metricsFromRanks, type RankingMetrics } from './metrics.ts';
export { evaluateFullRanking, rankCases, type CaseRanks, type RankingOptions, type RankingReport, type Scorer } from './full-ranking.ts';
export { popularityScorer } from './popularity.ts';
export { sasRecScorer } from './sasrec-scorer.ts';
export { markovScorer, type MarkovOptions } from './markov.ts';

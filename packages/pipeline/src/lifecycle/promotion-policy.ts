import type { Database, SqlExecutor } from '@fewshot/db';
import { runningTrialIn, sharePercent } from './model-trials.ts';
import { activateVersion, lifecycleTransaction, PromotionError, type PromotionResult } from './promote-model-version.ts';

/**
 * When a freshly trained version replaces the active one by itself: its full method's (`mml`) metric on the
 * cold-start split's new users, at one history length, must beat the active version's by more than `minGain`.
 */
export interface PromotionPolicy {
  metric: 'ndcg' | 'recall' | 'mrr';
  k: 5 | 10 | 20;
  /** New users' history length (a slice the versions were evaluated at); by default the candidate's headline n (10). */
  n?: number;
  /** Absolute, 0 to 1: 0.01 asks NDCG@10 to be more than 0.01 better than the active version's (default 0: any gain). */
  minGain?: number;
  /**
   * With no version active, popularity serves; the candidate then has to beat the popularity ranking of its own
   * evaluation (the same split, users and metric) by more than minGain to replace it (default true). A short training
   * can rank worse than popularity (the demo catalog, one epoch per learner: NDCG@10 0.016 against 0.047), and
   * replacing popularity with it would make every cold user's list worse. False: any first version replaces it.
   */
  beatPopularity?: boolean;
}

/** NDCG@10 of new users with 10 events, any gain; a first version must beat popularity. */
export const DEFAULT_PROMOTION_POLICY = { metric: 'ndcg', k: 10, n: 10, minGain: 0, beatPopularity: true } as const satisfies PromotionPolicy;

export interface PromotionJudgment {
  promote: boolean;
  /** Why, in a sentence a person can act on, with both numbers. */
  reason: string;
  /** The candidate's value of the policy's metric; null when its metrics lack it. */
  candidate: number | null;
  /** The active version's value; null when none is active or its metrics lack it. */
  active: number | null;
  activeVersionId: number | null;
  /** The popularity ranking's value in the candidate's own evaluation; null when its metrics lack it. */
  popularity: number | null;
}

export interface PromoteIfBetterResult extends PromotionJudgment {
  /** Set when the version was promoted. */
  promotion: PromotionResult | null;
}

const METRICS = ['ndcg', 'recall', 'mrr'] as const;
const KS = [5, 10, 20] as const;
/** The method a version serves: the one the policy compares. */
const SERVED_METHOD = 'mml';
/** What serves while no version is active, as the evaluation measured it beside each version. */
const FALLBACK_METHOD = 'popularity';
const DEFAULT_HEADLINE_N = 10;

/**
 * Whether a version should replace the active one under `policy` (fields left out take DEFAULT_PROMOTION_POLICY's,
 * `n` the candidate's headline n). Yes when the candidate's value beats the active one's by more than minGain, or,
 * with none active, the popularity ranking's in its own evaluation (any first version with `beatPopularity: false`);
 * no when either lacks the metric (promote it by hand then). Only READY and RETIRED
 * versions with an artifact can be promoted. Throws PromotionError for an unknown version or an invalid policy.
 */
export function judgePromotion(db: Database, versionId: number, policy: PromotionPolicy = DEFAULT_PROMOTION_POLICY): Promise<PromotionJudgment> {
  return judge(db.sql, versionId, policy);
}

/**
 * Judges and, when the policy says so, promotes, in one transaction that every promotion and rollback waits for:
 * two trainings finishing at once are judged one after the other, the second against the first if it won.
 */
export function promoteIfBetter(db: Database, versionId: number, policy: PromotionPolicy = DEFAULT_PROMOTION_POLICY): Promise<PromoteIfBetterResult> {
  return lifecycleTransaction(db, async (tx) => {
    const judgment = await judge(tx, versionId, policy);
    return { ...judgment, promotion: judgment.promote ? await activateVersion(tx, versionId) : null };
  });
}

interface VersionRow {
  id: number;
  status: string;
  metrics: unknown;
  has_artifact: boolean;
}

async function judge(sql: SqlExecutor, versionId: number, policy: PromotionPolicy): Promise<PromotionJudgment> {
  const { metric, k, minGain, beatPopularity } = checkPolicy(policy);
  const rows = await sql.query<VersionRow>(
    `SELECT id, status, metrics, artifact_bytes IS NOT NULL AS has_artifact FROM model_versions WHERE id = $1 OR status = 'ACTIVE' ORDER BY id`,
    [versionId],
  );
  const candidate = rows.find((row) => Number(row.id) === versionId);
  if (!candidate) throw new PromotionError(`model version ${versionId} does not exist`);
  const activeRow = rows.find((row) => row.status === 'ACTIVE');
  const activeVersionId = activeRow ? Number(activeRow.id) : null;
  const n = policy.n ?? headlineN(candidate.metrics);
  const name = `${metric === 'ndcg' ? 'NDCG' : metric === 'mrr' ? 'MRR' : 'Recall'}@${k} of new users at n = ${n}`;
  const candidateValue = metricValue(candidate.metrics, metric, k, n);
  const activeValue = activeRow ? metricValue(activeRow.metrics, metric, k, n) : null;
  const popularityValue = metricValue(candidate.metrics, metric, k, n, FALLBACK_METHOD);
  const judgment = (promote: boolean, reason: string): PromotionJudgment => ({ promote, reason, candidate: candidateValue, active: activeValue, activeVersionId, popularity: popularityValue });

  if (candidate.status === 'ACTIVE') return judgment(false, `model version ${versionId} is the ACTIVE one already (${name}: ${format(candidateValue)})`);
  if (candidate.status !== 'READY' && candidate.status !== 'RETIRED') return judgment(false, `model version ${versionId} is ${candidate.status}: only a READY version can be promoted, or a RETIRED one rolled back to`);
  if (!candidate.has_artifact) return judgment(false, `model version ${versionId} has no trained artifact, so it cannot be served`);
  if (candidateValue === null) {
    return judgment(false, `model version ${versionId} has no ${name} (${SERVED_METHOD}) in its metrics${evaluatedNs(candidate.metrics)}, so it is not promoted automatically: choose a policy it was evaluated for, or promote it by hand`);
  }
  if (!activeRow) {
    if (!beatPopularity) return judgment(true, `no model version is active: model version ${versionId} (${name}: ${format(candidateValue)}) replaces popularity`);
    if (popularityValue === null) {
      return judgment(false, `no model version is active, and model version ${versionId}'s evaluation has no ${name} of popularity to compare it with (${format(candidateValue)}), so popularity keeps serving: promote it by hand if it is better`);
    }
    const gain = candidateValue - popularityValue;
    const comparison = `no model version is active: model version ${versionId} has ${name} ${format(candidateValue)}, popularity ${format(popularityValue)} in the same evaluation (${signed(gain)})`;
    if (gain > minGain) return judgment(true, `${comparison}: more than the required gain of ${minGain}, so it replaces popularity`);
    return judgment(false, `${comparison}: not more than the required gain of ${minGain}, so popularity keeps serving (promote it by hand to serve it anyway)`);
  }
  if (activeValue === null) {
    return judgment(false, `the active model version ${activeVersionId} has no ${name} (${SERVED_METHOD}) in its metrics${evaluatedNs(activeRow.metrics)}, so model version ${versionId} (${format(candidateValue)}) cannot be compared with it: promote it by hand if it is better`);
  }
  const gain = candidateValue - activeValue;
  const comparison = `model version ${versionId} has ${name} ${format(candidateValue)}, the active version ${activeVersionId} ${format(activeValue)} (${signed(gain)})`;
  if (gain <= minGain) return judgment(false, `${comparison}: not more than the required gain of ${minGain}, so version ${activeVersionId} stays active`);
  // A trial is someone's deliberate comparison on live users: an automatic promotion of another version would end it.
  const trial = await runningTrialIn(sql);
  if (trial && trial.candidateVersionId !== versionId) {
    return judgment(false, `${comparison}: more than the required gain of ${minGain}, but trial ${trial.id} (version ${trial.candidateVersionId} on ${sharePercent(trial.share)} of users) is running and a promotion would end it, so version ${activeVersionId} stays active: promote it by hand, or once the trial has ended`);
  }
  return judgment(true, `${comparison}: more than the required gain of ${minGain}, so it replaces version ${activeVersionId}`);
}

function checkPolicy(policy: PromotionPolicy): { metric: PromotionPolicy['metric']; k: PromotionPolicy['k']; minGain: number; beatPopularity: boolean } {
  const metric = policy.metric ?? DEFAULT_PROMOTION_POLICY.metric;
  const k = policy.k ?? DEFAULT_PROMOTION_POLICY.k;
  const minGain = policy.minGain ?? DEFAULT_PROMOTION_POLICY.minGain;
  if (!(METRICS as readonly string[]).includes(metric)) throw new PromotionError(`the policy's metric must be one of ${METRICS.join(', ')}, got "${String(metric)}"`);
  if (!(KS as readonly number[]).includes(k)) throw new PromotionError(`the policy's k must be one of ${KS.join(', ')}, got ${String(k)}`);
  if (policy.n !== undefined && !(Number.isInteger(policy.n) && policy.n > 0)) throw new PromotionError(`the policy's n (new users' history length) must be a positive integer, got ${String(policy.n)}`);
  if (!(typeof minGain === 'number' && minGain >= 0 && minGain <= 1)) throw new PromotionError(`the policy's minGain must be a number from 0 (any gain) to 1, got ${String(minGain)}`);
  const beatPopularity = policy.beatPopularity ?? DEFAULT_PROMOTION_POLICY.beatPopularity;
  if (typeof beatPopularity !== 'boolean') throw new PromotionError(`the policy's beatPopularity must be true or false, got ${String(beatPopularity)}`);
  return { metric, k, minGain, beatPopularity };
}

/** The shape trainModelVersion stores (ModelVersionMetrics), as far as the policy reads it. */
interface StoredMetrics {
  protocol?: { headlineN?: number; ns?: number[] };
  methods?: Record<string, Record<string, { mean?: number }>>;
  slices?: Record<string, Record<string, Record<string, { mean?: number }>>>;
}

function asMetrics(value: unknown): StoredMetrics {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as StoredMetrics) : {};
}

function headlineN(metrics: unknown): number {
  const n = asMetrics(metrics).protocol?.headlineN;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : DEFAULT_HEADLINE_N;
}

/** A method's (`mml` unless said) mean metric@k on the slice n = `n` (the headline table when the slices are absent and n is the headline). */
function metricValue(value: unknown, metric: string, k: number, n: number, method = SERVED_METHOD): number | null {
  const metrics = asMetrics(value);
  const table = metrics.slices?.[`n=${n}`] ?? (metrics.slices === undefined && headlineN(value) === n ? metrics.methods : undefined);
  const mean = table?.[method]?.[`${metric}@${k}`]?.mean;
  return typeof mean === 'number' && Number.isFinite(mean) ? mean : null;
}

/** What a version's metrics hold instead, for the message: ` (evaluated at n = 5, n = 10)`. */
function evaluatedNs(value: unknown): string {
  if (value === null || value === undefined) return ' (it has no metrics at all)';
  const slices = Object.keys(asMetrics(value).slices ?? {}).filter((name) => name.startsWith('n='));
  return slices.length ? ` (evaluated at ${slices.map((name) => name.replace('=', ' = ')).join(', ')})` : '';
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${format(value)}`;
}

function format(value: number | null): string {
  return value === null ? 'unknown' : value.toFixed(4);
}

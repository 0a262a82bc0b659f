import type { Database } from '@fewshot/db';
import { newItemSlotsText, runningModelTrial, settleModelTrial, type ModelTrialRecord, type TrialSettlement } from '@fewshot/pipeline/lifecycle';
import { trialResults, type TrialResults } from './trial-results.ts';

/**
 * Users each arm needs before a guardrail acts. The interval is asymptotic: with a handful of users its variance
 * estimate can be near 0 (three users who all followed everything), and the interval with it. Thirty a side is the
 * usual point where a normal approximation of a mean is trusted; the results people read show an interval earlier.
 */
export const GUARD_MIN_USERS_PER_ARM = 30;

export interface GuardDecision {
  action: TrialSettlement;
  reason: string;
}

/**
 * What a trial's guardrails do with its results now, or null: stop it once the whole follow-rate interval is below 0
 * (`stopIfWorse`), promote its candidate once the whole interval is above 0 (`promoteIfBetter`) and the arms split as
 * drawn (sample-ratio.ts), each only once both arms have GUARD_MIN_USERS_PER_ARM users. The interval holds however often it is read (confidence-sequence.ts), so
 * checking every few minutes and acting on the first clear answer keeps its 95%.
 */
export function guardDecision(trial: Pick<ModelTrialRecord, 'stopIfWorse' | 'promoteIfBetter'> & { newItemSlots?: number | null; newItemWithin?: number | null }, results: TrialResults): GuardDecision | null {
  const { overall } = results;
  const difference = overall.followRateDifference;
  if (!difference || Math.min(overall.control.users, overall.candidate.users) < GUARD_MIN_USERS_PER_ARM) return null;
  const evidence = `${points(difference.value)} pp followed (95% interval ${points(difference.low)} to ${points(difference.high)} pp, valid at every look) over ${results.users.toLocaleString('en-US')} users, ${overall.candidate.users.toLocaleString('en-US')} of them in its arm`;
  if (trial.stopIfWorse && difference.high < 0) {
    const worse = trial.newItemSlots == null
      ? 'the candidate\'s lists were followed less often than the active version\'s'
      : `the lists with ${newItemSlotsText(trial.newItemSlots, trial.newItemWithin)} were followed less often than those served as the replicas are set`;
    return { action: 'stop', reason: `stopped by its guardrail: ${worse}, ${evidence}` };
  }
  // A candidate is never promoted on arms that are not the split the trial drew: their difference may not be the
  // version's. Stopping still acts: a version whose users fare clearly worse is ended either way.
  if (trial.promoteIfBetter && difference.low > 0 && !results.sampleRatio.mismatch) return { action: 'promote', reason: `promoted by its guardrail: the candidate's lists were followed more often than the active version's, ${evidence}` };
  return null;
}

export interface GuardOutcome extends GuardDecision {
  trial: ModelTrialRecord;
}

/**
 * Checks the running trial's guardrails once and acts (settleModelTrial): null when none runs, it has no guardrail,
 * its answer is not clear yet, or another replica acted first. Lists still open count as not followed yet, in both
 * arms alike, which only makes a difference look smaller.
 */
export async function guardRunningTrial(db: Database, now = new Date()): Promise<GuardOutcome | null> {
  const trial = await runningModelTrial(db);
  if (!trial || (!trial.stopIfWorse && !trial.promoteIfBetter)) return null;
  const decision = guardDecision(trial, await trialResults(db, trial, {}, now));
  if (!decision) return null;
  const settled = await settleModelTrial(db, { trialId: trial.id, ...decision });
  return settled ? { ...decision, trial: settled.trial } : null;
}

/**
 * Every api replica checks the running trial's guardrails every `intervalMs` (each check takes the lifecycle lock
 * before acting, so two replicas never act twice). `onSettled` follows at once on this replica; the others follow
 * the database's notification.
 */
export class TrialGuard {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private checking: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly options: { intervalMs: number; log: (message: string) => void; onSettled?: (outcome: GuardOutcome) => void | Promise<void> },
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0 || this.closed) return;
    this.schedule();
  }

  /** One check now (the timer's, or a test's). */
  check(): Promise<void> {
    this.checking = this.checking.then(async () => {
      try {
        const outcome = await guardRunningTrial(this.db);
        if (!outcome) return;
        this.options.log(`fewshot api: trial ${outcome.trial.id} ${outcome.reason}`);
        await this.options.onSettled?.(outcome);
      } catch (error) {
        this.options.log(`fewshot api: checking the running trial's guardrails failed (${error instanceof Error ? error.message : String(error)}); trying again in ${Math.round(this.options.intervalMs / 1000)} s`);
      }
    });
    return this.checking;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.checking;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.check().then(() => {
        if (!this.closed) this.schedule();
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }
}

/** A difference of two rates in percentage points, signed: 0.0123 → "+1.2". */
function points(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}`;
}

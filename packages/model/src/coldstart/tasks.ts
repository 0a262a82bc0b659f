import type { EvalCase } from '../data/leave-one-out.ts';
import type { ColdStartSplit } from './split.ts';

/**
 * One new user cut to their first n events (cold-start v1 step 4). Of the n − 1 prefix → next samples the last is
 * the test, the one before it the validation, the rest the support: as a whole sequence, `support` holds
 * s1..s(n−2), with a target at every position after the first.
 *
 * Shorter cuts (n = 2, 3: one or two events known, the users the product is for) have no validation sample to
 * spare, so they are measured as serving treats such a user: the whole known history is the support (adapted on
 * when it holds a prefix → next sample, i.e. two events) and there is no validation case.
 */
export interface NewUserTask {
  user: number;
  support: Int32Array;
  /** Absent for n < 4 (see above). */
  valid?: EvalCase;
  test: EvalCase;
}

/** The shortest cut: one known event and the next one to predict. */
export const MIN_HISTORY_LENGTH = 2;
/** From this cut on, a validation sample is held out of the support (the cold-start v1 protocol proper). */
export const VALIDATED_HISTORY_LENGTH = 4;

/**
 * The few-shot tasks of every new user at history length n. A user with fewer than n events is cut at their
 * length (every kept user has at least 4 events, enough for support, validation and test).
 */
export function newUserTasks(split: ColdStartSplit, n: number): NewUserTask[] {
  if (!Number.isInteger(n) || n < MIN_HISTORY_LENGTH) throw new Error(`n must be an integer ≥ ${MIN_HISTORY_LENGTH} (a known event and the one to predict), got ${n}`);
  return split.newSequences.map((sequence, i) => {
    const events = sequence.subarray(0, Math.min(n, sequence.length));
    const m = events.length;
    const user = split.newUsers[i]!;
    const test = { user, history: events.slice(0, m - 1), target: events[m - 1]! };
    if (n < VALIDATED_HISTORY_LENGTH) return { user, support: test.history.slice(), test };
    return {
      user,
      support: events.slice(0, m - 2),
      valid: { user, history: events.slice(0, m - 2), target: events[m - 2]! },
      test,
    };
  });
}

/**
 * Old users as few-shot tasks for tuning and for training the fusion layer, built only from pre-split data: the
 * last event before T is the query (test), the one before it validation, the rest support. With `maxSupport`,
 * the support is the events just before the validation item (cold users have short histories).
 */
export function oldUserTasks(split: ColdStartSplit, { maxSupport = Infinity }: { maxSupport?: number } = {}): NewUserTask[] {
  const tasks: NewUserTask[] = [];
  split.oldSequences.forEach((sequence, i) => {
    const m = sequence.length;
    if (m < 4) return;
    const user = split.oldUsers[i]!;
    const start = Math.max(0, m - 2 - maxSupport);
    tasks.push({
      user,
      support: sequence.slice(start, m - 2),
      // The input is the short window; the mask still covers everything the user saw before.
      valid: { user, history: sequence.slice(start, m - 2), target: sequence[m - 2]!, seen: sequence.slice(0, m - 2) },
      test: { user, history: sequence.slice(start, m - 1), target: sequence[m - 1]!, seen: sequence.slice(0, m - 1) },
    });
  });
  return tasks;
}

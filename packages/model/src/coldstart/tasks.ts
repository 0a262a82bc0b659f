import type { EvalCase } from '../data/leave-one-out.ts';
import type { ColdStartSplit } from './split.ts';

/**
 * One new user cut to their first n events (cold-start v1 step 4). Of the n − 1 prefix → next samples the last is
 * the test, the one before it the validation, the rest the support: as a whole sequence, `support` holds
 * s1..s(n−2), with a target at every position after the first.
 */
export interface NewUserTask {
  user: number;
  support: Int32Array;
  valid: EvalCase;
  test: EvalCase;
}

/**
 * The few-shot tasks of every new user at history length n. A user with fewer than n events is cut at their
 * length (every kept user has at least 4 events, enough for support, validation and test).
 */
export function newUserTasks(split: ColdStartSplit, n: number): NewUserTask[] {
  if (!Number.isInteger(n) || n < 4) throw new Error(`n must be an integer ≥ 4 (support, validation and test), got ${n}`);
  return split.newSequences.map((sequence, i) => {
    const events = sequence.subarray(0, Math.min(n, sequence.length));
    const m = events.length;
    const user = split.newUsers[i]!;
    return {
      user,
      support: events.slice(0, m - 2),
      valid: { user, history: events.slice(0, m - 2), target: events[m - 2]! },
      test: { user, history: events.slice(0, m - 1), target: events[m - 1]! },
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

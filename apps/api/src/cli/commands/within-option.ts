import { MAX_WITHIN_MINUTES } from '../../services/recommendation-outcomes.ts';

/** `--within` of `models outcomes` and `models trial show`: how long after a list an event follows it, at most a week. */
export function checkWithinOption(within: number): void {
  if (within > MAX_WITHIN_MINUTES) throw new Error(`--within must be at most ${MAX_WITHIN_MINUTES} minutes (a week), got ${within}`);
}

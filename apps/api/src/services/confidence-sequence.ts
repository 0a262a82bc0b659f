/**
 * An always-valid 95% interval (an asymptotic confidence sequence, Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas,
 * "Time-uniform central limit theory and asymptotic confidence sequences", Annals of Statistics 2024). A trial's
 * results are read on any day, as often as people like, and a trial is stopped when they look convincing: a normal
 * interval read that way misses far more often than one time in twenty (trial-comparison.test.ts measures it). The
 * sequence is wider than the one-look interval but covers the true difference at every look at once, 95% of the time.
 *
 * For an estimate with standard error `se` after `t` independent units (users), its half-width is z·se with
 *   z² = (1 + ρ²t) / (ρ²t) · (2·ln(1/α) + ln(1 + ρ²t)),
 * the inverted normal-mixture martingale. ρ sets where the sequence is tightest; it must not depend on the data, so it
 * comes from the users the trial plans to reach (tuningFor): then the sequence at that size is about 1.55 times the
 * one-look interval, and wider before it. Choosing ρ changes how soon a difference shows, never the coverage.
 */

/** The error allowed over the whole sequence: 95% intervals. */
export const ALPHA = 0.05;

/** ρ² that makes the sequence tightest after `plannedUnits` units (the approximate optimum, Waudby-Smith et al.). */
export function tuningFor(plannedUnits: number): number {
  const twoLogInverseAlpha = 2 * Math.log(1 / ALPHA);
  return (twoLogInverseAlpha + Math.log(1 + twoLogInverseAlpha)) / plannedUnits;
}

/** The multiple of the standard error that the sequence's half-width is after `units` units, tuned by `rho2`. */
export function sequenceZ(units: number, rho2: number): number {
  const spread = rho2 * units;
  return Math.sqrt(((1 + spread) / spread) * (2 * Math.log(1 / ALPHA) + Math.log(1 + spread)));
}

// erf in float64 to ~1e-15: Maclaurin series near zero, continued fraction for erfc in the tails. The reference
// path uses it so finite-difference checks of GELU see the exact function, not a float32 approximation.

const TWO_OVER_SQRT_PI = 1.1283791670955126;

export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x < 2.5) return erfSeries(x);
  return 1 - erfcContinuedFraction(x);
}

function erfSeries(x: number): number {
  // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

function erfcContinuedFraction(x: number): number {
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up.
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

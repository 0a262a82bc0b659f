// 32-bit hashing shared by dropout (must match assembly/dropout.ts bit for bit) and seed derivation.

/** MurmurHash3's finaliser: a bijection on uint32 with full avalanche. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The uint32 that decides element `counter` of a dropout call with this key. */
export function dropoutBits(key: number, counter: number): number {
  return fmix32((Math.imul(counter, 0x9e3779b9) + key) | 0);
}

/** Keep threshold for drop probability p: an element is kept when (bits >>> 8) >= threshold. */
export function dropoutThreshold(p: number): number {
  return Math.round(p * 16777216);
}

/** Mixes several integers into one 32-bit key (seed, step, call site…). */
export function mixKey(...parts: number[]): number {
  let h = 0x2545f491;
  for (const part of parts) h = fmix32((h ^ fmix32(part >>> 0)) + 0x9e3779b9);
  return h;
}

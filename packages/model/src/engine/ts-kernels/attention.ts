import type { Heap } from '../heap.ts';
import { dropoutBits, dropoutThreshold } from '../hash.ts';

// Reference attention: the same contract as assembly/attention.ts written as plain loops over (b, h, i, j).

export function attentionForward(heap: Heap, qkv: number, ids: number, out: number, probs: number, mask: number, B: number, T: number, H: number, dh: number,
  scale: number, p: number, key: number, counterBase: number): void {
  const f = heap.f();
  const iv = heap.i();
  const D = H * dh;
  const threshold = dropoutThreshold(p);
  const keep = 1 / (1 - p);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const pBase = probs + (b * H + h) * T * T;
      for (let i = 0; i < T; i++) {
        const q = qkv + (b * T + i) * 3 * D + h * dh;
        let m = -Infinity;
        for (let j = 0; j <= i; j++) {
          if (iv[ids + b * T + j] === 0) continue;
          const k = qkv + (b * T + j) * 3 * D + D + h * dh;
          let s = 0;
          for (let d = 0; d < dh; d++) s += f[q + d]! * f[k + d]!;
          f[pBase + i * T + j] = s * scale;
          m = Math.max(m, s * scale);
        }
        let sum = 0;
        for (let j = 0; j < T; j++) {
          const valid = j <= i && iv[ids + b * T + j] !== 0 && m !== -Infinity;
          const e = valid ? Math.exp(f[pBase + i * T + j]! - m) : 0;
          f[pBase + i * T + j] = e;
          sum += e;
        }
        for (let j = 0; j < T; j++) f[pBase + i * T + j] = sum > 0 ? f[pBase + i * T + j]! / sum : 0;
        const o = out + (b * T + i) * D + h * dh;
        for (let d = 0; d < dh; d++) f[o + d] = 0;
        for (let j = 0; j < T; j++) {
          let a = f[pBase + i * T + j]!;
          if (threshold > 0) {
            const index = (b * H + h) * T * T + i * T + j;
            const mk = dropoutBits(key, (counterBase + index) >>> 0) >>> 8 >= threshold ? keep : 0;
            f[mask + index] = mk;
            a *= mk;
          }
          if (a === 0) continue;
          const v = qkv + (b * T + j) * 3 * D + 2 * D + h * dh;
          for (let d = 0; d < dh; d++) f[o + d] = f[o + d]! + a * f[v + d]!;
        }
      }
    }
  }
}

export function attentionBackward(heap: Heap, qkv: number, probs: number, mask: number, dOut: number, dqkv: number, B: number, T: number, H: number, dh: number,
  scale: number, dropout: boolean, accumulate: boolean): void {
  const f = heap.f();
  if (!accumulate) f.fill(0, dqkv, dqkv + B * T * 3 * H * dh);
  const D = H * dh;
  const dP = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const pBase = (b * H + h) * T * T;
      for (let i = 0; i < T; i++) {
        const dO = dOut + (b * T + i) * D + h * dh;
        // dP[j] = dO_i · v_j · mask ; dV_j += P'[i,j] dO_i
        let dot = 0;
        for (let j = 0; j <= i; j++) {
          const mk = dropout ? f[mask + pBase + i * T + j]! : 1;
          const v = qkv + (b * T + j) * 3 * D + 2 * D + h * dh;
          const dv = dqkv + (b * T + j) * 3 * D + 2 * D + h * dh;
          let s = 0;
          const a = f[probs + pBase + i * T + j]! * mk;
          for (let d = 0; d < dh; d++) {
            s += f[dO + d]! * f[v + d]!;
            f[dv + d] = f[dv + d]! + a * f[dO + d]!;
          }
          dP[j] = s * mk;
          dot += f[probs + pBase + i * T + j]! * dP[j]!;
        }
        const q = qkv + (b * T + i) * 3 * D + h * dh;
        const dq = dqkv + (b * T + i) * 3 * D + h * dh;
        for (let j = 0; j <= i; j++) {
          const dS = f[probs + pBase + i * T + j]! * (dP[j]! - dot) * scale;
          if (dS === 0) continue;
          const k = qkv + (b * T + j) * 3 * D + D + h * dh;
          const dk = dqkv + (b * T + j) * 3 * D + D + h * dh;
          for (let d = 0; d < dh; d++) {
            f[dq + d] = f[dq + d]! + dS * f[k + d]!;
            f[dk + d] = f[dk + d]! + dS * f[q + d]!;
          }
        }
      }
    }
  }
}

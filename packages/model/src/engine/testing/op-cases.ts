// The op cases both test suites run: gradient checks (float64 TypeScript) and path agreement (TypeScript vs
// WebAssembly). Shapes are deliberately ragged (not multiples of 4 or 8) so kernel edge paths are covered.
import * as ops from '../ops/index.ts';
import { Rng } from '../rng.ts';
import type { OpCase } from './op-harness.ts';

/** Item ids for B sequences of length T, left-aligned with padding (0) after a random length ≥ 1. */
export function paddedIds(B: number, T: number, vocab: number, seed: number): number[] {
  const rng = new Rng(seed);
  const ids: number[] = [];
  for (let b = 0; b < B; b++) {
    const len = b === 0 ? T : rng.int(1, T + 1);
    for (let t = 0; t < T; t++) ids.push(t < len ? rng.int(1, vocab) : 0);
  }
  return ids;
}

export function opCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const [M, K, N] = [7, 5, 11];
    cases.push({
      name: `matmul transA=${transA} transB=${transB}`,
      inputs: [{ kind: 'float', shape: transA ? [K, M] : [M, K] }, { kind: 'float', shape: transB ? [N, K] : [K, N] }],
      run: (g, [a, b]) => ops.matmul(g, a!, b!, { transA, transB }),
    });
  }
  cases.push({
    name: 'linear with bias on [B, T, in]',
    inputs: [{ kind: 'float', shape: [2, 3, 6] }, { kind: 'float', shape: [6, 9] }, { kind: 'float', shape: [9] }],
    run: (g, [x, w, b]) => ops.linear(g, x!, w!, b),
  });
  cases.push({
    name: 'linear without bias',
    inputs: [{ kind: 'float', shape: [13, 4] }, { kind: 'float', shape: [4, 3] }],
    run: (g, [x, w]) => ops.linear(g, x!, w!),
  });
  cases.push({
    name: 'add',
    inputs: [{ kind: 'float', shape: [3, 7] }, { kind: 'float', shape: [3, 7] }],
    run: (g, [a, b]) => ops.add(g, a!, b!),
  });
  cases.push({
    name: 'addBias',
    inputs: [{ kind: 'float', shape: [5, 6] }, { kind: 'float', shape: [6] }],
    run: (g, [x, b]) => ops.addBias(g, x!, b!),
  });
  cases.push({
    name: 'layerNorm',
    inputs: [{ kind: 'float', shape: [4, 10] }, { kind: 'float', shape: [10] }, { kind: 'float', shape: [10] }],
    run: (g, [x, gamma, beta]) => ops.layerNorm(g, x!, gamma!, beta!, 1e-12),
  });
  for (const [withResidual, training] of [[true, true], [true, false], [false, true]] as const) {
    cases.push({
      name: `residualNorm (residual ${withResidual ? 'yes' : 'no'}, dropout ${training ? 'on' : 'off'})`,
      training,
      inputs: [{ kind: 'float', shape: [3, 2, 9] }, { kind: 'float', shape: [3, 2, 9] }, { kind: 'float', shape: [9] }, { kind: 'float', shape: [9] }],
      run: (g, [x, residual, gamma, beta]) => ops.residualNorm(g, x!, withResidual ? residual : undefined, gamma!, beta!, { dropout: 0.4, eps: 1e-12 }),
    });
  }
  cases.push({
    name: 'addBroadcast (positions)',
    inputs: [{ kind: 'float', shape: [3, 4, 5] }, { kind: 'float', shape: [6, 5] }],
    run: (g, [x, table]) => ops.addBroadcast(g, x!, table!),
  });
  cases.push({
    name: 'add feeding two consumers (gradient adoption and accumulation)',
    inputs: [{ kind: 'float', shape: [4, 3] }, { kind: 'float', shape: [4, 3] }],
    run: (g, [a, b]) => {
      const s = ops.add(g, a!, b!);
      return ops.add(g, ops.add(g, s, a!), ops.gelu(g, s));
    },
  });
  cases.push({ name: 'gelu', inputs: [{ kind: 'float', shape: [3, 9], scale: 3 }], run: (g, [x]) => ops.gelu(g, x!) });
  cases.push({ name: 'relu', inputs: [{ kind: 'float', shape: [3, 9] }], run: (g, [x]) => ops.relu(g, x!) });
  cases.push({ name: 'dropout p=0.5 (training)', training: true, inputs: [{ kind: 'float', shape: [4, 3, 5] }], run: (g, [x]) => ops.dropout(g, x!, 0.5) });
  cases.push({ name: 'softmax', inputs: [{ kind: 'float', shape: [3, 6], scale: 2 }], run: (g, [x]) => ops.softmax(g, x!) });
  // Heads of 3 take the general path; heads of 8 the blocked one (4 query rows at a time, T = 13 leaves a ragged row).
  for (const [training, [B, T, H, dh]] of [[false, [3, 7, 2, 3]], [true, [3, 7, 2, 3]], [false, [2, 13, 2, 8]], [true, [2, 13, 2, 8]]] as const) {
    cases.push({
      name: `causal attention with padding, ${H} heads of ${dh}, dropout ${training ? 'on' : 'off'}`,
      training,
      inputs: [{ kind: 'float', shape: [B, T, 3 * H * dh] }, { kind: 'ints', shape: [B, T], values: paddedIds(B, T, 9, 5) }],
      run: (g, [qkv], [ids]) => ops.causalSelfAttention(g, qkv!, ids!, { heads: H, dropout: 0.3 }),
    });
  }
  cases.push({
    name: 'causal attention read twice from one qkv (its gradient accumulates), 2 heads of 8',
    training: true,
    inputs: [{ kind: 'float', shape: [2, 9, 48] }, { kind: 'ints', shape: [2, 9], values: paddedIds(2, 9, 9, 6) }],
    run: (g, [qkv], [ids]) => ops.add(g, ops.causalSelfAttention(g, qkv!, ids!, { heads: 2, dropout: 0.2 }), ops.causalSelfAttention(g, qkv!, ids!, { heads: 2, dropout: 0 })),
  });
  cases.push({
    name: 'embedding with repeated ids',
    inputs: [{ kind: 'float', shape: [6, 5] }, { kind: 'ints', shape: [2, 4], values: [1, 3, 3, 0, 5, 1, 1, 2] }],
    run: (g, [table], [ids]) => ops.embedding(g, table!, ids!),
  });
  cases.push({
    name: 'rowDot',
    inputs: [{ kind: 'float', shape: [4, 7] }, { kind: 'float', shape: [4, 7] }],
    run: (g, [a, b]) => ops.rowDot(g, a!, b!),
  });
  cases.push({
    name: 'bprLoss with padded targets',
    inputs: [{ kind: 'float', shape: [6], scale: 3 }, { kind: 'float', shape: [6], scale: 3 }, { kind: 'ints', shape: [6], values: [3, 0, 1, 4, 0, 2] }],
    run: (g, [pos, neg], [targets]) => ops.bprLoss(g, pos!, neg!, targets!, 4),
  });
  cases.push({
    name: 'crossEntropy with an ignored row',
    inputs: [{ kind: 'float', shape: [4, 6], scale: 2 }, { kind: 'ints', shape: [4], values: [2, -1, 5, 0] }],
    run: (g, [logits], [targets]) => ops.crossEntropy(g, logits!, targets!, 3),
  });
  for (const blockElements of [1 << 24, 13]) {
    // 13 elements hold one row of 7 scores: every row is its own block, and backward recomputes each block.
    cases.push({
      name: `scoresCrossEntropy with a masked score (${blockElements > 100 ? 'one block' : 'a block per row'})`,
      inputs: [{ kind: 'float', shape: [5, 3] }, { kind: 'float', shape: [7, 3], scale: 2 }, { kind: 'ints', shape: [5], values: [2, 6, 0, 3, 2] }],
      run: (g, [states, table], [targets]) => ops.scoresCrossEntropy(g, states!, table!, targets!, 4, {
        blockElements,
        mask: (offset, firstRow, count) => {
          // Row 1's item 4 takes no share of its softmax, whichever block row 1 falls in.
          if (firstRow <= 1 && 1 < firstRow + count) g.engine.heap.f()[offset + (1 - firstRow) * 7 + 4] = -1e9;
        },
      }),
    });
  }
  cases.push({
    name: 'concat along the last axis, one input used twice',
    inputs: [{ kind: 'float', shape: [3, 2] }, { kind: 'float', shape: [3, 5] }],
    run: (g, [a, b]) => ops.concat(g, [a!, b!, a!]),
  });
  cases.push({
    name: 'reshape then softmax (gradient through the alias)',
    inputs: [{ kind: 'float', shape: [6, 1], scale: 2 }],
    run: (g, [x]) => ops.softmax(g, ops.reshape(g, x!, [2, 3])),
  });
  cases.push({
    name: 'weightedSum of K vectors per row',
    inputs: [{ kind: 'float', shape: [3, 4] }, { kind: 'float', shape: [3, 4, 5] }],
    run: (g, [w, v]) => ops.weightedSum(g, w!, v!),
  });
  cases.push({
    name: 'substituteRows (two rows replaced)',
    inputs: [{ kind: 'float', shape: [6, 4] }, { kind: 'float', shape: [2, 4] }],
    run: (g, [table, rows]) => ops.substituteRows(g, table!, rows!, Int32Array.of(4, 1)),
  });
  // Stage 2 and stage 3 as compositions of the ops above, checked end to end (same code paths as the layers).
  cases.push({
    name: 'item embedding generator: ReLU(e_i + Σ softmax(w·e_nk) e_nk), e = W·a + b',
    inputs: [{ kind: 'float', shape: [2, 5] }, { kind: 'float', shape: [6, 5] }, { kind: 'float', shape: [5, 4] }, { kind: 'float', shape: [4] }, { kind: 'float', shape: [4, 1] }],
    run: (g, [a, neighbours, w, b, attention]) => {
      const e = ops.linear(g, a!, w!, b); // [2, 4]
      const en = ops.linear(g, neighbours!, w!, b); // [6, 4]: 3 neighbours each
      const alpha = ops.softmax(g, ops.reshape(g, ops.linear(g, en, attention!), [2, 3])); // [2, 3]
      return ops.relu(g, ops.add(g, e, ops.weightedSum(g, alpha, ops.reshape(g, en, [2, 3, 4])))); // [2, 4]
    },
  });
  cases.push({
    name: 'fusion: softmax over modalities of MLP(LayerNorm(h)), weights × LayerNorm across items of each score row',
    inputs: [
      { kind: 'float', shape: [3, 6] }, { kind: 'float', shape: [3, 6] }, // hidden of two modalities
      { kind: 'float', shape: [3, 7], scale: 3 }, { kind: 'float', shape: [3, 7], scale: 3 }, // their scores
      { kind: 'float', shape: [6, 4] }, { kind: 'float', shape: [4, 1] }, { kind: 'float', shape: [6, 4] }, { kind: 'float', shape: [4, 1] },
      { kind: 'float', shape: [7] }, { kind: 'float', shape: [7] },
    ],
    run: (g, [h1, h2, s1, s2, w1, v1, w2, v2, gain, bias]) => {
      const one = g.constant(Array(6).fill(1), [6]);
      const zero = g.constant(Array(6).fill(0), [6]);
      const gate = (h: typeof h1, w: typeof w1, v: typeof v1) => ops.linear(g, ops.relu(g, ops.linear(g, ops.layerNorm(g, h!, one, zero, 1e-5), w!)), v!); // [3, 1]
      const weights = ops.softmax(g, ops.concat(g, [gate(h1, w1, v1), gate(h2, w2, v2)])); // [3, 2]
      const normed = [s1, s2].map((s) => ops.layerNorm(g, s!, gain!, bias!, 1e-5)); // 2 × [3, 7]
      return ops.weightedSum(g, weights, ops.reshape(g, ops.concat(g, normed), [3, 2, 7])); // [3, 7]
    },
  });
  return cases;
}

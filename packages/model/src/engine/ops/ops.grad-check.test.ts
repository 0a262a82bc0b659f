import { describe, expect, it } from 'vitest';
import { gradCheck } from '../testing/grad-check.ts';
import { engineFor } from '../testing/op-harness.ts';
import { opCases } from '../testing/op-cases.ts';

describe('op gradients against central finite differences (float64 TypeScript path)', () => {
  const { workspace } = engineFor({ kernels: 'typescript', dtype: 'float64' });
  for (const case_ of opCases()) {
    it(`${case_.name}: backward matches finite differences`, () => {
      for (const seed of [1, 2]) {
        const report = gradCheck(workspace, case_, { seed });
        expect(report.checked).toBeGreaterThan(0);
        expect(report.maxRelativeError, report.worst).toBeLessThan(1e-5);
      }
    });
  }
});

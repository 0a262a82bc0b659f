import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/index.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { benchPytorchTrainStep, bestPytorchRun, findTorchPython } from './pytorch-baseline.ts';

// eslint-disable-next-line no-restricted-properties -- the test finds its Python the way the CLI's env module does
const torchPython = findTorchPython(process.env.FEWSHOT_PYTHON);
const noTorch = 'reason' in torchPython ? torchPython.reason : undefined;

describe('PyTorch same-machine baseline', () => {
  it('explains how to get a Python with torch when the given one has none', async () => {
    const missing = '/nonexistent/python3';
    expect(findTorchPython(missing)).toEqual({ reason: expect.stringContaining(missing) });
    const baseline = await benchPytorchTrainStep({ vocabularies: [100], threads: [1], windows: 1, stepsPerWindow: 1, warmupSteps: 0, python: missing });
    expect(baseline).toEqual({ measured: false, reason: expect.stringContaining('apt-get install python3-torch') });
  });

  it.skipIf(noTorch)(`runs the reference step in PyTorch and reports each thread setting${noTorch ? ` (skipped: ${noTorch})` : ''}`, async () => {
    const seen: number[] = [];
    const baseline = await benchPytorchTrainStep({
      vocabularies: [200, 300],
      threads: [1],
      windows: 2,
      stepsPerWindow: 1,
      warmupSteps: 1,
      onRun: (r) => seen.push(r.numItems),
    });
    if (!baseline.measured) throw new Error(baseline.reason);
    expect(seen).toEqual([200, 300]);
    expect(baseline.runs).toHaveLength(2);
    for (const run of baseline.runs) {
      expect(run.threads).toBe(1);
      expect(run.windowStepsPerSecond).toHaveLength(2);
      expect(run.stepsPerSecond).toBeGreaterThan(0);
      // The same architecture: every weight of our SASRec has its counterpart, and nothing more.
      const ours = SasRec.create(createEngine({ kernels: 'typescript' }), { numItems: run.numItems }, { seed: 1 });
      expect(run.parameters).toBe(ours.params.reduce((n, p) => n + p.value.size, 0));
    }
    expect(baseline.torchVersion).toMatch(/^\d+\.\d+/);
    expect(baseline.blas).toMatch(/blas/i);
    expect(bestPytorchRun(baseline, 300)?.numItems).toBe(300);
    expect(bestPytorchRun(baseline, 12345)).toBeUndefined();
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { profileTrainStep } from './profile-train-step.ts';

describe('profileTrainStep', () => {
  it('accounts for a reference step kernel by kernel', async () => {
    const profile = await profileTrainStep({ numItems: 500, warmupSteps: 1, steps: 2 });
    const byName = new Map(profile.kernels.map((k) => [k.kernel, k]));
    // Two blocks: 4 linear layers each, forward plus two products backward (dX and dW) = 24 matrix products a step.
    expect(byName.get('gemm')?.callsPerStep).toBe(24);
    expect(byName.get('attentionForward')?.callsPerStep).toBe(2);
    expect(byName.get('adamRows')?.callsPerStep).toBe(1);
    expect(profile.kernelMsPerStep).toBeGreaterThan(0);
    expect(profile.kernelMsPerStep).toBeLessThanOrEqual(profile.msPerStep);
    const shares = profile.kernels.reduce((sum, k) => sum + k.share, 0);
    expect(shares).toBeGreaterThan(0.5);
    expect(shares).toBeLessThanOrEqual(1);
    // Slowest first.
    expect(profile.kernels.map((k) => k.msPerStep)).toEqual([...profile.kernels.map((k) => k.msPerStep)].sort((a, b) => b - a));
  }, 60_000);
});

import type { Kernels } from './kernels.ts';

export interface KernelProfile {
  /** Milliseconds and calls per kernel since the last reset, slowest first. */
  report(): Array<{ kernel: string; ms: number; calls: number }>;
  reset(): void;
}

/** Wraps every kernel with a timer, to see where a step's time goes before optimising (engine-notes.md). */
export function profileKernels(kernels: Kernels): { kernels: Kernels; profile: KernelProfile } {
  const totals = new Map<string, { ms: number; calls: number }>();
  const wrapped: Record<string, unknown> = { path: kernels.path };
  for (const [name, value] of Object.entries(kernels)) {
    if (typeof value !== 'function') continue;
    const fn = value as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      const start = performance.now();
      const result = fn(...args);
      const entry = totals.get(name) ?? { ms: 0, calls: 0 };
      entry.ms += performance.now() - start;
      entry.calls += 1;
      totals.set(name, entry);
      return result;
    };
  }
  return {
    kernels: wrapped as unknown as Kernels,
    profile: {
      report: () => [...totals.entries()].map(([kernel, t]) => ({ kernel, ...t })).sort((a, b) => b.ms - a.ms),
      reset: () => totals.clear(),
    },
  };
}

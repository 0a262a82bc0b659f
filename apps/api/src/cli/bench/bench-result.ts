import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Median of a non-empty list of numbers (benchmarks report medians of several runs). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The machine a benchmark ran on, recorded beside every result since these machines are shared and noisy. */
export function machineInfo(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage: os.loadavg(),
    at: new Date().toISOString(),
  };
}

/** Prints a benchmark's results and writes them as JSON when `--json FILE` was given. */
export async function reportBenchResult(name: string, result: Record<string, unknown>, jsonFile?: string): Promise<void> {
  const full = { benchmark: name, ...result, machine: machineInfo() };
  console.log(JSON.stringify(full, null, 2));
  if (jsonFile) {
    await mkdir(path.dirname(path.resolve(jsonFile)), { recursive: true });
    await writeFile(jsonFile, `${JSON.stringify(full, null, 2)}\n`);
    console.log(`wrote ${jsonFile}`);
  }
}

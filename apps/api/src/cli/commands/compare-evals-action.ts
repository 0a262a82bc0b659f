import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareMarkdown, compareRanks, type SliceRanks } from '@fewshot/model/coldstart';
import type { CompareEvalsOptions } from './compare-evals.ts';

/** What `fewshot eval --ranks FILE` writes. */
interface RanksFile {
  command?: string;
  protocol: { name: string; headlineN: number; seeds: number[] };
  config?: unknown;
  ranks: Record<string, SliceRanks>;
}

/** What `fewshot compare-evals` does once its arguments are parsed, loaded only when it runs. */
export async function runCompareEvals(a: string, b: string, options: CompareEvalsOptions): Promise<void> {
  const [runA, runB] = await Promise.all([readRanks(a), readRanks(b)]);
  if (runA.protocol.name !== runB.protocol.name) throw new Error(`${a} is "${runA.protocol.name}" and ${b} is "${runB.protocol.name}": compare runs of the same protocol`);
  const slice = options.slice ?? `n=${runA.protocol.headlineN}`;
  const [sliceA, sliceB] = [runA.ranks[slice], runB.ranks[slice]];
  if (!sliceA || !sliceB) {
    const both = Object.keys(runA.ranks).filter((name) => runB.ranks[name]);
    throw new Error(`no slice "${slice}" in ${sliceA ? b : a}; both runs have: ${both.join(', ') || 'none'}`);
  }
  const rows = compareRanks(sliceA, sliceB, { k: options.k });
  const label = (file: string) => path.basename(file).replace(/\.ranks\.json$|\.json$/, '');
  console.log(compareMarkdown(rows, { a: label(a), b: label(b), slice, k: options.k }));
  if (options.json) {
    await writeFile(options.json, `${JSON.stringify({ a: { file: a, command: runA.command, seeds: runA.protocol.seeds }, b: { file: b, command: runB.command, seeds: runB.protocol.seeds }, slice, k: options.k, methods: rows }, null, 2)}\n`);
    console.log(`wrote ${options.json}`);
  }
}

async function readRanks(file: string): Promise<RanksFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const run = parsed as Partial<RanksFile>;
  if (typeof run !== 'object' || run === null || typeof run.ranks !== 'object' || run.ranks === null || typeof run.protocol?.name !== 'string') {
    throw new Error(`${file} is not a ranks file: write one with fewshot eval … --ranks FILE`);
  }
  return run as RanksFile;
}

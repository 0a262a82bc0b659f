import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds each test file took in a whole run (repository-relative paths); `scripts/test-durations.json`. */
export const DURATIONS_FILE = path.join(import.meta.dirname, 'test-durations.json');

/** The recorded seconds per file, or none where the record is missing or unreadable (every file then counts as short). */
export function readTestDurations(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/**
 * Starts the longest test file first, then every other file in vitest's own order.
 *
 * Vitest's order, on a fresh clone (no cache of durations), is project by project in name order, larger files first:
 * tests/ came last and its console file (the longest, 145 s of a 545 s run, but only 41 lines) last of all, running
 * alone for two minutes after everything else had finished. Started first, it overlaps the package projects instead.
 * Which file is longest comes from a checked-in record of each file's time (`FEWSHOT_RECORD_TEST_DURATIONS=1 npm test`
 * refreshes it), the same on every machine. Only that one file moves: ordering every file longest first put tests/'
 * process-driving files (each starts an api, workers, a browser) side by side, where they slowed each other more than
 * the order gained (573 s against 545 s, the same machine). The rest keeps vitest's order, which keeps each project's
 * files together: a project whose files share a worker (`isolate: false`) keeps it only while the next file queued is
 * of the same project.
 */
export default class LongestFileFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const durations = readTestDurations();
    const root = this.ctx.config.root;
    const seconds = (file: TestSpecification) => durations[path.relative(root, file.moduleId).split(path.sep).join('/')] ?? 0;
    // Per sequence group (vitest runs groups one after another), its longest file moves to the group's front.
    const groups = new Map<number, TestSpecification[]>();
    for (const file of sorted) {
      const order = file.project.config.sequence.groupOrder;
      groups.set(order, [...(groups.get(order) ?? []), file]);
    }
    return [...groups.keys()].sort((a, b) => a - b).flatMap((order) => {
      const group = groups.get(order)!;
      const longest = group.reduce((best, file) => (seconds(file) > seconds(best) ? file : best));
      return [longest, ...group.filter((file) => file !== longest)];
    });
  }
}

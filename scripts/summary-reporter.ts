import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { DURATIONS_FILE, readTestDurations } from './test-sequencer.ts';

/** How many of the slowest test files the summary lists, so CI's log shows where the suite's time goes. */
const SLOWEST_FILES_SHOWN = 15;

/**
 * Prints the plain `N passed, N failed, N skipped` line CI reads at the end of a vitest run, after the slowest files.
 * With `FEWSHOT_RECORD_TEST_DURATIONS=1`, a run without failures also records each file's time in
 * `scripts/test-durations.json`, the order `test-sequencer.ts` starts files in (files that did not run keep theirs).
 */
export default class SummaryReporter implements Reporter {
  private root = process.cwd();

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load has no tests but must still fail the run.
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0) failed++;
    }
    const timed = testModules.map((testModule) => ({ file: this.relative(testModule.moduleId), seconds: testModule.diagnostic().duration / 1000 }));
    process.stdout.write(slowestFiles(timed));
    if (process.env.FEWSHOT_RECORD_TEST_DURATIONS === '1' && failed === 0 && timed.length > 0) {
      recordDurations(this.root, timed);
      process.stdout.write(`recorded ${timed.length} files' times in ${path.relative(this.root, DURATIONS_FILE)}\n`);
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }

  private relative(moduleId: string): string {
    return path.relative(this.root, moduleId).split(path.sep).join('/');
  }
}

type TimedFile = { file: string; seconds: number };

function slowestFiles(timed: TimedFile[]): string {
  const slowest = [...timed].sort((a, b) => b.seconds - a.seconds).slice(0, SLOWEST_FILES_SHOWN);
  if (slowest.length === 0) return '';
  const lines = slowest.map(({ file, seconds }) => `  ${seconds.toFixed(1).padStart(7)} s  ${file}`);
  return `\nslowest test files:\n${lines.join('\n')}\n`;
}

/** Files that ran get this run's times, the others keep theirs; files that no longer exist leave the record. */
function recordDurations(root: string, timed: TimedFile[]): void {
  const recorded = Object.fromEntries(Object.entries(readTestDurations()).filter(([file]) => existsSync(path.join(root, file))));
  for (const { file, seconds } of timed) recorded[file] = Math.round(seconds * 10) / 10;
  const sorted = Object.entries(recorded).sort(([fileA, a], [fileB, b]) => b - a || fileA.localeCompare(fileB));
  writeFileSync(DURATIONS_FILE, `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`);
}

import type { Reporter, TestModule } from 'vitest/node';

/** How many of the slowest test files the summary lists, so CI's log shows where the suite's time goes. */
const SLOWEST_FILES_SHOWN = 15;

/** Prints the plain `N passed, N failed, N skipped` line CI reads at the end of a vitest run, after the slowest files. */
export default class SummaryReporter implements Reporter {
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
    process.stdout.write(slowestFiles(testModules));
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

function slowestFiles(testModules: ReadonlyArray<TestModule>): string {
  const timed = testModules
    .map((testModule) => ({ file: testModule.relativeModuleId, seconds: testModule.diagnostic().duration / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, SLOWEST_FILES_SHOWN);
  if (timed.length === 0) return '';
  const lines = timed.map(({ file, seconds }) => `  ${seconds.toFixed(1).padStart(7)} s  ${file}`);
  return `\nslowest test files:\n${lines.join('\n')}\n`;
}

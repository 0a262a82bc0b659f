import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take minutes and spend them mostly waiting on processes they drive (an api, a worker, Redis, the console,
 * Chromium), so they queue first. vitest's own order runs the projects one after another by name, which put the
 * console's file (about 170 s with its platform start) at the back of the queue: in a fresh-clone run on 2 cores
 * (2026-12-07) it started at 320 s and ran alone for its last 110 s, with two lanes idle. First in the queue, the
 * same run took 603 s instead of 625 s: the cores are busy throughout, so only that tail was won back.
 */
export const LONG_FILES_FIRST = ['tests/console/console.test.ts', 'tests/api/jobs-resilience.test.ts'];

/**
 * vitest's order (groups, then projects, then the longest or largest files first), with LONG_FILES_FIRST moved to the
 * front of their group. Everything else keeps its place, so a package's files still follow one another and share a
 * worker (`isolate: false` reuses a worker only for the next file of the same project).
 */
export default class LongFilesFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification) => {
      const index = LONG_FILES_FIRST.indexOf(path.relative(root, spec.moduleId).split(path.sep).join('/'));
      return index === -1 ? LONG_FILES_FIRST.length : index;
    };
    // Array.prototype.sort is stable: equal ranks keep vitest's order.
    return sorted.sort((a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b));
  }
}

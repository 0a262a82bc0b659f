import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The suite's longest files (the summary's "slowest test files" on a fresh clone), longest first. Vitest's own order
 * on a fresh clone (no timings cached yet) is project by project, larger files first, which started the console's
 * two minutes among the last files and left it running alone at the end; started first, they overlap the rest.
 */
const LONG_FILES = [
  'tests/console/console.test.ts',
  'packages/model/src/mml/large-catalog.test.ts',
  'tests/api/jobs-resilience.test.ts',
  'apps/api/src/cli/commands/train.test.ts',
  'tests/api/jobs-over-http.test.ts',
  'packages/pipeline/src/train/train-model-version.test.ts',
];

/** Vitest's order (group order first: the start command's test stays last), with the long files moved to the front. */
export default class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = LONG_FILES.findIndex((suffix) => file.moduleId.endsWith(suffix));
      return at === -1 ? LONG_FILES.length : at;
    };
    const group = (file: TestSpecification) => file.project.config.sequence.groupOrder;
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => group(a.file) - group(b.file) || rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}

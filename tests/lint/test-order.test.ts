import { existsSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@fewshot/db';
import { describe, expect, it } from 'vitest';
import { BaseSequencer, createVitest, type TestSpecification, type Vitest } from 'vitest/node';

/** The root's test sequencer (scripts/, outside every workspace: imported by its path, as vitest.config.ts does). */
const sequencerModule = path.join(repositoryRoot, 'scripts', 'test-sequencer.ts');

interface SequencerModule {
  default: new (vitest: Vitest) => BaseSequencer;
  readTestDurations(): Record<string, number>;
}

/**
 * The order `npm test` starts files in: the longest recorded file first (so it does not run alone at the end), the
 * rest as vitest orders them. A renamed or deleted longest file would silently turn the sequencer off: this fails.
 */
describe('the order test files start in', () => {
  it('starts the longest recorded file first, keeps the rest in vitest\'s order and the start command last', async () => {
    const { default: Sequencer, readTestDurations } = await import(sequencerModule) as SequencerModule;
    const [longest] = Object.entries(readTestDurations()).sort(([, a], [, b]) => b - a)[0] ?? [];
    expect(longest, 'scripts/test-durations.json records no file').toBeDefined();
    expect(existsSync(path.join(repositoryRoot, longest!)), `${longest} is in scripts/test-durations.json but not in the repository: refresh the record (FEWSHOT_RECORD_TEST_DURATIONS=1 npm test)`).toBe(true);

    const vitest = await createVitest('test', { watch: false, root: repositoryRoot, config: path.join(repositoryRoot, 'vitest.config.ts') });
    try {
      const specs = await vitest.globTestSpecifications();
      const name = (spec: TestSpecification) => path.relative(repositoryRoot, spec.moduleId).split(path.sep).join('/');
      const sorted = (await new Sequencer(vitest).sort(specs)).map(name);
      expect(sorted[0]).toBe(longest);
      expect(sorted.at(-1)).toBe('tests/e2e/start-command.test.ts');
      expect(new Set(sorted).size).toBe(specs.length);
      const vitestOrder = (await new BaseSequencer(vitest).sort(specs)).map(name);
      expect(sorted.filter((file) => file !== longest)).toEqual(vitestOrder.filter((file) => file !== longest));
    } finally {
      await vitest.close();
    }
  });
});

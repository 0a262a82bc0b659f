import { describe } from 'vitest';

/** The models pages' browser tests (filled in by the models pages' author). */
export function defineModelPages(): void {
  describe('models pages', () => {});
}

import { describe } from 'vitest';

/** The items pages' browser tests (filled in by the items pages' author). */
export function defineItemPages(): void {
  describe('items pages', () => {});
}

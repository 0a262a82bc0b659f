import { describe } from 'vitest';

/** The users pages' browser tests (filled in by the users pages' author). */
export function defineUserPages(): void {
  describe('users pages', () => {});
}

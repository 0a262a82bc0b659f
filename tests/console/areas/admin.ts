import { describe } from 'vitest';

/** The admin pages' browser tests (filled in by the admin pages' author). */
export function defineAdminPages(): void {
  describe('admin pages', () => {});
}

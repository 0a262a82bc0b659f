import { describe, expect, it } from 'vitest';
import { platform, screenshot, signedInPage, WIDTHS } from '../platform.ts';

/**
 * Every page at 1280 and 400 px: it renders (its heading shows), without console errors, and with nothing wider than
 * the window (tables scroll inside their panel). A screenshot of each lands in test-output/console.
 */
export function defineAllPages(): void {
  describe('every page', () => {
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      it(`renders without console errors at ${viewport.width} px`, async () => {
        const { db, versions } = platform();
        const [item] = await db.sql.query<{ external_id: string }>(`SELECT external_id FROM items ORDER BY id LIMIT 1`);
        const [user] = await db.sql.query<{ external_id: string }>(`SELECT external_id FROM users ORDER BY id LIMIT 1`);
        const routes = [
          '/', '/items', `/items/${encodeURIComponent(item!.external_id)}`, '/items/new', '/users', `/users/${encodeURIComponent(user!.external_id)}`,
          '/playground', '/models', `/models/${versions.active}`, '/jobs', '/schedules', '/keys', '/no-such-page',
        ];
        const { page, errors, close } = await signedInPage(platform().keys.admin, viewport);
        for (const route of routes) {
          const response = await page.goto(route);
          expect(response?.status(), route).toBe(route === '/no-such-page' ? 404 : 200);
          expect(await page.locator('main h2').first().textContent(), route).toBeTruthy();
          const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
          expect(overflow, `${route} is wider than ${viewport.width} px`).toBeLessThanOrEqual(1);
          await screenshot(page, `${width}${route === '/' ? '-overview' : route.replaceAll('/', '-').replaceAll('%', '')}`);
        }
        // The 404 page's own status is reported by Chromium as a failed resource load: that one is expected.
        expect(errors.filter((error) => !/Failed to load resource: the server responded with a status of 404/.test(error))).toEqual([]);
        await close();
      });
    }
  });
}

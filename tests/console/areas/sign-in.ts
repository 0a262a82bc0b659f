import { describe, expect, it } from 'vitest';
import { platform, screenshot, signedInPage } from '../platform.ts';

/** Sign-in per role: who may enter, what each role's navigation offers, and that the key never reaches the browser. */
export function defineSignIn(): void {
  describe('sign-in', () => {
    it('sends a visitor without a session to /sign-in, and back to the page they asked for', async () => {
      const { browser, consoleUrl, keys } = platform();
      const context = await browser.newContext({ baseURL: consoleUrl });
      const page = await context.newPage();
      await page.goto('/models');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/models');
      await screenshot(page, 'sign-in');
      await page.getByLabel('API key').fill('fsk_not-a-real-key-at-all-not-a-real-key-123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.locator('form [role="alert"]').textContent()).toMatch(/unknown or revoked/);
      await page.getByLabel('API key').fill(keys.frontend);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.locator('form [role="alert"]').textContent()).toMatch(/role frontend/);
      await page.getByLabel('API key').fill(keys.admin);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/models');
      // The session cookie is encrypted and httpOnly: the key is in no cookie a script or a person can read.
      const cookies = await context.cookies();
      expect(cookies.map((c) => c.name)).toEqual(['fewshot_session']);
      expect(cookies[0]!.httpOnly).toBe(true);
      expect(cookies[0]!.value).not.toContain(keys.admin);
      expect(cookies[0]!.value).not.toContain(keys.admin.slice(4, 20));
      expect(await page.evaluate('document.cookie')).toBe('');
      expect(await page.content()).not.toContain(keys.admin);
      await context.close();
    });

    it('shows a merchandiser the item pages but not the admin pages, which say why', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser);
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: 'Items' }).count()).toBe(1);
      for (const adminOnly of ['Models', 'Jobs', 'Schedules', 'API keys']) expect(await nav.getByRole('link', { name: adminOnly }).count()).toBe(0);
      await page.goto('/keys');
      expect(await page.getByTestId('forbidden').textContent()).toMatch(/needs an admin key/);
      expect(await page.getByRole('table').count()).toBe(0);
      await screenshot(page, 'keys-as-merchandiser');
      await nav.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.goto('/items');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(errors).toEqual([]);
      await close();
    });

    it('shows an admin every page in the navigation', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.admin);
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const link of ['Overview', 'Items', 'New item', 'Users', 'Playground', 'Models', 'Jobs', 'Schedules', 'API keys']) expect(await nav.getByRole('link', { name: link, exact: true }).count(), link).toBe(1);
      expect(await nav.textContent()).toContain('admin person');
      expect(errors).toEqual([]);
      await close();
    });
  });
}

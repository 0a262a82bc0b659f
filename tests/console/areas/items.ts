import { describe, expect, it } from 'vitest';
import { postGraphQL } from '../../support/graphql.ts';
import { pngImage } from '../../support/images.ts';
import { platform, screenshot, signedInPage, WIDTHS } from '../platform.ts';

const NEW_ID = 'console-item-new-1';

/** The items pages as a merchandiser uses them: browse and search, an item's page, onboarding with an image, edits. */
export function defineItemPages(): void {
  describe('items pages', () => {
    it('browses the catalog 50 at a time, with previous and next pages and their position', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser);
      const missing: string[] = [];
      page.on('response', (response) => { if (response.status() === 404) missing.push(response.url()); });
      await page.goto('/items');
      const total = Number((await page.getByTestId('items-total').textContent())!.replace(/,/g, ''));
      expect(total).toBeGreaterThanOrEqual(150);
      expect(await page.getByTestId('item-row').count()).toBe(50);
      // Every row has its thumbnail cell (an image through the proxy, or a placeholder that says there is none).
      expect(await page.getByTestId('item-row').locator('img, [role="img"]').count()).toBe(50);
      const position = page.getByTestId('pager-position');
      expect(await position.textContent()).toBe(`1–50 of ${total.toLocaleString('en-US')} items`);
      const first = await page.getByTestId('item-row').first().getByRole('link').textContent();
      await screenshot(page, 'items-browse');
      await page.getByRole('link', { name: 'Next →' }).click();
      await page.waitForURL((url) => url.searchParams.has('after'));
      await expect.poll(() => position.textContent(), { timeout: 15_000 }).toBe(`51–100 of ${total.toLocaleString('en-US')} items`);
      expect(await page.getByTestId('item-row').first().getByRole('link').textContent()).not.toBe(first);
      await page.getByRole('link', { name: '← Previous' }).click();
      await page.waitForURL((url) => !url.searchParams.has('after'));
      await expect.poll(() => position.textContent(), { timeout: 15_000 }).toBe(`1–50 of ${total.toLocaleString('en-US')} items`);
      expect(await page.getByTestId('item-row').first().getByRole('link').textContent()).toBe(first);
      // A row's title opens its item.
      await page.getByTestId('item-row').first().getByRole('link').click();
      await page.waitForURL((url) => url.pathname.startsWith('/items/'));
      expect(await page.locator('main h2').textContent()).toBe(first);
      expect(errors, `404s: ${missing.join(', ')}`).toEqual([]);
      await close();
    });

    it('filters by genre case-insensitively, and says when a search finds nothing', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser, WIDTHS.narrow);
      await page.goto('/items');
      await page.getByLabel('Genre').fill('comedy');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((url) => url.searchParams.get('genre') === 'comedy');
      const rows = page.getByTestId('item-row');
      expect(await rows.count()).toBeGreaterThan(0);
      for (const genres of await rows.locator('td:nth-child(4)').allTextContents()) expect(genres).toContain('Comedy');
      expect(Number((await page.getByTestId('items-total').textContent())!.replace(/,/g, ''))).toBeLessThan(150);
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, 'items-genre-comedy-400');
      await page.goto('/items?q=no-such-title-anywhere');
      expect(await page.getByRole('status').first().textContent()).toMatch(/No items match.*“no-such-title-anywhere”/);
      await screenshot(page, 'items-search-empty');
      expect(errors).toEqual([]);
      await close();
    });

    it('shows an item with its features, nearest neighbours and whom it reaches; an unknown id is a 404', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser);
      await page.goto('/items/m1');
      expect(await page.locator('main h2').textContent()).toBeTruthy();
      expect(await page.getByTestId('neighbour').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('feature-row').count()).toBeGreaterThan(0);
      // Whom it reaches: the api ranked it in the lists of the most recently active users (itemReach).
      expect(await page.getByTestId('reach-summary').textContent()).toMatch(/^Ranked in the lists of the \d+ most recently active users? \(of [\d,]+ with a history\), as each would get them now from version \d+ \(.+\): \d+ gets? it in their top 10/);
      const ranked = page.getByTestId('reach-ranks');
      expect(await ranked.getAttribute('aria-label')).toMatch(/^Users by the item's rank: top 10 \d+, 11–20 \d+, 21–50 \d+, 51–100 \d+, 101–500 \d+, below 500 \d+$/);
      expect(await page.getByTestId('reach-path').count()).toBeGreaterThan(0);
      const named = page.getByTestId('reach-row');
      expect(await named.count()).toBeGreaterThan(0);
      expect(await named.first().getByRole('link').getAttribute('href')).toMatch(/^\/users\//);
      // A neighbour card opens its item.
      const neighbour = await page.getByTestId('neighbour').first().getByRole('link').getAttribute('href');
      expect(neighbour).toMatch(/^\/items\/m\d+$/);
      await screenshot(page, 'item-detail');
      // On a phone: the reach's chart and tables fit the width (wide tables scroll inside their panel).
      await page.setViewportSize(WIDTHS.narrow);
      await page.reload();
      await page.getByTestId('reach-ranks').locator('svg').first().waitFor();
      expect((await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number).toBeLessThanOrEqual(1);
      await screenshot(page, 'item-detail-narrow');
      // Asked outside the page (a 404 document would log a console error there).
      const missing = await page.request.get('/items/no-such-item');
      expect(missing.status()).toBe(404);
      expect(errors).toEqual([]);
      await close();
    });

    it('onboards an item with an uploaded image: progress, recommendable, then listed with its image', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser);
      await page.goto('/items/new');
      await screenshot(page, 'item-new');
      await page.getByLabel('Id').fill(NEW_ID);
      await page.getByLabel('Title').fill('Console Comedy Premiere');
      await page.getByLabel('Description').fill('A brand new comedy about a console that recommends films.');
      await page.getByLabel('Genres').fill('Comedy, Romance');
      await page.getByLabel('Year').fill('2026');
      await page.getByLabel('Attributes (JSON, optional)').fill('{"studio": "Fewshot"}');
      await page.getByLabel('Image (JPEG or PNG, at most 25 MB)').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: pngImage(48, 72, 5) });
      await page.getByRole('button', { name: 'Create item' }).click();
      await expect.poll(() => page.getByTestId('onboarding-step').count(), { timeout: 30_000 }).toBe(2);
      expect(await page.getByRole('progressbar').count()).toBe(2);
      await expect.poll(() => page.getByTestId('verdict').textContent().catch(() => null), { timeout: 60_000 }).toMatch(/^Recommendable/);
      expect(await page.getByRole('progressbar', { name: 'Warm-up progress' }).getAttribute('aria-valuenow')).toBe('100');
      await expect.poll(() => page.getByTestId('reach-summary').count(), { timeout: 30_000 }).toBe(1);
      // Added after the serving version's training: what one new-item slot in every list would do for it.
      expect(await page.getByTestId('reach-with-slot').textContent()).toMatch(/With one slot kept for new items in every list, \d+ of these \d+ users would get it in their top 10/);
      await screenshot(page, 'item-new-recommendable');

      await page.goto('/items?order=newest');
      const row = page.getByTestId('item-row').first();
      expect(await row.getByRole('link').textContent()).toBe('Console Comedy Premiere');
      await expect.poll(() => row.locator('img').evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth; })).toBe(48);
      await page.goto(`/items/${NEW_ID}`);
      await expect.poll(() => page.locator('main img.poster').evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth; })).toBe(48);
      expect(await page.locator('.item-facts').textContent()).toContain('Fewshot');
      const image = await page.request.get(`/images/items/${NEW_ID}`);
      expect(image.status()).toBe(200);
      expect(image.headers()['content-type']).toBe('image/png');
      expect(image.headers()['etag']).toBeTruthy();
      await screenshot(page, 'item-new-page');
      expect(errors).toEqual([]);
      await close();
    });

    it('shows the api\'s message for an upload that is not an image, and keeps what was typed', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser);
      await page.goto('/items/new');
      await page.getByLabel('Id').fill('console-item-bad-upload');
      await page.getByLabel('Title').fill('Not a picture');
      await page.getByLabel('Image (JPEG or PNG, at most 25 MB)').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: Buffer.from('hello, this is a text file\n') });
      await page.getByRole('button', { name: 'Create item' }).click();
      await expect.poll(() => page.locator('main [role="alert"]').first().textContent().catch(() => null)).toMatch(/not a JPEG or PNG image/);
      expect(await page.getByLabel('Title').inputValue()).toBe('Not a picture');
      await screenshot(page, 'item-new-bad-upload');
      expect(await platform().db.prisma.item.count({ where: { externalId: 'console-item-bad-upload' } })).toBe(0);
      expect(errors).toEqual([]);
      await close();
    });

    it('edits an item, and archives and restores it after a confirmation', async () => {
      const { apiUrl, keys } = platform();
      const created = await postGraphQL(apiUrl, 'mutation { createItem(input: { id: "console-item-edit", title: "Edit Me", genres: ["Drama"] }) { item { id } } }', {}, keys.merchandiser);
      expect(created.errors).toBeUndefined();
      const { page, errors, close } = await signedInPage(keys.merchandiser);
      await page.goto('/items/console-item-edit');
      await page.getByLabel('Title', { exact: true }).fill('Edited Title');
      await page.getByLabel('Genres').fill('Drama, Comedy');
      await page.getByLabel('Year').fill('19x5');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => page.locator('main [role="alert"]').first().textContent().catch(() => null)).toMatch(/four digits/);
      // The refused edit keeps what was typed.
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Edited Title');
      expect(await page.getByLabel('Genres').inputValue()).toBe('Drama, Comedy');
      await page.getByLabel('Year').fill('1995');
      await page.getByRole('button', { name: 'Save changes' }).click();
      const outcome = page.locator('main form[aria-label="Edit item"] .notice, main form[aria-label="Edit item"] .error');
      await expect.poll(() => outcome.first().textContent().catch(() => null), { timeout: 30_000 }).toMatch(/^Saved/);
      await expect.poll(() => page.locator('main h2').textContent(), { timeout: 30_000 }).toBe('Edited Title');
      const row = await platform().db.prisma.item.findUniqueOrThrow({ where: { externalId: 'console-item-edit' } });
      expect(row.title).toBe('Edited Title');
      expect(row.attributes).toMatchObject({ genres: ['Drama', 'Comedy'], year: 1995 });

      await page.getByRole('button', { name: 'Archive item…' }).click();
      expect(await page.getByRole('group', { name: 'Confirm archive' }).textContent()).toMatch(/Recommendations stop including it/);
      await page.getByRole('button', { name: 'Cancel' }).click();
      expect(await page.getByTestId('item-status').textContent()).toBe('active');
      await page.getByRole('button', { name: 'Archive item…' }).click();
      await page.getByRole('button', { name: 'Yes, archive it' }).click();
      await expect.poll(() => page.getByTestId('item-status').textContent(), { timeout: 30_000 }).toBe('archived');
      await screenshot(page, 'item-archived');
      await page.getByRole('button', { name: 'Restore item…' }).click();
      await page.getByRole('button', { name: 'Yes, restore it' }).click();
      await expect.poll(() => page.getByTestId('item-status').textContent(), { timeout: 30_000 }).toBe('active');
      expect(errors).toEqual([]);
      await close();
    });

    it('serves images only to a signed-in person', async () => {
      const response = await fetch(`${platform().consoleUrl}/images/items/${NEW_ID}`);
      expect(response.status).toBe(401);
    });
  });
}

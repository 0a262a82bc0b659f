import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { postGraphQL } from '../../support/graphql.ts';
import { platform, screenshot, signedInPage } from '../platform.ts';

const position = (page: Page) => page.getByTestId('pager-position').textContent();

/** The fusion weights as the page prints them ("ID 0.412 · Text 0.588"), as numbers. */
async function printedWeights(page: Page): Promise<number[]> {
  const text = (await page.getByTestId('rec-weights-text').textContent()) ?? '';
  return [...text.matchAll(/(?:ID|Text|Image) (\d+\.\d+)/g)].map((match) => Number(match[1]));
}

/** The users pages: the paged list, a user's whole history with live recommendations, and the playground. */
export function defineUserPages(): void {
  describe('users pages', () => {
    it('pages through the users forward and back, and opens a user by id', async () => {
      const { db, keys } = platform();
      const [{ count }] = (await db.sql.query<{ count: string }>(`SELECT count(*)::text AS count FROM users`)) as [{ count: string }];
      const total = Number(count).toLocaleString('en-US');
      const { page, errors, close } = await signedInPage(keys.admin);
      await page.goto('/users');
      expect(await position(page)).toBe(`1–50 of ${total} users`);
      expect(await page.locator('tbody tr').count()).toBe(50);
      await screenshot(page, 'users-list');
      await page.getByRole('link', { name: 'Next →' }).click();
      await expect.poll(() => position(page)).toBe(`51–100 of ${total} users`);
      await page.getByRole('link', { name: 'Next →' }).click();
      await expect.poll(() => position(page)).toBe(`101–150 of ${total} users`);
      await page.getByRole('link', { name: '← Previous' }).click();
      await expect.poll(() => position(page)).toBe(`51–100 of ${total} users`);
      await page.getByRole('link', { name: '← Previous' }).click();
      await expect.poll(() => position(page)).toBe(`1–50 of ${total} users`);
      expect(await page.locator('.pager [aria-disabled="true"]').first().textContent()).toBe('← Previous');

      await page.getByLabel('User id').fill('no-such-user');
      await page.getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.getByTestId('user-missing').textContent()).toMatch(/no user “no-such-user”/);
      await page.getByLabel('User id').fill('u3');
      await page.getByRole('button', { name: 'Open' }).click();
      await page.waitForURL((url) => url.pathname === '/users/u3');
      expect(await page.locator('main h2').textContent()).toBe('User u3');

      // An unknown user is the styled 404 (asked outside the page: Chromium logs a 404 document as a console error).
      const missing = await page.request.get('/users/no-such-user');
      expect(missing.status()).toBe(404);
      expect(await missing.text()).toContain('There is no page at this address');
      expect(errors).toEqual([]);
      await close();
    });

    it('opens a user whose id has characters a URL escapes (Next.js hands pages their params still encoded)', async () => {
      const { apiUrl, keys } = platform();
      const id = 'ana@example.com:7 (vip)';
      const created = await postGraphQL<{ upsertUser: { id: string } }>(apiUrl, 'mutation ($id: ID!) { upsertUser(input: { id: $id }) { id } }', { id }, keys.frontend);
      expect(created.errors).toBeUndefined();
      const { page, errors, close } = await signedInPage(keys.admin);
      await page.goto(`/users/${encodeURIComponent(id)}`);
      expect(await page.locator('main h2').first().textContent()).toBe(`User ${id}`);
      // A malformed escape is a page that is not there, not a failure (Next.js alone answered a bare 500: src/proxy.ts).
      expect((await page.request.get('/users/%E0%A4%A')).status()).toBe(404);
      expect(errors).toEqual([]);
      await close();
    });

    it('lists users most recently active first, paging in that order, with when each was last active', async () => {
      const { db, keys } = platform();
      const rows = await db.sql.query<{ external_id: string; first_at: Date; last_at: Date }>(
        `SELECT u.external_id, min(i.occurred_at) AS first_at, max(i.occurred_at) AS last_at FROM users u JOIN interactions i ON i.user_id = u.id
          GROUP BY u.id, u.external_id ORDER BY max(i.occurred_at) DESC, u.id DESC LIMIT 60`,
      );
      const expected = rows.map((row) => row.external_id);
      const { page, errors, close } = await signedInPage(keys.admin);
      await page.goto('/users');
      await page.getByTestId('users-order-recent').click();
      await page.waitForURL((url) => url.searchParams.get('order') === 'recent');
      const ids = () => page.locator('tbody tr td:first-child').allTextContents();
      await expect.poll(ids).toEqual(expected.slice(0, 50));
      // Each user's first and latest event, as the events say.
      const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
      expect([await page.getByTestId('user-first-active').first().textContent(), await page.getByTestId('user-last-active').first().textContent()])
        .toEqual([day.format(new Date(rows[0]!.first_at)), day.format(new Date(rows[0]!.last_at))]);
      await page.getByRole('link', { name: 'Next →' }).click();
      await expect.poll(ids).toEqual(expect.arrayContaining(expected.slice(50, 60)));
      expect(new URL(page.url()).searchParams.get('order')).toBe('recent');
      expect((await ids())[0]).toBe(expected[50]);
      await screenshot(page, 'users-recently-active');
      expect(errors).toEqual([]);
      await close();
    });

    it('shows only cold or only warm users, in either order, keeping the filter while paging and reordering', async () => {
      const { db, keys } = platform();
      // The api's default cold threshold (FEWSHOT_COLD_THRESHOLD, 20): users without any event are cold too.
      const ofUsers = async (cold: boolean, recent: boolean) => (await db.sql.query<{ external_id: string }>(
        `SELECT u.external_id FROM users u LEFT JOIN user_activity a ON a.user_id = u.id
          WHERE (coalesce(a.events, 0) < 20) = $1 ${recent ? 'AND a.user_id IS NOT NULL ORDER BY a.last_at DESC, u.id DESC' : 'ORDER BY u.id'}`,
        [cold],
      )).map((row) => row.external_id);
      const [cold, warm, recentCold] = [await ofUsers(true, false), await ofUsers(false, false), await ofUsers(true, true)];
      expect(cold.length, 'the demo slice has cold users').toBeGreaterThan(0);
      expect(warm.length, 'the demo slice has warm users').toBeGreaterThan(50);
      const { page, errors, close } = await signedInPage(keys.admin);
      await page.goto('/users');
      const ids = () => page.locator('tbody tr td:first-child').allTextContents();
      await page.getByTestId('users-who-cold').click();
      await page.waitForURL((url) => url.searchParams.get('who') === 'cold');
      await expect.poll(ids).toEqual(cold.slice(0, 50));
      expect(await page.getByRole('navigation', { name: 'Whom the list shows' }).textContent()).toBe('Show:EveryoneCold (under 20 events)Warm (20 or more)');
      expect(await page.getByText(`of ${cold.length.toLocaleString('en-US')} users`).count()).toBeGreaterThan(0);
      await page.getByTestId('users-order-recent').click();
      await page.waitForURL((url) => url.searchParams.get('order') === 'recent' && url.searchParams.get('who') === 'cold');
      await expect.poll(ids).toEqual(recentCold.slice(0, 50));
      await screenshot(page, 'users-cold');
      await page.getByTestId('users-who-warm').click();
      await page.waitForURL((url) => url.searchParams.get('who') === 'warm' && url.searchParams.get('order') === 'recent');
      await page.goto('/users?who=warm');
      await expect.poll(ids).toEqual(warm.slice(0, 50));
      await page.getByRole('link', { name: 'Next →' }).click();
      await expect.poll(ids).toEqual(warm.slice(50, 100));
      expect(new URL(page.url()).searchParams.get('who')).toBe('warm');
      expect(errors).toEqual([]);
      await close();
    });

    it("shows a user's whole history a page at a time, with images or placeholders, and live recommendations", async () => {
      const { db, keys } = platform();
      const [heavy] = await db.sql.query<{ external_id: string; events: number }>(
        `SELECT u.external_id, count(*)::int AS events FROM users u JOIN interactions i ON i.user_id = u.id
          GROUP BY u.id HAVING count(*) > 60 AND count(DISTINCT i.item_id) <= 100 ORDER BY count(*), u.id LIMIT 1`,
      );
      // More than 60 events, yet at least 50 of the 150 items unseen: ten recommendations remain after excludeSeen.
      expect(heavy, 'the demo slice has a user with more than 60 events').toBeTruthy();
      const events = heavy!.events;
      const newest = await db.sql.query<{ has_image: boolean }>(
        `SELECT (it.image_uri IS NOT NULL) AS has_image FROM interactions i JOIN users u ON u.id = i.user_id JOIN items it ON it.id = i.item_id
          WHERE u.external_id = $1 ORDER BY i.occurred_at DESC, i.id DESC LIMIT 50`,
        [heavy!.external_id],
      );
      const withImages = newest.filter((row) => row.has_image).length;

      const { page, errors, close } = await signedInPage(keys.admin);
      await page.goto(`/users/${encodeURIComponent(heavy!.external_id)}`);
      const rows = page.getByTestId('history-row');
      expect(await rows.count()).toBe(50);
      expect(await position(page)).toBe(`1–50 of ${events.toLocaleString('en-US')} events`);
      // Thumbnails through the console's image proxy where the item has an image; a placeholder box where it has none.
      expect(await rows.getByTestId('item-image').count()).toBe(withImages);
      expect(await rows.getByTestId('no-image').count()).toBe(50 - withImages);
      if (withImages > 0) expect(await rows.getByTestId('item-image').first().getAttribute('src')).toMatch(/^\/images\/items\//);
      expect(await rows.first().getByRole('link').getAttribute('href')).toMatch(/^\/items\//);

      const recs = page.getByTestId('recommendations');
      expect(await recs.getByTestId('rec-card').count()).toBe(10);
      expect(await recs.getByTestId('rec-source').textContent()).toBe('MODEL');
      // Each with the item of the user's history it is most like.
      expect(await recs.getByTestId('rec-because').count()).toBe(10);
      expect(await recs.getByTestId('rec-because').first().getByRole('link').getAttribute('href')).toMatch(/^\/items\//);
      expect(await recs.getByTestId('rec-history').textContent()).toBe(`${events.toLocaleString('en-US')} events`);
      expect(await recs.getByTestId('rec-fewshot').textContent()).toBe('no');
      expect(await recs.getByTestId('rec-fewshot-reason').textContent()).toMatch(new RegExp(`^No few-shot path: ${events} events, at or above the cold threshold \\(\\d+\\)`));
      const weights = await printedWeights(page);
      expect(weights.length).toBeGreaterThanOrEqual(2);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      const chart = page.getByTestId('weights-chart');
      expect(await chart.getAttribute('aria-label')).toMatch(/^Fusion weights: ID \d\.\d\d/);
      await expect.poll(() => chart.locator('.recharts-bar-rectangle').count()).toBe(weights.length);
      await screenshot(page, 'user-detail');

      await page.getByRole('link', { name: 'Next →' }).click();
      await expect.poll(() => position(page)).toBe(`51–${Math.min(100, events).toLocaleString('en-US')} of ${events.toLocaleString('en-US')} events`);
      expect(await rows.count()).toBe(Math.min(50, events - 50));
      await screenshot(page, 'user-detail-page-2');
      await page.getByRole('link', { name: '← Previous' }).click();
      await expect.poll(() => position(page)).toBe(`1–50 of ${events.toLocaleString('en-US')} events`);
      expect(errors).toEqual([]);
      await close();
    });

    it('shows the lists a frontend showed a cold user, newest first, and which item of which list they took', async () => {
      const { apiUrl, db, keys } = platform();
      const user = 'console-cold-lists';
      const record = async (itemId: string) => expect((await postGraphQL(apiUrl, `mutation { recordInteraction(input: { userId: "${user}", itemId: "${itemId}", kind: CLICK }) { created } }`, {}, keys.frontend)).errors).toBeUndefined();
      const shown = async () => (await postGraphQL<{ recommendations: { items: Array<{ item: { id: string; title: string } }> } }>(apiUrl, `query { recommendations(userId: "${user}", first: 5) { items { item { id title } } } }`, {}, keys.frontend)).data!.recommendations.items;
      for (const item of ['m3', 'm9', 'm27']) await record(item);
      // Shown a list, the user clicks its third item; then shown the next one, which nothing follows yet.
      const first = await shown();
      await record(first[2]!.item.id);
      await shown();
      // Lists are written in batches off the request: within about a second.
      await expect.poll(async () => Number((await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM served_lists l JOIN users u ON u.id = l.user_id WHERE u.external_id = $1', [user]))[0]!.n), { timeout: 15_000 }).toBe(2);

      const { page, errors, close } = await signedInPage(keys.merchandiser);
      await page.goto(`/users/${user}`);
      const lists = page.getByTestId('served-list');
      expect(await lists.count()).toBe(2);
      expect(await lists.nth(0).getByTestId('served-list-followed').textContent()).toBe('not yet (its day is not over)');
      expect(await lists.nth(1).getByTestId('served-list-followed').textContent()).toBe(`#3 ${first[2]!.item.title}, within a minute`);
      // The older list's items in their order, the one taken marked; each list by how it was made.
      expect(await lists.nth(1).locator('.tag').allTextContents()).toEqual(first.map((entry, i) => `${i + 1}. ${entry.item.title}`));
      expect(await lists.nth(1).locator('.tag.followed').textContent()).toBe(`3. ${first[2]!.item.title}`);
      expect(await lists.nth(1).textContent()).toMatch(/few-shot/);
      expect(await page.getByRole('table', { name: `Lists shown to user ${user}, newest first` }).locator('caption').textContent()).toMatch(/^The 2 lists a frontend showed, newest first/);
      await screenshot(page, 'user-lists-shown');
      expect(errors).toEqual([]);
      await close();
      // Gone with their lists: the models pages count every list frontends were shown.
      expect((await postGraphQL(apiUrl, `mutation { deleteUser(id: "${user}") { deletedInteractions } }`, {}, keys.admin)).data).toEqual({ deleteUser: { deletedInteractions: 4 } });
    });

    it("lets a merchandiser read a user's history and recommendations", async () => {
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser, { width: 400, height: 860 });
      await page.goto('/users/u3');
      expect(await page.getByTestId('forbidden').count()).toBe(0);
      expect(await page.getByTestId('rec-card').count()).toBe(10);
      expect(await page.getByTestId('history-row').count()).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: /^Delete user/ }).count()).toBe(0);
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, 'user-detail-merchandiser-400');
      expect(errors).toEqual([]);
      await close();
    });

    it('recommends for an anonymous sequence picked by search, kept in the address', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.admin);
      await page.goto('/playground');
      expect(await page.getByRole('status').filter({ hasText: 'No items picked yet' }).count()).toBe(1);
      expect(await page.getByTestId('rec-source').textContent()).toBe('POPULARITY');
      expect(await page.getByTestId('rec-reason').textContent()).toMatch(/no history to personalise from/);
      expect(await page.getByTestId('rec-card').count()).toBe(10);
      await screenshot(page, 'playground-empty');

      // The slice's titles are "Movie <n>": "Movie 12" matches Movie 12 and Movie 120–129.
      await page.getByRole('searchbox', { name: 'Title contains' }).fill('Movie 12');
      await page.getByRole('button', { name: 'Search' }).click();
      await expect.poll(() => page.getByTestId('search-result').count()).toBe(11);
      await page.getByRole('button', { name: 'Add Movie 12', exact: true }).click();
      await expect.poll(() => page.getByTestId('sequence-item').count()).toBe(1);
      expect(await page.getByTestId('rec-source').textContent()).toBe('MODEL');
      await page.getByRole('button', { name: 'Add Movie 125', exact: true }).click();
      await expect.poll(() => page.getByTestId('sequence-item').count()).toBe(2);
      expect(new URL(page.url()).searchParams.getAll('seq')).toEqual(['m12', 'm125']);
      expect(new URL(page.url()).searchParams.get('q')).toBe('Movie 12');
      expect(await page.getByTestId('rec-source').textContent()).toBe('MODEL');
      expect(await page.getByTestId('rec-history').textContent()).toBe('2 events');
      // Why the two picks were not adapted on, in the version's own number (bounded.minHistory).
      expect(await page.getByTestId('rec-fewshot-reason').textContent()).toMatch(/^No few-shot path: 2 events; this version adapts on 3 or more \(bounded.minHistory/);
      expect(await page.getByTestId('rec-card').count()).toBe(10);
      const weights = await printedWeights(page);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      expect(await page.getByTestId('weights-chart').count()).toBe(1);
      // The picked items never come back as recommendations (excludeSeen).
      const recommended = await page.getByTestId('rec-title').allTextContents();
      expect(recommended).not.toContain('Movie 12');
      expect(recommended).not.toContain('Movie 125');
      await screenshot(page, 'playground');

      await page.getByRole('button', { name: 'Remove Movie 12', exact: true }).click();
      await expect.poll(() => page.getByTestId('sequence-item').count()).toBe(1);
      expect(await page.getByTestId('sequence-item').getByRole('link').textContent()).toBe('Movie 125');
      expect(new URL(page.url()).searchParams.getAll('seq')).toEqual(['m125']);
      expect(await page.getByTestId('rec-history').textContent()).toBe('1 event');

      // A shared address with an id the catalog lacks: it is shown, left out, and can be removed.
      await page.goto('/playground?seq=m3&seq=nope');
      expect(await page.getByTestId('sequence-item').count()).toBe(2);
      expect(await page.getByRole('status').filter({ hasText: 'does not have: nope' }).count()).toBe(1);
      expect(await page.getByTestId('rec-history').textContent()).toBe('1 event');
      await page.getByRole('button', { name: 'Remove nope' }).click();
      await expect.poll(() => page.getByTestId('sequence-item').count()).toBe(1);

      // Slots kept for new items: chosen on the page, kept in the address and through the sequence's changes, and the
      // list (with its "new item" badges) is the api's for the same request.
      // An item onboarded now (features, then the generator places it for the active version) is one.
      const { apiUrl, keys } = platform();
      const created = await postGraphQL(apiUrl, 'mutation { createItem(input: { id: "playground-newcomer", title: "Playground Newcomer", genres: ["Comedy"] }) { item { id } } }', {}, keys.merchandiser);
      expect(created.errors).toBeUndefined();
      const apiList = async () => (await postGraphQL<{ recommendations: { items: Array<{ newItem: boolean; newToVersion: boolean; item: { title: string } }> } }>(apiUrl, 'query { recommendations(recentItemIds: ["m12", "m125"], first: 10, newItems: 2) { items { newItem newToVersion item { title } } } }', {}, keys.admin)).data!.recommendations.items;
      await expect.poll(async () => (await apiList()).some((entry) => entry.item.title === 'Playground Newcomer' && entry.newItem), { timeout: 60_000 }).toBe(true);
      await page.goto('/playground?seq=m12&seq=m125');
      await page.getByLabel('Slots kept for new items').selectOption('2');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((url) => url.searchParams.get('new') === '2');
      expect(new URL(page.url()).searchParams.getAll('seq')).toEqual(['m12', 'm125']);
      const items = await apiList();
      expect(await page.getByTestId('rec-new-item').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('rec-title').allTextContents()).toEqual(items.map((entry) => entry.item.title));
      expect(await page.getByTestId('rec-new-item').count()).toBe(items.filter((entry) => entry.newItem).length);
      // New items that ranked in on their own (counted towards the slots) are marked apart.
      expect(await page.getByTestId('rec-new-ranked').count()).toBe(items.filter((entry) => entry.newToVersion && !entry.newItem).length);
      await screenshot(page, 'playground-new-items');
      // Bounded: only new items ranked within the top R take a slot; the list is the api's for the same bound.
      const boundedList = async (within: number) => (await postGraphQL<{ recommendations: { items: Array<{ item: { title: string } }> } }>(apiUrl, 'query ($w: Int) { recommendations(recentItemIds: ["m12", "m125"], first: 10, newItems: 2, newItemsWithin: $w) { items { item { title } } } }', { w: within }, keys.admin)).data!.recommendations.items.map((entry) => entry.item.title);
      await page.getByLabel('for new items ranked within').selectOption('20');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((url) => url.searchParams.get('within') === '20');
      expect(await page.getByTestId('rec-title').allTextContents()).toEqual(await boundedList(20));
      // The newcomer ranks below the top 20 for this sequence: its slot goes back to the list's own next item.
      expect(await page.getByTestId('rec-new-item').count()).toBe(0);
      expect(await boundedList(20)).not.toContain('Playground Newcomer');
      await page.getByRole('button', { name: 'Remove Movie 12', exact: true }).click();
      await expect.poll(() => page.getByTestId('sequence-item').count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('new')).toBe('2');
      expect(new URL(page.url()).searchParams.get('within')).toBe('20');
      expect(await page.getByLabel('Slots kept for new items').inputValue()).toBe('2');
      expect(await page.getByLabel('for new items ranked within').inputValue()).toBe('20');
      expect(errors).toEqual([]);
      await close();
    });

    it('deletes a user for an admin once their id is typed out, and says on the list what went', async () => {
      const { apiUrl, db, keys } = platform();
      const id = 'leaving@example.com';
      const recorded = await postGraphQL<{ recordInteractions: { recorded: number } }>(apiUrl, 'mutation ($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { recorded } }', {
        inputs: [{ userId: id, itemId: 'm3' }, { userId: id, itemId: 'm9' }],
      }, keys.frontend);
      expect(recorded.data).toEqual({ recordInteractions: { recorded: 2 } });
      const { page, errors, close } = await signedInPage(keys.admin);
      await page.goto(`/users/${encodeURIComponent(id)}`);
      await page.getByRole('button', { name: 'Delete user…' }).click();
      const confirm = page.getByRole('group', { name: `Confirm deleting user ${id}` });
      expect(await confirm.textContent()).toContain(`Delete user “${id}” and their 2 events?`);
      const deleteForGood = confirm.getByRole('button', { name: 'Delete for good' });
      expect(await deleteForGood.isDisabled()).toBe(true);
      await confirm.getByLabel("Type the user's id to confirm").fill('leaving@example');
      expect(await deleteForGood.isDisabled()).toBe(true);
      // Keep closes the question and forgets what was typed.
      await confirm.getByRole('button', { name: 'Keep' }).click();
      await page.getByRole('button', { name: 'Delete user…' }).click();
      expect(await confirm.getByLabel("Type the user's id to confirm").inputValue()).toBe('');
      await confirm.getByLabel("Type the user's id to confirm").fill(id);
      expect(await deleteForGood.isDisabled()).toBe(false);
      await screenshot(page, 'user-delete-confirm');
      expect(await db.prisma.user.count({ where: { externalId: id } })).toBe(1);
      await deleteForGood.click();
      await page.waitForURL((url) => url.pathname === '/users' && url.searchParams.get('deleted') === id);
      expect(await page.getByTestId('user-deleted').textContent()).toBe(`User “${id}” was deleted, with 2 events.`);
      await screenshot(page, 'user-deleted');
      expect(await db.prisma.user.count({ where: { externalId: id } })).toBe(0);
      expect((await page.request.get(`/users/${encodeURIComponent(id)}`)).status()).toBe(404);
      // A made-up link cannot announce the deletion of someone who is still there.
      await page.goto('/users?deleted=u3&events=12');
      expect(await page.getByTestId('user-deleted').count()).toBe(0);
      expect(errors).toEqual([]);
      await close();
    });
  });
}

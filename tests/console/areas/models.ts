import { inCandidateArm } from '@fewshot/pipeline/lifecycle';
import { tinyTraining } from '@fewshot/pipeline/testing';
import { describe, expect, it } from 'vitest';
import { postGraphQL } from '../../support/graphql.ts';
import { platform, screenshot, signedInPage, WIDTHS } from '../platform.ts';

async function servedVersion(): Promise<string | null> {
  const { apiUrl, keys } = platform();
  const answer = await postGraphQL<{ serving: { modelVersion: { id: string } | null } }>(apiUrl, '{ serving { modelVersion { id } } }', {}, keys.admin);
  return answer.data?.serving.modelVersion?.id ?? null;
}

async function versionName(id: number): Promise<string> {
  const [row] = await platform().db.sql.query<{ name: string }>('SELECT name FROM model_versions WHERE id = $1', [id]);
  return row!.name;
}

interface TrialAnswer { id: string; share: number; plannedUsers: number; stopIfWorse: boolean; promoteIfBetter: boolean; status: string; newItemSlots: number | null; newItemWithin: number | null }

async function runningTrial(): Promise<TrialAnswer | null> {
  const { apiUrl, keys } = platform();
  return (await postGraphQL<{ modelTrial: TrialAnswer | null }>(apiUrl, '{ modelTrial { id share plannedUsers stopIfWorse promoteIfBetter status newItemSlots newItemWithin } }', {}, keys.admin)).data?.modelTrial ?? null;
}

/** What a frontend does: records a known user's events, shows them a list, and records the event that follows it. */
const frontend = {
  record: async (userId: string, itemId: string) => {
    const { apiUrl, keys } = platform();
    const answer = await postGraphQL(apiUrl, 'mutation ($u: ID!, $i: ID!) { recordInteraction(input: { userId: $u, itemId: $i }) { created } }', { u: userId, i: itemId }, keys.frontend);
    expect(answer.errors).toBeUndefined();
  },
  show: async (userId: string) => {
    const { apiUrl, keys } = platform();
    const answer = await postGraphQL<{ recommendations: { modelVersion: { id: string } | null; items: Array<{ item: { id: string } }> } }>(apiUrl, 'query ($u: ID!) { recommendations(userId: $u) { modelVersion { id } items { item { id } } } }', { u: userId }, keys.frontend);
    expect(answer.errors).toBeUndefined();
    return { version: answer.data!.recommendations.modelVersion?.id ?? null, items: answer.data!.recommendations.items.map((entry) => entry.item.id) };
  },
};

/** A difference in percentage points as the console writes it (a real minus sign, one decimal). */
const pp = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}`;

/**
 * The models pages and the overview (issue #11): versions with their metrics, a retrain with live progress, promotion
 * and rollback through a confirmation, the overview's charts and recent jobs. Leaves the platform as it found it: the
 * first version ACTIVE, the candidate READY (a third, tiny READY version stays: the retrain's).
 */
export function defineModelPages(): void {
  describe('models pages', () => {
    it('lists both versions with their headline metrics, a chart comparing them, and pages through them', async () => {
      const { versions, db } = platform();
      const { page, errors, close } = await signedInPage(platform().keys.admin);
      // The first page of the whole browser logs a 404 while signing in (its favicon: the console serves none), which
      // is no models page's error: here every 404 these pages cause is caught as a response, every other error as such.
      const notFound: string[] = [];
      page.on('response', (response) => {
        if (response.status() === 404) notFound.push(response.url());
      });
      await page.goto('/models');
      const table = page.getByTestId('model-versions');
      await expect.poll(() => table.getByTestId(`version-${versions.active}`).textContent()).toContain('active');
      expect(await table.getByTestId(`version-${versions.ready}`).textContent()).toContain('ready');
      expect(await table.getByTestId(`version-${versions.ready}`).textContent()).toMatch(/0\.\d{3}/);
      await page.getByTestId('versions-chart').locator('svg').first().waitFor();
      await screenshot(page, 'models');

      // A page at a time (a size of 1 from the URL), newest first, with its position; the serving version is named
      // on every page, the chart compares the page's own versions.
      const newest = (await db.sql.query<{ id: number }>('SELECT id FROM model_versions ORDER BY created_at DESC, id DESC')).map((row) => Number(row.id));
      const total = newest.length;
      expect(total).toBeGreaterThanOrEqual(2);
      const position = page.getByTestId('pager-position');
      expect(await position.textContent()).toBe(`1–${total} of ${total} versions`);
      expect(await page.getByTestId('versions-chart-caption').textContent()).toContain(`of this page (1–${total} of ${total})`);
      const shown = async () => (await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')))).map((id) => Number(id!.replace('version-', '')));
      const serving = await versionName(versions.active);
      await page.goto('/models?size=1');
      expect(await position.textContent()).toBe(`1–1 of ${total} versions`);
      expect(await shown()).toEqual([newest[0]]);
      expect(await page.getByTestId('models-serving').textContent()).toContain(serving);
      await page.getByRole('link', { name: 'Next →' }).click();
      await page.waitForURL((url) => url.searchParams.has('after') && url.searchParams.get('size') === '1');
      await expect.poll(() => position.textContent(), { timeout: 15_000 }).toBe(`2–2 of ${total} versions`);
      expect(await shown()).toEqual([newest[1]]);
      expect(await page.getByTestId('models-serving').textContent()).toContain(serving);
      await screenshot(page, 'models-page-2');
      await page.getByRole('link', { name: '← Previous' }).click();
      await page.waitForURL((url) => !url.searchParams.has('after') && url.searchParams.get('size') === '1');
      await expect.poll(() => position.textContent(), { timeout: 15_000 }).toBe(`1–1 of ${total} versions`);
      expect(await page.locator('.pager [aria-disabled="true"]').first().textContent()).toBe('← Previous');
      // Sizes out of range are clamped, not refused.
      await page.goto('/models?size=0');
      expect(await position.textContent()).toBe(`1–1 of ${total} versions`);
      await page.goto('/models?size=5000');
      expect(await position.textContent()).toBe(`1–${total} of ${total} versions`);

      await page.goto(`/models/${versions.active}`);
      expect(await page.getByTestId('version-status').textContent()).toBe('active');
      expect(await page.getByRole('table').count()).toBeGreaterThan(2);
      // The adaptation's latency comes with how busy the machine was when it was timed.
      await page.getByText(/Adapting to one new user takes [\d.]+ ms \(p50\), [\d.]+ ms \(p99\), timed at a load average of [\d.]+ on \d+ cores/).waitFor();
      await page.getByTestId('baseline-chart').locator('svg').first().waitFor();
      // What users without history get: the policy its training chose, each candidate's NDCG@10, as bars and numbers.
      const firstItems = page.getByTestId('first-items');
      await firstItems.getByTestId('first-items-chart').locator('svg').first().waitFor();
      expect(await firstItems.getByTestId('first-items-served').textContent()).toMatch(/^Served: the most picked over (all time|the last \d+ days|each user's first (event|\d+ events))\. \S/);
      expect(await firstItems.locator('tbody tr').count()).toBe(7);
      expect(await firstItems.locator('tbody .tag').allTextContents()).toEqual(['served']);
      // New-item slots replayed on the events after the split (the platform's late items are new to the version): one
      // row per count, hits gained and lost per 1,000 lists as bars, and what it is (and is not) a measure of.
      const slots = page.getByTestId('new-item-slots');
      await slots.getByTestId('new-item-slots-chart').locator('svg').first().waitFor();
      expect(await slots.getByTestId('new-item-slots-summary').textContent()).toMatch(/^12 of those events \([\d.]+%\) picked an item this version was not trained on\. .*\(12 new-item events and a sample of [\d,]+ others, .*shows in a trial of the setting\.$/);
      const slotRows = await slots.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => (cell as { textContent: string | null }).textContent)));
      // Unbounded, then bounded as the api serves by default (a new item within the user's top 50).
      expect(slotRows.map((row) => row[0])).toEqual(['none', '1 slot', '2 slots', '3 slots', '1 slot, top 50', '2 slots, top 50', '3 slots, top 50']);
      expect(slotRows[0]!.slice(5)).toEqual(['–', '–']);
      for (const row of slotRows.slice(1)) {
        expect(row[4]).toMatch(/^\d+\.\d%$/);
        expect(row[5]).toMatch(/^\+\d+\.\d \/ −\d+\.\d$/);
        expect(row[6]).toMatch(/^[+−]\d\.\d{3} \[[+−]\d\.\d{3}, [+−]\d\.\d{3}\]$/);
      }
      // Every list with 1 slot shows a new item (each replayed user has a late film left to see); without, fewer do.
      expect(slotRows[1]![4]).toBe('100.0%');
      expect(Number.parseFloat(slotRows[0]![4]!)).toBeLessThan(100);
      await page.getByTestId('curve-pretrain-loss').locator('svg').first().waitFor();
      // Each stage's seconds and the training engine's heap after it (the heap never shrinks; 4 GiB is its limit).
      await page.getByRole('columnheader', { name: 'Heap (MB)' }).waitFor();
      expect(await page.getByRole('row', { name: /^pretrain:id [\d.]+ \d+$/ }).count()).toBe(1);
      await screenshot(page, 'models-active-version');
      expect(notFound).toEqual([]);
      expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
      const missing = await page.goto('/models/999999'); // (the browser logs the 404 itself)
      expect(missing?.status()).toBe(404);
      await close();
    });

    it('charts how the lists a frontend showed were followed, by the users\' events, with a table and a choice of range', async () => {
      const { apiUrl, keys, versions } = platform();
      const record = (userId: string, itemId: string) => postGraphQL(apiUrl, 'mutation ($u: ID!, $i: ID!) { recordInteraction(input: { userId: $u, itemId: $i }) { created } }', { u: userId, i: itemId }, keys.frontend);
      const show = async (userId: string) => (await postGraphQL<{ recommendations: { items: Array<{ item: { id: string } }> } }>(apiUrl, 'query ($u: ID!) { recommendations(userId: $u) { items { item { id } } } }', { u: userId }, keys.frontend)).data!.recommendations.items.map((entry) => entry.item.id);
      for (const itemId of ['m5', 'm17', 'm40']) expect((await record('online-a', itemId)).errors).toBeUndefined();
      expect((await record('online-b', 'm5')).errors).toBeUndefined();
      const shownA = await show('online-a');
      await show('online-b');
      expect((await record('online-a', shownA[1]!)).errors).toBeUndefined(); // rank 2: followed, reciprocal rank 0.5
      // Written in batches about once a second.
      await expect.poll(async () => (await postGraphQL<{ recommendationOutcomes: { rows: unknown[] } }>(apiUrl, '{ recommendationOutcomes { rows { lists } } }', {}, keys.admin)).data?.recommendationOutcomes.rows.length, { timeout: 10_000 }).toBe(2);

      const { page, errors, close } = await signedInPage(keys.admin);
      await page.goto('/models');
      const outcomes = page.getByTestId('outcomes');
      await outcomes.getByTestId('outcomes-chart').locator('svg').first().waitFor();
      const name = await versionName(versions.active);
      const rows = await outcomes.getByTestId('outcomes-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(rows).toEqual([
        [`#${versions.active} ${name}`, 'cold, not adapted', '1–2', '1', '0', '0.0%', '0.000', '1'],
        [`#${versions.active} ${name}`, 'few-shot', '3–4', '1', '1', '100.0%', '0.500', '1'],
      ]);
      expect(await outcomes.getByTestId('outcomes-caption').textContent()).toMatch(/^Share of lists followed \(an event of the user on one of the list's items within 24 hours after it was shown\), by the user's events when it was shown; 2 lists, 2 of them shown less than 24 hours ago/);
      await outcomes.scrollIntoViewIfNeeded();
      await screenshot(page, 'models-online');
      // The range is chosen by link, and the choice shows.
      await outcomes.getByRole('link', { name: '30 days' }).click();
      await page.waitForURL((url) => url.searchParams.get('online') === '30');
      expect(await outcomes.locator('[aria-current="true"]').textContent()).toBe('30 days');
      expect(await outcomes.getByTestId('outcomes-table').locator('tbody tr').count()).toBe(2);
      // The version's own page shows its lists; a version that never served has no such section.
      await page.goto(`/models/${versions.active}?online=1`);
      expect(await outcomes.locator('[aria-current="true"]').textContent()).toBe('24 hours');
      expect(await outcomes.getByTestId('outcomes-table').locator('tbody tr').allTextContents()).toHaveLength(2);
      expect(await outcomes.getByRole('link', { name: '7 days' }).getAttribute('href')).toBe(`/models/${versions.active}?online=7`);
      await outcomes.scrollIntoViewIfNeeded();
      await screenshot(page, 'models-online-version');
      await page.goto(`/models/${versions.ready}`);
      await page.getByTestId('version-status').waitFor();
      expect(await page.getByTestId('outcomes').count()).toBe(0);
      expect(errors).toEqual([]);
      await close();
    });

    it('starts a retrain from /models (tiny settings in the advanced JSON) and shows its progress to the end', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.admin);
      await page.goto('/models');
      await page.getByLabel('Name (optional)').fill('console retrain');
      await page.getByText('Advanced settings (JSON)').click();
      await page.getByLabel(/MML overrides/).fill('{"meta": {"outerSteps": "many"}}');
      await page.getByRole('button', { name: 'Start training' }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 10_000 }).toMatch(/outerSteps must be a number/);
      await page.getByLabel(/MML overrides/).fill(JSON.stringify({ ...tinyTraining.config, evaluation: tinyTraining.evaluation }));
      await page.getByRole('button', { name: 'Start training' }).click();
      await page.waitForURL((url) => url.pathname === '/models' && url.searchParams.has('job'));
      const progress = page.getByTestId('training-progress');
      await progress.waitFor();
      await screenshot(page, 'models-training');
      await expect.poll(() => progress.getByTestId('training-state').textContent(), { timeout: 240_000, interval: 1000 }).toBe('completed');
      const link = progress.getByTestId('training-version');
      await expect.poll(() => link.textContent(), { timeout: 10_000 }).toBe('console retrain');
      await link.click();
      await page.waitForURL((url) => /^\/models\/\d+$/.test(url.pathname));
      expect(await page.getByTestId('version-status').textContent()).toBe('ready');
      expect(await page.getByTestId('judgment').textContent()).toMatch(/replace version/);
      await screenshot(page, 'models-retrained-version');
      expect(errors).toEqual([]);
      await close();
    }, 300_000);

    it('shows the active version, its charts and recent jobs on the overview', async () => {
      const { versions } = platform();
      const name = await versionName(versions.active);
      const { page, errors, close } = await signedInPage(platform().keys.admin);
      await page.goto('/');
      expect(await page.getByTestId('serving').textContent()).toContain(name);
      await page.getByTestId('baseline-chart').locator('svg').first().waitFor();
      await page.getByTestId('history-chart').locator('svg').first().waitFor();
      expect(await page.getByTestId('baseline-chart').getAttribute('aria-label')).toMatch(/mml: NDCG@10 0\.\d{3}/);
      // A method a slice does not rank (the paper's meta-test needs n ≥ 4) has no point there, not a 0.
      const history = await page.getByTestId('history-chart').getAttribute('aria-label');
      expect(history).toMatch(/length\. mml: n=2 0\.\d{3}, n=5 /);
      expect(history).toMatch(/; mml-paper-metatest: n=5 0\.\d{3}, n=10 0\.\d{3};/);
      expect(await page.getByTestId('recent-jobs').textContent()).toMatch(/train:/);
      expect(await page.getByTestId('stat-traffic').textContent()).toMatch(/last 24 h/);
      // Cold start now: the api's own counts, in words.
      const { apiUrl, keys } = platform();
      type Cold = { coldStart: { newItems: number; newItemsRecommendable: number; newItemsWaiting: number; itemsWithoutTrainingEvents: number; activeUsers: number; newUsers: number; coldActiveUsers: number } };
      const cold = (await postGraphQL<Cold>(apiUrl, '{ coldStart { newItems newItemsRecommendable newItemsWaiting itemsWithoutTrainingEvents activeUsers newUsers coldActiveUsers } }', {}, keys.admin)).data!.coldStart;
      const items = await page.getByTestId('cold-start-items').textContent();
      if (cold.newItems === 0) expect(items).toMatch(/^No item was added since version .+ was trained\.$/);
      else expect(items).toMatch(new RegExp(`^${cold.newItems} items? added since version .+ was trained: ${cold.newItemsRecommendable} recommendable now`));
      // The platform's versions had the late items (seeded with events after the split) without training events.
      expect(cold.itemsWithoutTrainingEvents).toBeGreaterThan(0);
      expect(await page.getByTestId('cold-start-unpicked').textContent()).toMatch(new RegExp(`^${cold.itemsWithoutTrainingEvents} ${cold.newItems > 0 ? 'more ' : ''}items? (was|were) in the catalog when it was trained but had no event it learned from`));
      expect(await page.getByTestId('cold-start-users').textContent()).toMatch(new RegExp(`^Last 7 days: ${cold.activeUsers} active users?, ${cold.newUsers} new ones?; ${cold.coldActiveUsers} cold \\(fewer than \\d+ events\\)`));
      // The cold users are a click away: the users page, cold ones only, most recently active first.
      expect(await page.getByTestId('cold-start-cold-users').getAttribute('href')).toBe('/users?order=recent&who=cold');
      await screenshot(page, 'overview-models');
      await page.setViewportSize(WIDTHS.narrow);
      await page.reload();
      await page.getByTestId('baseline-chart').locator('svg').first().waitFor();
      expect((await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number).toBeLessThanOrEqual(1);
      await screenshot(page, 'overview-models-narrow');
      expect(errors).toEqual([]);
      await close();
    });

    it('promotes the READY version through a confirmation, then rolls back to the first', async () => {
      const { versions, db } = platform();
      const { page, errors, close } = await signedInPage(platform().keys.admin);
      try {
        await page.goto(`/models/${versions.ready}`);
        expect(await page.getByTestId('version-status').textContent()).toBe('ready');
        expect(await page.getByTestId('judgment').textContent()).toMatch(/replace version .*NDCG@10 0\.\d{3} vs 0\.\d{3}/);
        await page.getByRole('button', { name: 'Promote' }).click();
        await screenshot(page, 'models-promote-confirm');
        expect(await servedVersion()).toBe(String(versions.active)); // the first click only asks
        await page.getByRole('button', { name: 'Confirm: promote' }).click();
        await expect.poll(() => page.getByTestId('version-status').textContent(), { timeout: 15_000 }).toBe('active');
        expect(await page.getByTestId('version-serving').textContent()).toMatch(/serves every recommendation/);
        await expect.poll(servedVersion, { timeout: 15_000 }).toBe(String(versions.ready));
        await screenshot(page, 'models-promoted');

        await page.getByRole('button', { name: 'Roll back to the previous version' }).click();
        await page.getByRole('button', { name: 'Confirm: roll back to the previous version' }).click();
        await expect.poll(() => page.getByTestId('version-status').textContent(), { timeout: 15_000 }).toBe('retired');
        await expect.poll(servedVersion, { timeout: 15_000 }).toBe(String(versions.active));
        // A second promotion of a retired version is a rollback to it; the api's refusal of a bad one shows as it is.
        await page.goto(`/models/${versions.active}`);
        expect(await page.getByTestId('version-status').textContent()).toBe('active');
        expect(errors).toEqual([]);
      } finally {
        // As found: the first version active and the candidate READY again, for the areas that test after this one.
        if ((await servedVersion()) !== String(versions.active)) {
          await postGraphQL(platform().apiUrl, 'mutation($id: ID!) { promoteModelVersion(id: $id) { id } }', { id: String(versions.active) }, platform().keys.admin);
        }
        await db.sql.query(`UPDATE model_versions SET status = 'READY', retired_at = NULL, promoted_at = NULL WHERE id = $1 AND status = 'RETIRED'`, [versions.ready]);
        await close();
      }
    }, 60_000);

    it('tries the READY version on a share of users through a confirmation, shows how both arms follow their lists, and stops it', async () => {
      const { versions, apiUrl, keys } = platform();
      const [activeName, readyName] = [await versionName(versions.active), await versionName(versions.ready)];
      const { page, errors, close } = await signedInPage(keys.admin);
      try {
        await page.goto(`/models/${versions.ready}`);
        const start = page.getByTestId('trial-start');
        const shareField = start.getByLabel('Share of known users it serves (%)');
        expect(await shareField.inputValue()).toBe('10');
        await shareField.fill('50');
        const plannedField = start.getByLabel('Planned users (both arms)');
        expect(await plannedField.inputValue()).toBe('1000');
        // Fewer than 20 planned users: the browser says so before anything is asked.
        await plannedField.fill('5');
        await start.getByRole('button', { name: 'Start a trial…' }).click();
        expect(await plannedField.evaluate((input) => (input as unknown as { validity: { rangeUnderflow: boolean } }).validity.rangeUnderflow)).toBe(true);
        expect(await start.getByRole('group', { name: 'Confirm: start the trial' }).count()).toBe(0);
        await plannedField.fill('40');
        expect(await start.getByLabel('Stop it by itself once its lists are clearly followed less often').isChecked()).toBe(true);
        await start.getByLabel('Promote it by itself once its lists are clearly followed more often').check();
        await start.getByRole('button', { name: 'Start a trial…' }).click();
        expect(await start.getByRole('group', { name: 'Confirm: start the trial' }).textContent()).toContain(`Serve 50% of known users with ${readyName}, beside the active ${activeName}, planned for 40 users? It stops by itself if clearly worse, and promotes the version if clearly better.`);
        await screenshot(page, 'models-trial-confirm');
        expect(await runningTrial()).toBeNull(); // the first click only asks

        // Meanwhile another admin starts one through the api: the console shows the api's refusal as it is.
        const other = await postGraphQL<{ startModelTrial: { id: string } }>(apiUrl, 'mutation ($v: ID!) { startModelTrial(versionId: $v, share: 0.2) { id } }', { v: String(versions.ready) }, keys.admin);
        expect(other.errors).toBeUndefined();
        const otherId = other.data!.startModelTrial.id;
        await start.getByRole('button', { name: 'Confirm: start the trial' }).click();
        await expect.poll(() => start.getByRole('alert').textContent()).toContain(`trial ${otherId} (version ${versions.ready} on 20% of users) is running: stop it before starting another`);
        expect(await shareField.inputValue()).toBe('50'); // kept as typed
        // And the guardrail ticked stays ticked, and is sent so on the retry (React's form reset once unticked it).
        expect(await start.getByLabel('Promote it by itself once its lists are clearly followed more often').isChecked()).toBe(true);
        expect((await postGraphQL(apiUrl, 'mutation ($id: ID) { stopModelTrial(id: $id) { id } }', { id: otherId }, keys.admin)).errors).toBeUndefined();
        await start.getByRole('button', { name: 'Confirm: start the trial' }).click();

        // The candidate's page now shows the running trial in place of the form.
        const panel = page.getByTestId('trial-panel');
        await expect.poll(() => panel.getByTestId('trial-status').textContent()).toBe('running');
        const trial = (await runningTrial())!;
        expect(trial).toMatchObject({ share: 0.5, plannedUsers: 40, stopIfWorse: true, promoteIfBetter: true });
        expect(await panel.getByTestId('trial-guardrails').textContent()).toBe('Guardrails: it stops by itself once its candidate\'s lists are clearly followed less often, and promotes its candidate by itself once they are clearly followed more often (the api checks every few minutes, once each arm has 30 users).');
        expect(await panel.getByTestId('trial-head').textContent()).toContain(`Trial #${trial.id}: ${readyName} #${versions.ready} serves 50% of known users; ${activeName} #${versions.active} serves the others`);
        expect(await panel.getByRole('status').filter({ hasText: 'No lists yet' }).count()).toBe(1);
        expect(await panel.getByTestId('trial-promote-note').textContent()).toMatch(/^Promoting this version \(above\) ends the trial as promoted/);
        await page.getByRole('button', { name: 'Promote' }).click();
        expect(await page.getByRole('form', { name: 'Confirm: Promote' }).textContent()).toContain('It ends the running trial as promoted.');
        await page.getByRole('button', { name: 'Cancel' }).click();
        await expect.poll(async () => (await postGraphQL<{ serving: { trial: { id: string } | null } }>(apiUrl, '{ serving { trial { id } } }', {}, keys.admin)).data?.serving.trial?.id).toBe(trial.id);

        // Three new users in each arm (the api's own draw), shown a list each, as a frontend would: in the candidate
        // arm two with 3 events follow at rank 1 and one with 1 event at rank 2; in the control arm one with 3
        // events follows at rank 2, the others do not.
        const arms: Record<'candidate' | 'control', string[]> = { candidate: [], control: [] };
        for (let i = 0; arms.candidate.length < 3 || arms.control.length < 3; i++) {
          const user = `trial-${trial.id}-user-${i}`;
          const arm = inCandidateArm(Number(trial.id), user, trial.share) ? arms.candidate : arms.control;
          if (arm.length < 3) arm.push(user);
        }
        const follows = { candidate: [1, 1, 2], control: [2, 0, 0] };
        for (const armName of ['candidate', 'control'] as const) {
          for (const [i, user] of arms[armName].entries()) {
            for (const item of i < 2 ? ['m5', 'm17', 'm40'] : ['m5']) await frontend.record(user, item);
            const shown = await frontend.show(user);
            expect(shown.version, `${user} in the ${armName} arm`).toBe(String(armName === 'candidate' ? versions.ready : versions.active));
            const rank = follows[armName][i]!;
            if (rank > 0) await frontend.record(user, shown.items[rank - 1]!);
          }
        }
        // Lists are written in batches about once a second: the page shows them on a reload.
        const armRow = (arm: string) => panel.getByTestId(`trial-arm-${arm}`).locator('th, td').allTextContents();
        await expect.poll(async () => {
          await page.reload();
          return armRow('candidate');
        }).toEqual(['Candidate (trial)', `${readyName} #${versions.ready}`, '3', '3', '3', '100.0%', '0.833']);
        expect(await armRow('control')).toEqual(['Control (active)', `${activeName} #${versions.active}`, '3', '3', '1', '33.3%', '0.167']);
        const results = await postGraphQL<{ modelTrial: { results: { overall: { followRateDifference: { value: number; low: number; high: number } } } } }>(apiUrl, 'query ($id: ID) { modelTrial(id: $id) { results { overall { followRateDifference { value low high } } } } }', { id: trial.id }, keys.admin);
        const difference = results.data!.modelTrial.results.overall.followRateDifference;
        expect(difference.value).toBeCloseTo(2 / 3, 6);
        const differenceCells = await panel.getByTestId('trial-difference').locator('td').allTextContents();
        expect(differenceCells[0]).toBe(`${pp(difference.value)} pp${pp(difference.low)} to ${pp(difference.high)} pp`);
        expect(await panel.getByTestId('trial-summary').locator('.stat b').allTextContents()).toEqual(['33.3%', '100.0%', `${pp(difference.value)} pp`]);
        expect(differenceCells[1]).toMatch(/^\+0\.667 \([−+]?\d\.\d{3} to \+\d\.\d{3}\)$/); // MRR: 0.833 − 0.167
        expect(await panel.getByTestId('trial-verdict').textContent()).toBe(difference.low > 0 ? 'The candidate\'s lists were followed more often: the whole 95% interval is above 0.' : 'No clear difference yet: the 95% interval includes 0.');
        const byHistory = await panel.getByTestId('trial-by-history').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent)));
        expect(byHistory.map((row) => row.slice(0, 7))).toEqual([
          ['1–2 events', '1', '1', '0.0% (0)', '1', '1', '100.0% (1)'],
          ['3–4 events', '2', '2', '50.0% (1)', '2', '2', '100.0% (2)'],
        ]);
        expect(byHistory[0]![7]).toBe('–'); // one user an arm: no interval
        expect(byHistory[1]![7]).toMatch(/^\+50\.0 pp \(−\d+\.\d to \+\d+\.\d pp\)$/);
        expect(await panel.getByTestId('trial-still-open').textContent()).toMatch(/^6 lists were shown less than 24 hours ago/);
        // Six users of the 40 planned, and how wide the interval should be at 40.
        expect(await panel.getByTestId('trial-plan').textContent()).toMatch(/^6 of 40 planned users, reached about \d{4}-\d\d-\d\d \d\d:\d\d UTC at the pace so far\. At the plan the follow-rate interval should be about ±\d+\.\d pp wide, so a smaller difference will likely not show\. Users split as drawn: 50\.0% in the trial's arm, 50% drawn\.$/);
        expect(await panel.getByTestId('trial-plan').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('15');
        expect(await panel.getByTestId('trial-split').textContent()).toBe(' Users split as drawn: 50.0% in the trial\'s arm, 50% drawn.');
        await panel.getByTestId('trial-rates-chart').locator('svg').first().waitFor();
        await panel.getByTestId('trial-difference-chart').locator('svg').first().waitFor();
        // The timeline charts the moments with an interval: as many as the api's timeline has (two at least), else it says why not.
        const timeline = await postGraphQL<{ modelTrial: { timeline: Array<{ followRateDifference: unknown }> } }>(apiUrl, 'query ($id: ID) { modelTrial(id: $id) { timeline { followRateDifference { value } } } }', { id: trial.id }, keys.admin);
        const moments = timeline.data!.modelTrial.timeline.filter((moment) => moment.followRateDifference !== null).length;
        if (moments > 1) await panel.getByTestId('trial-timeline-chart').locator('svg').first().waitFor();
        else expect(await panel.getByTestId('trial-timeline-empty').count()).toBe(1);
        await screenshot(page, 'models-trial-candidate');

        // /models shows the same panel, with what promoting does, at both widths.
        await page.goto('/models');
        expect(await armRow('control')).toEqual(['Control (active)', `${activeName} #${versions.active}`, '3', '3', '1', '33.3%', '0.167']);
        expect(await panel.getByTestId('trial-promote-note').textContent()).toContain(`Promoting ${readyName} #${versions.ready} (on its page) ends the trial as promoted`);
        await panel.getByTestId('trial-difference-chart').locator('svg').first().waitFor();
        await screenshot(page, 'models-trial');
        await page.setViewportSize(WIDTHS.narrow);
        await panel.getByTestId('trial-difference-chart').locator('svg').first().waitFor();
        expect((await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number).toBeLessThanOrEqual(1);
        await screenshot(page, 'models-trial-narrow');
        await page.setViewportSize(WIDTHS.wide);
        // The control's page says who it does not serve now.
        await page.goto(`/models/${versions.active}`);
        expect(await page.getByTestId('version-serving').textContent()).toBe(`This version serves every recommendation now, except for the 50% of known users in trial #${trial.id} of ${readyName}.`);
        await page.goto('/models');

        // Stopping asks first, then every user is back on the active version and the trial is a past one.
        await panel.getByRole('button', { name: 'Stop trial' }).click();
        await screenshot(page, 'models-trial-stop-confirm');
        expect((await runningTrial())?.id).toBe(trial.id);
        await panel.getByRole('button', { name: 'Confirm: stop trial' }).click();
        await expect.poll(() => panel.count()).toBe(0);
        expect(await runningTrial()).toBeNull();
        // The other trial as a guardrail would have ended it (that takes 30 users an arm: tests/api does it for real).
        const reason = 'stopped by its guardrail: the candidate\'s lists were followed less often than the active version\'s, −20.0 pp followed (95% interval −31.0 to −9.0 pp, valid at every look) over 120 users, 24 of them in its arm';
        await platform().db.sql.query('UPDATE model_trials SET end_reason = $2 WHERE id = $1', [Number(otherId), reason]);
        await page.reload();
        const past = page.getByTestId('past-trials');
        expect(await past.getByTestId(`trial-${trial.id}`).locator('td').allTextContents()).toEqual([
          `#${trial.id}`, `${readyName} #${versions.ready}`, `${activeName} #${versions.active}`, '50%', 'stopped', expect.stringMatching(/ UTC$/), expect.stringMatching(/ UTC$/),
        ]);
        expect(await past.getByTestId(`trial-${otherId}`).locator('td').nth(3).textContent()).toBe('20%');
        expect(await past.getByTestId(`trial-${otherId}`).locator('td').nth(4).textContent()).toBe('stopped by its guardrail');
        await past.scrollIntoViewIfNeeded();
        await screenshot(page, 'models-past-trials');
        await past.getByRole('link', { name: `#${trial.id}` }).click();
        await page.waitForURL((url) => url.pathname === `/models/trials/${trial.id}`);
        expect(await panel.getByTestId('trial-status').textContent()).toBe('stopped');
        // Ended: the arms are no longer said to be the active version and the trial's.
        expect(await armRow('candidate')).toEqual(['Candidate', `${readyName} #${versions.ready}`, '3', '3', '3', '100.0%', '0.833']);
        expect(await panel.getByRole('button', { name: 'Stop trial' }).count()).toBe(0);
        // Stopped by a person: no reason, and no guardrails said of a trial that no longer runs.
        expect(await panel.getByTestId('trial-end-reason').count()).toBe(0);
        expect(await panel.getByTestId('trial-guardrails').count()).toBe(0);
        await panel.getByTestId('trial-difference-chart').locator('svg').first().waitFor();
        await screenshot(page, 'models-trial-results');
        await page.setViewportSize(WIDTHS.narrow);
        expect((await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number).toBeLessThanOrEqual(1);
        await screenshot(page, 'models-trial-results-narrow');
        await page.setViewportSize(WIDTHS.wide);
        await page.goto(`/models/trials/${otherId}`);
        expect(await panel.getByTestId('trial-end-reason').textContent()).toBe(`Ended by itself: ${reason.replace('stopped by its guardrail: ', '')}.`);
        await screenshot(page, 'models-trial-guardrail');
        // Had 30 users of that 20% trial been counted all in its arm (the other arm's lists lost, say), the page says
        // first that the arms did not split as drawn. Written straight into the database, and removed after.
        const { db } = platform();
        const lopsided: string[] = [];
        for (let i = 0; lopsided.length < 30; i++) if (inCandidateArm(Number(otherId), `split-${i}`, 0.2)) lopsided.push(`split-${i}`);
        await db.prisma.user.createMany({ data: lopsided.map((externalId) => ({ externalId })) });
        await db.sql.query(
          `INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, served_at)
           SELECT u.id, $2, 'few_shot', 3, ARRAY[(SELECT min(id) FROM items)], t.started_at FROM users u, model_trials t WHERE u.external_id = ANY($3::text[]) AND t.id = $1`,
          [Number(otherId), versions.ready, lopsided],
        );
        try {
          await page.reload();
          expect(await panel.getByTestId('trial-split-mismatch').textContent()).toMatch(/^The arms did not split as drawn: 100\.0% of users \(30 of 30\) are in the trial's arm, 20% were drawn \(p = 0\.0000\d\d, valid at every look\)\. The arms are no longer the same users/);
          expect(await panel.getByTestId('trial-split').count()).toBe(0);
          await screenshot(page, 'models-trial-split-mismatch');
        } finally {
          await db.sql.query('DELETE FROM users WHERE external_id = ANY($1::text[])', [lopsided]);
        }
        // The candidate's page offers a trial again.
        await page.goto(`/models/${versions.ready}`);
        expect(await page.getByTestId('trial-start').getByLabel('Share of known users it serves (%)').inputValue()).toBe('10');
        expect(errors).toEqual([]);
      } finally {
        // As found for the areas after this one: no trial runs (the ended ones and their lists stay).
        if (await runningTrial()) await postGraphQL(apiUrl, 'mutation { stopModelTrial { id } }', {}, keys.admin);
        await close();
      }
    }, 120_000);

    it('tries new-item slots on a share of users from the active version\'s page, and shows what each arm did for new items', async () => {
      const { versions, apiUrl, keys } = platform();
      const activeName = await versionName(versions.active);
      // An item onboarded now: added after the active version's training, placed by its generator once warmed up.
      const created = await postGraphQL(apiUrl, 'mutation { createItem(input: { id: "slot-trial-item", title: "Slot Trial Item", genres: ["Comedy"] }) { item { id } } }', {}, keys.merchandiser);
      expect(created.errors).toBeUndefined();
      // Placed once its features job and then its warm-up job have run on the platform's worker. Earlier areas onboard
      // new items too, so a list with room for all of them is asked for.
      const placed = async () => (await postGraphQL<{ recommendations: { items: Array<{ item: { id: string } }> } }>(apiUrl, 'query { recommendations(recentItemIds: ["m5", "m17"], first: 20, newItems: 20) { items { item { id } } } }', {}, keys.admin)).data!.recommendations.items;
      await expect.poll(async () => (await placed()).some((entry) => entry.item.id === 'slot-trial-item'), { timeout: 90_000 }).toBe(true);
      const { db } = platform();
      /** The items new to the version in the user's last recorded list (lists are written about once a second). */
      const newItemsShown = async (user: string): Promise<string[]> => {
        const read = () => db.sql.query<{ ids: string[] }>(
          `SELECT ARRAY(SELECT i.external_id FROM items i WHERE i.id = ANY(l.new_item_ids) ORDER BY array_position(l.item_ids, i.id)) AS ids
             FROM served_lists l JOIN users u ON u.id = l.user_id WHERE u.external_id = $1 ORDER BY l.served_at DESC LIMIT 1`,
          [user],
        );
        await expect.poll(async () => (await read()).length, { timeout: 15_000 }).toBe(1);
        return (await read())[0]!.ids;
      };
      const { page, errors, close } = await signedInPage(keys.admin);
      try {
        await page.goto(`/models/${versions.active}`);
        const start = page.getByTestId('trial-start');
        expect(await page.locator('#trial-start-heading').textContent()).toBe('Trial of new-item slots');
        // The price the version's own replay puts on one slot, beside the form (the numbers are its chart's 1-slot row).
        // The price the version's own replay puts on one slot, unbounded and within the top 50 (the replicas' default
        // bound, which every version replays), beside the form: the numbers are its table's rows.
        const replayRow = async (policy: string) => {
          const cells = page.getByTestId('new-item-slots-table').locator('tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${policy}$`) }) }).locator('td');
          return (await cells.nth(5).textContent())!.match(/\d+\.\d/g)!;
        };
        const [gained, lost] = await replayRow('1 slot');
        const [gainedTop50, lostTop50] = await replayRow('1 slot, top 50');
        expect(await page.getByTestId('trial-slots-replay').textContent()).toBe(`Replayed on this version's split (below), 1 slot in lists of 10 would have added ${gained} hits on new items and cost ${lost} hits on others per 1,000 lists; only for a new item within the top 50, ${gainedTop50} and ${lostTop50}. Those events were logged without slots; what the exposure earns, a trial tells.`);
        await start.getByLabel('Share of known users it serves (%)').fill('50');
        await start.getByLabel('New-item slots in each list').fill('1');
        // Their rank bound: the replicas' (this platform's: any rank) unless the trial chooses one; chosen here.
        const within = start.getByLabel('For new items ranked');
        expect(await within.locator('option:checked').textContent()).toBe('as the api replicas are set (at any rank)');
        expect(await within.locator('option').allTextContents()).toEqual(['as the api replicas are set (at any rank)', 'within the top 20', 'within the top 50', 'within the top 100', 'within the top 200', 'at any rank']);
        await within.selectOption('0');
        // A setting cannot promote itself: the form does not offer it.
        expect(await start.getByLabel('Promote it by itself once its lists are clearly followed more often').count()).toBe(0);
        await start.getByRole('button', { name: 'Start a trial…' }).click();
        expect(await start.getByRole('group', { name: 'Confirm: start the trial' }).textContent()).toContain(`Give 50% of known users 1 new-item slot (at any rank) in ${activeName}'s lists, planned for 1,000 users? It stops by itself if clearly worse.`);
        await start.getByRole('button', { name: 'Confirm: start the trial' }).click();
        const panel = page.getByTestId('trial-panel');
        await expect.poll(() => panel.getByTestId('trial-status').textContent()).toBe('running');
        const trial = (await runningTrial())!;
        expect(trial).toMatchObject({ newItemSlots: 1, newItemWithin: 0 });
        expect(await panel.getByTestId('trial-head').textContent()).toContain(`50% of known users get 1 new-item slot (at any rank) in ${activeName} #${versions.active}'s lists; the others and anonymous visitors are served as the api replicas are set.`);
        expect(await panel.getByTestId('trial-promote-note').textContent()).toContain('FEWSHOT_NEW_ITEM_SLOTS=1 with FEWSHOT_NEW_ITEM_WITHIN=0 gives every list 1 new-item slot (at any rank)');
        expect(await page.getByTestId('version-serving').textContent()).toBe(`This version serves every recommendation now; 50% of known users get 1 new-item slot (at any rank) in its lists in trial #${trial.id}.`);

        // Three new users in each arm shown a list; in the trial's arm each list has a new item (slotted, or ranked in on
        // its own), and two of its users follow it.
        const arms: Record<'candidate' | 'control', string[]> = { candidate: [], control: [] };
        for (let i = 0; arms.candidate.length < 3 || arms.control.length < 3; i++) {
          const user = `slot-trial-${trial.id}-user-${i}`;
          const arm = inCandidateArm(Number(trial.id), user, trial.share) ? arms.candidate : arms.control;
          if (arm.length < 3) arm.push(user);
        }
        for (const armName of ['candidate', 'control'] as const) {
          for (const [i, user] of arms[armName].entries()) {
            for (const item of ['m5', 'm17', 'm40']) await frontend.record(user, item);
            const shown = await frontend.show(user);
            expect(shown.version).toBe(String(versions.active));
            if (armName === 'candidate') {
              const added = await newItemsShown(user);
              expect(added.length, user).toBeGreaterThan(0);
              expect(shown.items).toContain(added[0]);
              if (i < 2) await frontend.record(user, added[0]!);
            }
          }
        }
        // Both arms' lists recorded: the control's, shown last, may come a reload later than the candidate's.
        const newItems = panel.getByTestId('trial-new-items');
        await expect.poll(async () => {
          await page.reload();
          return (await newItems.count()) > 0 ? newItems.textContent() : '';
        }).toMatch(/^Items new to the version\. Control: \d of 3 lists showed one, \d were followed on one \([\d.]+% of lists\); candidate: 3 of 3 lists showed one, 2 were followed on one \(66\.7% of lists\)\./);
        expect(await panel.getByTestId('trial-arm-candidate').locator('td').first().textContent()).toBe(`${activeName} #${versions.active} · 1 new-item slot (at any rank)`);
        expect(await panel.getByTestId('trial-arm-control').locator('td').first().textContent()).toBe(`${activeName} #${versions.active} · as the replicas are set`);
        await newItems.scrollIntoViewIfNeeded();
        await screenshot(page, 'models-trial-new-item-slots');

        // Stopped, it is a past trial that says what it tried.
        expect((await postGraphQL(apiUrl, 'mutation ($id: ID) { stopModelTrial(id: $id) { id } }', { id: trial.id }, keys.admin)).errors).toBeUndefined();
        await page.goto('/models');
        expect(await page.getByTestId('past-trials').getByTestId(`trial-${trial.id}`).locator('td').nth(1).textContent()).toBe('1 new-item slot (at any rank)');
        expect(errors).toEqual([]);
      } finally {
        if (await runningTrial()) await postGraphQL(apiUrl, 'mutation { stopModelTrial { id } }', {}, keys.admin);
        await postGraphQL(apiUrl, 'mutation { archiveItem(id: "slot-trial-item") { item { id } } }', {}, keys.merchandiser);
        await close();
      }
    }, 240_000);

    it('tells a merchandiser that /models is for admins, and shows them the serving model on the overview', async () => {
      const { versions } = platform();
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser);
      await page.goto('/models');
      expect(await page.getByTestId('forbidden').textContent()).toMatch(/needs an admin key/);
      expect(await page.getByRole('table').count()).toBe(0);
      await page.goto(`/models/${versions.active}`);
      expect(await page.getByTestId('forbidden').count()).toBe(1);
      await screenshot(page, 'models-as-merchandiser');
      await page.goto('/');
      expect(await page.getByTestId('serving').textContent()).toContain(await versionName(versions.active));
      expect(await page.getByTestId('recent-jobs').count()).toBe(0);
      await screenshot(page, 'overview-as-merchandiser');
      expect(errors).toEqual([]);
      await close();
    });
  });
}

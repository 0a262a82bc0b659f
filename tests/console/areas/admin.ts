import { tinyTraining, tinyTrainingSeenRunning } from '@fewshot/pipeline/testing';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { postGraphQL } from '../../support/graphql.ts';
import { platform, screenshot, signedInPage, WIDTHS } from '../platform.ts';

/** The hour and minute an instant reads in a time zone, e.g. "03:00". */
function clockIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** Starts a tiny training through the api with the admin key (never auto-promoted), answering its job id. */
async function startTraining(name: string, slow = false): Promise<string> {
  const { apiUrl, keys } = platform();
  const answer = await postGraphQL<{ startTraining: { id: string } }>(
    apiUrl,
    'mutation AdminTestTrain($input: TrainingInput) { startTraining(input: $input) { id state } }',
    // A slow one stays running while the test acts on the job queued behind it (a tiny training ends in seconds); the
    // others must still be seen moving on /jobs.
    { input: { name, config: slow ? { ...tinyTraining.config, pretrain: { ...tinyTraining.config.pretrain, epochs: 5000 } } : tinyTrainingSeenRunning, evaluation: { ns: [10], headlineN: 10, latencyUsers: 1 }, autoPromote: false } },
    keys.admin,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.startTraining.id;
}

const card = (page: Page, id: string): Locator => page.locator(`[data-job-id="${id}"]`);
const stateOf = async (page: Page, id: string) => ((await card(page, id).count()) === 0 ? 'absent' : await card(page, id).getByTestId('job-state').textContent());

/** The admin pages' browser tests: API keys, retrain schedules, and jobs followed live, cancelled and retried. */
export function defineAdminPages(): void {
  describe('admin pages', () => {
    it('creates an API key and shows it once, lists it by its prefix, and revokes it (the api then refuses it)', async () => {
      const { apiUrl } = platform();
      const { page, context, errors, close } = await signedInPage(platform().keys.admin);
      await page.goto('/keys');
      await screenshot(page, 'keys');
      await page.getByLabel('Name', { exact: true }).fill('console test shop');
      await page.getByLabel('Role', { exact: true }).selectOption('FRONTEND');
      await page.getByLabel(/^Rate limit/).fill('3,000');
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.getByTestId('new-key').waitFor();
      expect(await page.getByTestId('new-key').textContent()).toMatch(/shown this once and\s+never again/);
      const key = await page.getByLabel('The new API key').inputValue();
      expect(key).toMatch(/^fsk_/);
      const row = page.getByRole('row').filter({ hasText: 'console test shop' });
      const prefix = (await row.locator('code').textContent())!.replace('…', '');
      expect(prefix.length).toBeGreaterThan(4);
      expect(key.startsWith(prefix)).toBe(true);
      expect(await row.textContent()).toContain('frontend');
      // The key works, and it is in no URL or cookie.
      const valid = await postGraphQL<{ viewer: { name: string; role: string } | null }>(apiUrl, '{ viewer { name role } }', {}, key);
      expect(valid.data?.viewer).toEqual({ name: 'console test shop', role: 'FRONTEND' });
      expect(page.url()).not.toContain(key.slice(4));
      for (const cookie of await context.cookies()) expect(cookie.value).not.toContain(key.slice(4, 24));
      await screenshot(page, 'keys-created');
      // Its own rate limit, changed in place: none, back to the role's, and a refusal of what is no number.
      const limit = row.locator('[data-testid^="rate-limit-"]');
      expect(await limit.textContent()).toBe('3,000/min per address own');
      const change = async (value: string) => {
        await row.getByRole('button', { name: 'Change the rate limit of console test shop' }).click();
        await row.getByLabel('Requests a minute for console test shop').fill(value);
        await row.getByRole('button', { name: 'Save' }).click();
      };
      await change('0');
      await expect.poll(() => limit.textContent(), { timeout: 15_000 }).toBe('no limit own');
      await change('');
      await expect.poll(() => limit.textContent(), { timeout: 15_000 }).toBe("600/min per address role's");
      const viewer = await postGraphQL<{ viewer: { rateLimit: unknown } }>(apiUrl, '{ viewer { rateLimit { perMinute per source } } }', {}, key);
      expect(viewer.data?.viewer.rateLimit).toEqual({ perMinute: 600, per: 'KEY_AND_ADDRESS', source: 'ROLE' });
      await change('lots');
      expect(await row.getByRole('alert').textContent()).toBe("Give a whole number of requests a minute (0: no limit), or nothing for the role's.");
      await screenshot(page, 'keys-rate-limit');
      await row.getByRole('button', { name: 'Cancel' }).click();
      // A key that meets its limit says how often its callers were refused.
      await change('1');
      await expect.poll(() => limit.textContent(), { timeout: 15_000 }).toBe('1/min per address own');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await postGraphQL(apiUrl, '{ viewer { name } }', {}, key)).status);
      // The minute's earlier requests count: at least the last two are refused, maybe all three.
      expect(statuses.slice(1)).toEqual([429, 429]);
      const refusedCount = statuses.filter((status) => status === 429).length;
      await page.reload();
      expect(await row.locator('[data-testid^="rate-limit-refused-"]').textContent()).toBe(`${refusedCount} requests refused in 24 h`);
      await screenshot(page, 'keys-refused');
      // A reload does not show it again.
      await page.reload();
      expect(await page.getByTestId('new-key').count()).toBe(0);
      expect(await page.content()).not.toContain(key);
      expect(await row.locator('code').textContent()).toBe(`${prefix}…`);
      // Revoke, after a confirmation.
      await row.getByRole('button', { name: 'Revoke console test shop' }).click();
      await screenshot(page, 'keys-revoke-confirm');
      await row.getByRole('button', { name: 'Yes, revoke' }).click();
      await expect.poll(() => row.getAttribute('class'), { timeout: 15_000 }).toContain('revoked');
      expect(await row.textContent()).toContain('revoked');
      expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
      await expect.poll(async () => (await postGraphQL(apiUrl, '{ apiKeys { id } }', {}, key)).errors?.[0]?.extensions?.code, { timeout: 10_000 }).toBe('UNAUTHENTICATED');
      await screenshot(page, 'keys-revoked');
      expect(errors).toEqual([]);
      await close();
    });

    it('creates a retrain schedule, shows its next run, edits, disables and deletes it; the api\'s refusals show by the form', async () => {
      const { page, errors, close } = await signedInPage(platform().keys.admin);
      await page.goto('/schedules');
      await page.getByLabel('Name', { exact: true }).fill('too often');
      await page.getByLabel('Cron expression').fill('*/5 * * * *');
      await page.getByRole('button', { name: 'Create schedule' }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toMatch(/at least 15 minutes apart/);
      // The refused values stay in the form.
      expect(await page.getByLabel('Cron expression').inputValue()).toBe('*/5 * * * *');
      await page.getByLabel('Cron expression').fill('0 3 * *');
      await page.getByRole('button', { name: 'Create schedule' }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toMatch(/five fields/);
      await screenshot(page, 'schedules-bad-cron');
      await page.getByLabel('Name', { exact: true }).fill('nightly console test');
      await page.getByLabel('Cron expression').fill('0 3 * * *');
      await page.getByLabel('Time zone').selectOption('Europe/Berlin');
      await page.getByRole('button', { name: 'Create schedule' }).click();
      const row = page.getByRole('row').filter({ hasText: 'nightly console test' });
      await row.waitFor();
      expect(await page.getByRole('row').filter({ hasText: 'too often' }).count()).toBe(0);
      expect(await row.textContent()).toContain('Europe/Berlin');
      const next = await row.getByTestId('next-run').locator('time').getAttribute('datetime');
      expect(new Date(next!).getTime()).toBeGreaterThan(Date.now());
      expect(clockIn(next!, 'Europe/Berlin')).toBe('03:00');
      await screenshot(page, 'schedules');
      // Edit its cron on its own page.
      await row.getByRole('link', { name: 'Edit nightly console test' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/schedules/'));
      expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
      await page.getByLabel('Cron expression').fill('30 4 * * 1');
      await screenshot(page, 'schedules-edit');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL((url) => url.pathname === '/schedules');
      expect(await row.locator('code').textContent()).toBe('30 4 * * 1');
      const edited = await row.getByTestId('next-run').locator('time').getAttribute('datetime');
      expect(clockIn(edited!, 'Europe/Berlin')).toBe('04:30');
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'long' }).format(new Date(edited!))).toBe('Monday');
      // Disable: no next run; enable again: one.
      await row.getByRole('button', { name: 'Disable nightly console test' }).click();
      await expect.poll(() => row.getByTestId('next-run').textContent(), { timeout: 15_000 }).toBe('none (disabled)');
      expect(await row.textContent()).toContain('disabled');
      await row.getByRole('button', { name: 'Enable nightly console test' }).click();
      await expect.poll(() => row.getByTestId('next-run').locator('time').count(), { timeout: 15_000 }).toBe(1);
      await row.getByRole('button', { name: 'Disable nightly console test' }).click();
      await expect.poll(() => row.getByTestId('next-run').textContent(), { timeout: 15_000 }).toBe('none (disabled)');
      // Delete, after a confirmation.
      await row.getByRole('button', { name: 'Delete nightly console test' }).click();
      await row.getByRole('button', { name: 'Yes, delete' }).click();
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
      expect(await page.getByRole('status').filter({ hasText: 'No retrain schedules yet' }).count()).toBe(1);
      expect(errors).toEqual([]);
      await close();
    });

    it('follows a training on /jobs live until it completes, cancels a waiting and a running one with a reason, and retries the failed one', async () => {
      const { page, context, errors, close } = await signedInPage(platform().keys.admin);
      const first = await startTraining('console jobs test');
      await page.goto('/jobs');
      await page.evaluate('window.__sameDocument = true');
      // Live: the stage text changes without a reload, until the job completes.
      const stages = new Set<string>();
      await expect.poll(async () => {
        const stage = (await card(page, first).getByTestId('job-stage').textContent().catch(() => null)) ?? '';
        if (stage) stages.add(stage);
        return stateOf(page, first);
      }, { timeout: 240_000, interval: 150 }).toBe('completed');
      expect(await page.evaluate('window.__sameDocument')).toBe(true);
      expect(stages.size, [...stages].join(' | ')).toBeGreaterThanOrEqual(3);
      const done = card(page, first);
      expect(await done.getByTestId('job-stage').textContent()).toContain('100%');
      const versionLink = done.getByRole('link', { name: /model version \d+/ });
      expect(await versionLink.getAttribute('href')).toMatch(/^\/models\/\d+$/);
      await done.getByRole('button', { name: 'Show log' }).click();
      await expect.poll(() => done.locator('pre.job-log').textContent(), { timeout: 10_000 }).toBeTruthy();
      await screenshot(page, 'jobs-completed');

      // Two more: the second waits while the first runs (one training at a time).
      const running = await startTraining('console jobs test (cancelled while running)', true);
      const waiting = await startTraining('console jobs test (cancelled while waiting)');
      await expect.poll(() => stateOf(page, running), { timeout: 60_000 }).toBe('active');
      expect(await stateOf(page, waiting)).toBe('waiting');
      // A training tells the time left of the whole run once it is 10 s and 1% in (the list follows it every second).
      const timeLeft = card(page, running).getByTestId('time-left');
      await expect.poll(() => timeLeft.count(), { timeout: 120_000, interval: 1000 }).toBe(1);
      expect(await timeLeft.textContent()).toMatch(/^ · (about (\d+ h )?\d+ min|under a minute) left$/);
      await screenshot(page, 'jobs-live');
      // The Models page's row of the training version tells it too (one training runs at a time: one such row).
      const models = await context.newPage();
      await models.goto('/models');
      const rowLeft = models.getByTestId('model-versions').getByTestId('row-time-left');
      // The row is read from the run's column, written a little behind the job's progress; the page refreshes itself.
      await expect.poll(() => rowLeft.count(), { timeout: 20_000, interval: 500 }).toBe(1);
      expect(await rowLeft.textContent()).toMatch(/^ · (about (\d+ h )?\d+ min|under a minute) left$/);
      await screenshot(models, 'models-training-row');
      await models.close();
      const waitingCard = card(page, waiting);
      await waitingCard.getByRole('button', { name: `Cancel ${waiting}` }).click();
      await waitingCard.getByLabel(/Reason/).fill('console test: not needed');
      await screenshot(page, 'jobs-cancel-confirm');
      await waitingCard.getByRole('button', { name: 'Yes, cancel the job' }).click();
      await expect.poll(() => page.getByTestId('job-notices').textContent(), { timeout: 15_000 }).toMatch(/removed from its queue before it started \(reason: console test: not needed\)/);
      await expect.poll(() => stateOf(page, waiting), { timeout: 15_000 }).toBe('absent');
      const runningCard = card(page, running);
      await runningCard.getByRole('button', { name: `Cancel ${running}` }).click();
      await runningCard.getByLabel(/Reason/).fill('console test: stop it');
      await runningCard.getByRole('button', { name: 'Yes, cancel the job' }).click();
      await expect.poll(() => stateOf(page, running), { timeout: 60_000 }).toBe('failed');
      expect(await runningCard.getByTestId('job-error').textContent()).toContain('console test: stop it');
      await screenshot(page, 'jobs-cancelled');

      // Retry the failed one: it runs again from its first attempt (a retried training completing is tested over
      // the api in tests/api/jobs-resilience.test.ts; this one is slow on purpose, so it is cancelled again).
      await runningCard.getByRole('button', { name: `Retry ${running}` }).click();
      await expect.poll(() => page.getByTestId('job-notices').textContent(), { timeout: 15_000 }).toContain(`Retrying ${running}`);
      await expect.poll(() => stateOf(page, running), { timeout: 60_000, interval: 500 }).toMatch(/^(waiting|active)$/);
      await runningCard.getByRole('button', { name: `Cancel ${running}` }).click();
      await runningCard.getByLabel(/Reason/).fill('console test: done');
      await runningCard.getByRole('button', { name: 'Yes, cancel the job' }).click();
      await expect.poll(() => stateOf(page, running), { timeout: 60_000 }).toBe('failed');

      // The job's own page: its full log and training run.
      await page.goto(`/jobs/${encodeURIComponent(first)}`);
      expect(await page.locator('main h2').first().textContent()).toBe(first);
      expect(await page.locator('pre.job-log').textContent()).toBeTruthy();
      expect(await page.getByRole('heading', { name: /Training run/ }).count()).toBe(1);
      await screenshot(page, 'job-detail');
      // Filters: delayed train jobs only (none), an empty state that says why.
      await page.goto('/jobs?queue=TRAIN&state=DELAYED');
      await screenshot(page, 'jobs-filtered-empty');
      expect(await page.locator('main').textContent()).toContain('No delayed jobs in the train queue');
      expect(errors).toEqual([]);
      await close();
    });

    it('pages through the jobs with their position, keeping the filters, and says when a page is empty', async () => {
      const { apiUrl, keys } = platform();
      const list = async (query: string) => {
        const answer = await postGraphQL<{ jobs: { totalCount: number; nodes: Array<{ id: string }>; pageInfo: { endCursor: string | null } } }>(apiUrl, query, {}, keys.admin);
        expect(answer.errors).toBeUndefined();
        return answer.data!.jobs;
      };
      // The trainings of the tests before: one completed, one cancelled (and the retrain of /models when it ran first).
      const train = await list('{ jobs(queues: [TRAIN], first: 100) { totalCount nodes { id } pageInfo { endCursor } } }');
      expect(train.totalCount).toBeGreaterThanOrEqual(2);
      const { page, errors, close } = await signedInPage(keys.admin);
      const position = page.getByTestId('pager-position');
      const shown = () => page.getByTestId('job').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-job-id')));
      await page.goto('/jobs?queue=TRAIN&size=1');
      expect(await position.textContent()).toBe(`1–1 of ${train.totalCount} jobs`);
      expect(await shown()).toEqual([train.nodes[0]!.id]);
      await page.getByRole('link', { name: 'Next →' }).click();
      await page.waitForURL((url) => url.searchParams.has('after'));
      expect(Object.fromEntries([...new URL(page.url()).searchParams].filter(([key]) => key !== 'after'))).toEqual({ queue: 'TRAIN', size: '1' });
      await expect.poll(() => position.textContent(), { timeout: 15_000 }).toBe(`2–2 of ${train.totalCount} jobs`);
      expect(await shown()).toEqual([train.nodes[1]!.id]);
      expect(await page.getByLabel('Queue', { exact: true }).inputValue()).toBe('TRAIN');
      await screenshot(page, 'jobs-page-2');
      await page.getByRole('link', { name: '← Previous' }).click();
      await page.waitForURL((url) => !url.searchParams.has('after') && url.searchParams.get('queue') === 'TRAIN');
      await expect.poll(() => position.textContent(), { timeout: 15_000 }).toBe(`1–1 of ${train.totalCount} jobs`);
      expect(await shown()).toEqual([train.nodes[0]!.id]);

      // Every queue, 20 a page by default: the position counts them all.
      const all = await list('{ jobs(first: 20) { totalCount nodes { id } pageInfo { endCursor } } }');
      await page.goto('/jobs');
      expect(await position.textContent()).toBe(`1–${all.nodes.length} of ${all.totalCount} jobs`);

      // Past the last page (its own cursor): the empty-page state, and a way back that keeps the filter.
      await page.goto(`/jobs?queue=TRAIN&size=${train.totalCount}&after=${encodeURIComponent(train.pageInfo.endCursor!)}`);
      expect(await page.getByRole('status').filter({ hasText: 'This page is empty' }).count()).toBe(1);
      await page.getByRole('link', { name: 'Back to the first page' }).click();
      await page.waitForURL((url) => !url.searchParams.has('after') && url.searchParams.get('queue') === 'TRAIN');
      await expect.poll(() => position.textContent(), { timeout: 15_000 }).toBe(`1–${train.totalCount} of ${train.totalCount} jobs`);
      expect(errors).toEqual([]);
      await close();
    });

    it('shows the jobs at 400 px, and a merchandiser none of the admin pages', async () => {
      const narrow = await signedInPage(platform().keys.admin, WIDTHS.narrow);
      await narrow.page.goto('/jobs');
      await narrow.page.locator('[data-testid="job"]').first().getByRole('button', { name: 'Show log' }).click();
      await narrow.page.locator('pre.job-log').first().waitFor();
      expect((await narrow.page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number).toBeLessThanOrEqual(1);
      await screenshot(narrow.page, 'jobs-narrow');
      for (const route of ['/keys', '/schedules']) {
        await narrow.page.goto(route);
        expect((await narrow.page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number, route).toBeLessThanOrEqual(1);
        await screenshot(narrow.page, `${route.slice(1)}-narrow`);
      }
      expect(narrow.errors).toEqual([]);
      await narrow.close();
      const { page, errors, close } = await signedInPage(platform().keys.merchandiser);
      for (const route of ['/jobs', '/jobs/train%3Arun-1', '/schedules', '/keys']) {
        await page.goto(route);
        expect(await page.getByTestId('forbidden').count(), route).toBe(1);
        expect(await page.getByTestId('job').count(), route).toBe(0);
      }
      expect(errors).toEqual([]);
      await close();
    });
  });
}

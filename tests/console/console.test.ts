import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import { CHROMIUM_PATH } from '../support/browser.ts';
import { MACHINE_REDIS_URL, redisAnswers } from '../support/redis.ts';
import { startConsolePlatform, stopConsolePlatform } from './platform.ts';
import { existsSync } from 'node:fs';
import { defineAdminPages } from './areas/admin.ts';
import { defineAllPages } from './areas/all-pages.ts';
import { defineItemPages } from './areas/items.ts';
import { defineModelPages } from './areas/models.ts';
import { defineSignIn } from './areas/sign-in.ts';
import { defineUserPages } from './areas/users.ts';

const REDIS_URL = MACHINE_REDIS_URL;

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const skipReason = (await postgresUnavailableReason())
  ?? ((await redisAnswers(REDIS_URL)) ? null : `no Redis answers at ${REDIS_URL}`)
  ?? (existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH}`);

/**
 * The admin console in Debian's Chromium against the real api, PostgreSQL and Redis: one platform for every page's
 * tests (starting one takes a minute), each area's tests in its own module under ./areas.
 */
describe.skipIf(!postgres || skipReason)(`the console in a browser${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await postgres!.create();
    await startConsolePlatform(db, REDIS_URL);
  }, 300_000);
  afterAll(async () => {
    await stopConsolePlatform();
    await db?.dispose();
  });
  defineSignIn();
  defineItemPages();
  defineUserPages();
  defineModelPages();
  defineAdminPages();
  defineAllPages();
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { computeFeatures } from '@fewshot/pipeline/features';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { postGraphQL } from '../support/graphql.ts';
import { pngImage } from '../support/images.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const skipReason = await postgresUnavailableReason();
const MAX_IMAGE_BYTES = 25 * 1024 * 1024;

const PAYLOAD = 'item { id title genres imageUri imageUrl status } recommendable message features { modality encoder status error }';
const CREATE = `mutation ($input: ItemInput!, $image: Upload) { createItem(input: $input, image: $image) { ${PAYLOAD} } }`;
const UPDATE = `mutation ($id: ID!, $input: ItemPatch!, $image: Upload) { updateItem(id: $id, input: $input, image: $image) { ${PAYLOAD} } }`;
const RECOMMEND = 'query ($recent: [ID!], $filter: RecommendationFilter) { recommendations(recentItemIds: $recent, first: 10, filter: $filter) { source items { item { id } } } }';

interface Payload {
  item: { id: string; title: string; genres: string[]; imageUri: string | null; imageUrl: string | null; status: string };
  recommendable: boolean;
  message: string | null;
  features: Array<{ modality: string; encoder: string | null; status: string; error: string | null }>;
}
type GraphQLAnswer<T> = { status: number; data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/**
 * A merchandiser's loop against the api process on PostgreSQL, with a tiny model trained on real use-lite text
 * vectors: items created with an uploaded or fetched image (checked by content, SSRF-safe), served back over HTTP,
 * recommendable at once without retraining, and gone from recommendations when archived.
 */
describe.skipIf(!postgres)(`items and images over HTTP on PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  let api: Started;
  let images: Server;
  let internal: Server;
  let base = '';
  let imageBase = '';
  let internalUrl = '';
  let dir = '';
  const keys = { frontend: '', merchandiser: '', admin: '' };
  const poster = pngImage(48, 64, 3);
  const other = pngImage(40, 30, 11);

  /** A GraphQL multipart request (operations, map, file) as a browser's upload client sends it. */
  async function upload<T>(query: string, variables: Record<string, unknown>, file: { bytes: Buffer; name: string; type: string } | null, key = keys.merchandiser, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }): Promise<GraphQLAnswer<T>> {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query, variables: { ...variables, image: null } }));
    form.append('map', JSON.stringify(file ? { 0: ['variables.image'] } : {}));
    if (file) form.append('0', new Blob([file.bytes], { type: file.type }), file.name);
    const response = await fetch(`${base}/graphql`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}`, ...headers } });
    const text = await response.text();
    try {
      return { status: response.status, ...(JSON.parse(text) as object) };
    } catch {
      return { status: response.status, errors: [{ message: text }] };
    }
  }
  const create = (input: Record<string, unknown>, key = keys.merchandiser) => postGraphQL<{ createItem: Payload }>(`${base}/graphql`, CREATE, { input }, key);
  const recommendWestern = async () => {
    const result = await postGraphQL<{ recommendations: { source: string; items: Array<{ item: { id: string } }> } }>(`${base}/graphql`, RECOMMEND, { recent: ['m3', 'm9', 'm27'], filter: { genres: ['western'] } }, keys.frontend);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.recommendations.items.map((i) => i.item.id);
  };

  beforeAll(async () => {
    db = await postgres!.create();
    await seedDemoSlice(db);
    internal = createServer((_, res) => res.end('internal'));
    images = createServer((req, res) => {
      if (req.url === '/poster.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(other);
      if (req.url === '/to-private') return void res.writeHead(302, { location: 'http://10.0.0.1/poster.png' }).end();
      if (req.url === '/to-internal') return void res.writeHead(302, { location: internalUrl }).end();
      res.writeHead(404).end();
    });
    await Promise.all([images, internal].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/secret.png`;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The api starts (popularity) while the model trains; it follows the database once a version is promoted.
    const apiUp = (async () => {
      api = startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], {
        DATABASE_URL: db.url!, PORT: String(port), FEWSHOT_DEMO_CATALOG: 'off', FEWSHOT_MODEL_POLL_MS: '500',
        // Only the test's image server: the api's own port and the "internal" server stay refused.
        FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS: `127.0.0.1:${(images.address() as AddressInfo).port}`,
      });
      const roles = ['frontend', 'merchandiser', 'admin'] as const;
      const created = await Promise.all(roles.map((role) => createApiKeyWithCli(role, { DATABASE_URL: db.url! })));
      roles.forEach((role, i) => (keys[role] = created[i]!));
      await waitUntil(async () => (await fetch(`${base}/health`)).ok, 120_000, 'the api to start', api.output);
    })();
    // The tiny model trains on real use-lite vectors of the slice (not its synthetic ones), so the api can compute
    // a new item's vector with the very encoder the model was trained on.
    await computeFeatures({ sql: db.sql, specs: [{ kind: 'use-lite' }] });
    await db.sql.query(`DELETE FROM item_features WHERE encoder = 'synthetic'`);
    const { versionId } = await trainTinyVersion(db);
    await apiUp;
    const promoted = await postGraphQL(`${base}/graphql`, 'mutation ($id: ID!) { promoteModelVersion(id: $id) { status } }', { id: String(versionId) }, keys.admin);
    expect(promoted.errors).toBeUndefined();
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-items-'));
  });

  afterAll(async () => {
    await api?.stop('SIGTERM');
    images?.close();
    internal?.close();
    await db?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates an item with an uploaded image, checked by content: a PNG named .jpg and declared image/gif is a PNG', async () => {
    expect(await recommendWestern()).toEqual([]);
    const started = performance.now();
    const result = await upload<{ createItem: Payload }>(CREATE, { input: { id: 'new/1 ü', title: 'The Good, the Bad and the Ugly', description: 'Three gunslingers.', genres: ['Western'], year: 1966, attributes: { director: 'Leone' } } }, { bytes: poster, name: 'poster.jpg', type: 'image/gif' });
    const seconds = (performance.now() - started) / 1000;
    console.log(`createItem → recommendable: ${seconds.toFixed(2)} s (first item: the api loads its text encoder)`);
    expect(result.errors).toBeUndefined();
    const created = result.data!.createItem;
    expect(created).toMatchObject({
      item: { id: 'new/1 ü', genres: ['Western'], status: 'ACTIVE', imageUrl: `/images/items/${encodeURIComponent('new/1 ü')}` },
      recommendable: true,
      message: null,
      features: [{ modality: 'TEXT', status: 'READY', encoder: expect.stringMatching(/^use-lite@/) }],
    });
    expect(created.item.imageUri).toMatch(/^db:item_images\/[0-9a-f]{64}$/);
    // The image comes back byte for byte, typed by its content, with caching headers.
    const response = await fetch(`${base}${created.item.imageUrl}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe(String(poster.length));
    expect(response.headers.get('cache-control')).toMatch(/no-cache/);
    const etag = response.headers.get('etag')!;
    expect(Buffer.from(await response.arrayBuffer()).equals(poster)).toBe(true);
    expect((await fetch(`${base}${created.item.imageUrl}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${base}${created.item.imageUrl}`, { method: 'HEAD' })).headers.get('content-length')).toBe(String(poster.length));
    // Recommendable without retraining: the only Western in the catalog now appears for an anonymous sequence.
    expect(await recommendWestern()).toEqual(['new/1 ü']);
  });

  it('measures createItem → recommendable with the encoder warm', async () => {
    const started = performance.now();
    const result = await create({ id: 'new-2', title: 'Once Upon a Time in the West', genres: ['Western'] });
    const seconds = (performance.now() - started) / 1000;
    console.log(`createItem → recommendable: ${seconds.toFixed(2)} s (encoder warm, no image)`);
    expect(result.data?.createItem).toMatchObject({ recommendable: true, item: { imageUrl: null } });
    expect((await recommendWestern()).sort()).toEqual(['new-2', 'new/1 ü']);
  });

  it('previews whom a new item reaches, as the users\' own lists show it, for merchandisers and admins only', async () => {
    const REACH = `query ($id: ID!, $users: Int) {
      itemReach(itemId: $id, users: $users, depth: 10, first: 100) {
        item { id } depth addedAfterTraining newToVersion newItems usersChecked usersWithHistory reached reachedInNewItemSlot alreadyHad notRanked medianRank reason
        rankRanges { from to users } byPath { path users reached } modelVersion { status }
        users { user { id } historyLength path rank position inNewItemSlot modelVersion { id } }
      }
    }`;
    type Reach = { itemReach: { usersChecked: number; reached: number; reachedInNewItemSlot: number; alreadyHad: number; notRanked: number; reason: string | null; rankRanges: Array<{ users: number }>; users: Array<{ user: { id: string }; rank: number; position: number | null; path: string; inNewItemSlot: boolean }> } & Record<string, unknown> };
    const answer = await postGraphQL<Reach>(`${base}/graphql`, REACH, { id: 'new-2', users: 60 }, keys.merchandiser);
    expect(answer.errors).toBeUndefined();
    const reach = answer.data!.itemReach;
    expect(reach).toMatchObject({ item: { id: 'new-2' }, depth: 10, addedAfterTraining: true, newToVersion: true, newItems: null, usersChecked: 60, alreadyHad: 0, notRanked: 0, reason: null, modelVersion: { status: 'ACTIVE' } });
    // The replica's default (one slot, for a new item within a user's top 50) shows it to some users in that slot.
    expect(reach.reachedInNewItemSlot).toBe(reach.users.filter((user) => user.inNewItemSlot).length);
    expect(reach.reachedInNewItemSlot).toBeGreaterThan(0);
    expect(reach.rankRanges.reduce((sum, range) => sum + range.users, 0)).toBe(60);
    expect(reach.users).toHaveLength(60);
    // The best-placed user's own list shows it where the reach says (or, reaching nobody, not in the top 10); with a
    // slot kept for new items it is in that list, marked as added after training, and nothing else is.
    const best = reach.users[0]!;
    type List = { recommendations: { items: Array<{ item: { id: string }; newItem: boolean; addedAfterTraining: boolean }> } };
    const listOf = (newItems: number | null) => postGraphQL<List>(`${base}/graphql`, 'query ($u: ID!, $n: Int) { recommendations(userId: $u, first: 10, newItems: $n) { items { item { id } newItem addedAfterTraining } } }', { u: best.user.id, n: newItems }, keys.merchandiser);
    const shownAt = (await listOf(null)).data!.recommendations.items.findIndex((entry) => entry.item.id === 'new-2') + 1;
    expect(shownAt === 0 ? null : shownAt).toBe(best.position);
    const slotted = (await listOf(2)).data!.recommendations.items;
    expect(slotted.filter((entry) => entry.addedAfterTraining).map((entry) => entry.item.id).sort()).toEqual(['new-2', 'new/1 ü']);
    expect(reach.reached).toBe(reach.users.filter((user) => user.position !== null).length);

    // With one new-item slot in every list (the what-if the console shows for a new item), it reaches at least as many.
    const withSlot = await postGraphQL<{ itemReach: { newItems: number; reached: number; reachedInNewItemSlot: number } }>(`${base}/graphql`, 'query { itemReach(itemId: "new-2", users: 60, depth: 10, newItems: 1) { newItems reached reachedInNewItemSlot } }', {}, keys.admin);
    expect(withSlot.data!.itemReach).toMatchObject({ newItems: 1 });
    expect(withSlot.data!.itemReach.reached).toBeGreaterThanOrEqual(reach.reached);
    expect((await postGraphQL(`${base}/graphql`, REACH, { id: 'new-2' }, keys.admin)).errors).toBeUndefined();
    expect((await postGraphQL(`${base}/graphql`, REACH, { id: 'new-2' }, keys.frontend)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await postGraphQL(`${base}/graphql`, REACH, { id: 'ghost' }, keys.merchandiser);
    expect(unknown.errors?.[0]).toMatchObject({ message: 'there is no item "ghost"', extensions: { code: 'NOT_FOUND', details: { field: 'itemId' } } });
    const tooMany = await postGraphQL(`${base}/graphql`, REACH, { id: 'new-2', users: 5000 }, keys.merchandiser);
    expect(tooMany.errors?.[0]).toMatchObject({ message: 'users must be a whole number from 1 to 1000, got 5000', extensions: { code: 'BAD_USER_INPUT', details: { field: 'users' } } });
  });

  it('counts the items added since the serving version\'s training and whether it ranks them, for merchandisers and admins', async () => {
    const COLD = 'query ($days: Int) { coldStart(days: $days) { days newItems newItemsRecommendable newItemsWaiting waitingItems { id } modelVersion { status } } }';
    const answer = await postGraphQL<{ coldStart: Record<string, unknown> }>(`${base}/graphql`, COLD, {}, keys.merchandiser);
    // The two items created above, both placed by the generator.
    expect(answer.data?.coldStart).toEqual({ days: 7, newItems: 2, newItemsRecommendable: 2, newItemsWaiting: 0, waitingItems: [], modelVersion: { status: 'ACTIVE' } });
    expect((await postGraphQL(`${base}/graphql`, COLD, {}, keys.frontend)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await postGraphQL(`${base}/graphql`, COLD, { days: 0 }, keys.admin)).errors?.[0]).toMatchObject({ message: 'days must be a whole number from 1 to 90, got 0', extensions: { code: 'BAD_USER_INPUT', details: { field: 'days' } } });
  });

  it('refuses what is not an image, an oversized upload, and a multipart request without the CSRF header', async () => {
    const text = await upload(CREATE, { input: { id: 'bad-1', title: 'Text' } }, { bytes: Buffer.from('hello, this is a text file\n'), name: 'photo.jpg', type: 'image/jpeg' });
    expect(text.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(text.errors?.[0]?.message).toMatch(/image: not a JPEG or PNG image \(it starts with the text "hello, this is a"\)/);
    const gif = await upload(CREATE, { input: { id: 'bad-2', title: 'Gif' } }, { bytes: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1'), name: 'a.png', type: 'image/png' });
    expect(gif.errors?.[0]?.message).toMatch(/GIF, which is not supported/);
    const huge = Buffer.alloc(MAX_IMAGE_BYTES + 1);
    poster.copy(huge);
    const oversized = await upload(CREATE, { input: { id: 'bad-3', title: 'Huge' } }, { bytes: huge, name: 'huge.png', type: 'image/png' });
    expect(oversized.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(oversized.errors?.[0]?.message).toMatch(/the uploaded file "huge.png" is larger than the 25 MB limit/);
    const forged = await upload(CREATE, { input: { id: 'bad-4', title: 'Forged' } }, { bytes: poster, name: 'p.png', type: 'image/png' }, keys.merchandiser, {});
    expect(forged.status).toBe(400);
    expect(forged.errors?.[0]?.message).toMatch(/apollo-require-preflight/);
    expect(await db.prisma.item.count({ where: { externalId: { startsWith: 'bad-' } } })).toBe(0);
  });

  it('fetches an imageUrl from an allowed host, and refuses loopback and redirects to private addresses', async () => {
    const fetched = await create({ id: 'url-1', title: 'For a Few Dollars More', genres: ['Western'], imageUrl: `${imageBase}/poster.png` });
    expect(fetched.errors).toBeUndefined();
    expect(fetched.data!.createItem.item.imageUri).toMatch(/^db:item_images\//);
    const served = await fetch(`${base}${fetched.data!.createItem.item.imageUrl}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(other)).toBe(true);
    const cases: Array<[string, RegExp]> = [
      [internalUrl, /refused to download image http:\/\/127\.0\.0\.1:\d+\/secret\.png: 127\.0\.0\.1 is a loopback address/],
      [`${base}/health`, /127\.0\.0\.1 is a loopback address/],
      [`${imageBase}/to-private`, /10\.0\.0\.1 is a private address/],
      [`${imageBase}/to-internal`, /127\.0\.0\.1 is a loopback address/],
      ['http://169.254.169.254/latest/meta-data/', /cloud metadata address/],
      ['file:///etc/passwd', /only http and https URLs are fetched/],
    ];
    for (const [imageUrl, message] of cases) {
      const refused = await create({ id: 'url-2', title: 'Refused', imageUrl });
      expect(refused.errors?.[0], imageUrl).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(refused.errors?.[0]?.message).toMatch(message);
    }
    expect(await db.prisma.item.count({ where: { externalId: 'url-2' } })).toBe(0);
  });

  it('lets merchandisers and admins write items, not frontends, and answers bad input with codes', async () => {
    expect((await create({ id: 'role-1', title: 'X' }, keys.frontend)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await create({ id: 'role-1', title: 'X' }, '')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await create({ id: 'role-1', title: 'By an admin' }, keys.admin)).data?.createItem.item.id).toBe('role-1');
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      [CREATE, { input: { id: 'role-1', title: 'Again' } }, 'ALREADY_EXISTS', /an item with id "role-1" already exists/],
      [CREATE, { input: { id: 'e-1', title: '   ' } }, 'BAD_USER_INPUT', /input\.title must not be empty/],
      [CREATE, { input: { id: 'e-1', title: 'x'.repeat(501) } }, 'BAD_USER_INPUT', /input\.title must be at most 500 characters/],
      [CREATE, { input: { id: '', title: 'x' } }, 'BAD_USER_INPUT', /input\.id must be a non-empty id/],
      [CREATE, { input: { id: 'e-1', title: 'x', attributes: [1] } }, 'BAD_USER_INPUT', /input\.attributes must be a JSON object/],
      [CREATE, { input: { id: 'e-1', title: 'x', year: 12 } }, 'BAD_USER_INPUT', /input\.year must be a four-digit year/],
      [CREATE, { input: { id: 'e-1', title: 'x', imageUrl: 'not a url' } }, 'BAD_USER_INPUT', /input\.imageUrl "not a url" is not an absolute URL/],
      [UPDATE, { id: 'ghost', input: { title: 'x' } }, 'NOT_FOUND', /there is no item "ghost"/],
      [UPDATE, { id: 'role-1', input: { title: null } }, 'BAD_USER_INPUT', /input\.title cannot be removed/],
      ['mutation { archiveItem(id: "ghost") { recommendable } }', {}, 'NOT_FOUND', /there is no item "ghost"/],
      [CREATE, { input: { id: 'e-1', title: 'x' }, image: 'not a file' }, 'BAD_USER_INPUT', /an Upload must be a file/],
    ];
    for (const [query, variables, code, message] of cases) {
      const result = await postGraphQL(`${base}/graphql`, query, variables, keys.merchandiser);
      expect(result.errors?.[0], JSON.stringify(variables)).toMatchObject({ extensions: { code } });
      expect(result.errors?.[0]?.message).toMatch(message);
    }
  });

  it('replaces an image on update, and archiving removes the item from recommendations until it is restored', async () => {
    const updated = await upload<{ updateItem: Payload }>(UPDATE, { id: 'new/1 ü', input: { title: 'The Good, the Bad and the Ugly (1966)' } }, { bytes: other, name: 'new.png', type: 'image/png' });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateItem).toMatchObject({ recommendable: true, item: { title: 'The Good, the Bad and the Ugly (1966)', genres: ['Western'] } });
    const served = await fetch(`${base}${updated.data!.updateItem.item.imageUrl}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(other)).toBe(true);
    const [{ count }] = await db.sql.query<{ count: string }>(`SELECT count(*) FROM item_images WHERE item_id = (SELECT id FROM items WHERE external_id = 'new/1 ü')`) as [{ count: string }];
    expect(Number(count)).toBe(1);

    const archived = await postGraphQL<{ archiveItem: Payload }>(`${base}/graphql`, 'mutation { archiveItem(id: "new-2") { item { status } recommendable message } }', {}, keys.merchandiser);
    expect(archived.data?.archiveItem).toMatchObject({ item: { status: 'ARCHIVED' }, recommendable: false, message: expect.stringMatching(/archived/) });
    expect(await recommendWestern()).not.toContain('new-2');
    const restored = await postGraphQL<{ restoreItem: Payload }>(`${base}/graphql`, 'mutation { restoreItem(id: "new-2") { item { status } recommendable } }', {}, keys.merchandiser);
    expect(restored.data?.restoreItem).toEqual({ item: { status: 'ACTIVE' }, recommendable: true });
    expect(await recommendWestern()).toContain('new-2');
  });

  it("serves operator-imported file images only where an item references them, and 404s with a message", async () => {
    const file = path.join(dir, 'poster.png');
    await writeFile(file, poster);
    const notImage = path.join(dir, 'notes.png');
    await writeFile(notImage, 'secret notes');
    await db.prisma.item.createMany({ data: [{ externalId: 'file-1', title: 'Imported', imageUri: pathToFileURL(file).href }, { externalId: 'file-2', title: 'Odd', imageUri: pathToFileURL(notImage).href }] });
    const served = await fetch(`${base}/images/items/file-1`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(poster)).toBe(true);
    expect((await fetch(`${base}/images/items/file-1`, { headers: { 'if-none-match': served.headers.get('etag')! } })).status).toBe(304);
    const cases: Array<[string, RegExp]> = [
      ['/images/items/file-2', /is not a JPEG or PNG/],
      ['/images/items/role-1', /the item "role-1" has no image/],
      ['/images/items/nobody', /there is no item "nobody"/],
      [`/images/items/${encodeURIComponent('../../etc/passwd')}`, /there is no item "..\/..\/etc\/passwd"/],
    ];
    for (const [url, message] of cases) {
      const response = await fetch(`${base}${url}`);
      expect(response.status, url).toBe(404);
      expect(((await response.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(message);
    }
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../auth/create-api-key.ts';
import { createRequestContext, type ContextValue } from '../context.ts';
import { createApolloServer } from '../server.ts';

const targets = await testDatabaseTargets();

describe.each(targets)('Item.features on $kind', ({ create }) => {
  let db: TestDatabase;
  let server: ApolloServer<ContextValue>;
  let key = '';
  const state = { startedAt: Date.now(), seeding: false };

  beforeAll(async () => {
    db = await create();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-item-features-'));
    writeFileSync(path.join(dir, 'items.csv'), 'id,title,genres,year\nm1,One,Comedy,1990\nm2,Two,Drama,1991\n');
    writeFileSync(path.join(dir, 'interactions.csv'), 'user,item,timestamp,kind,value\nalice,m1,100,view,\n');
    await importDataset(db, { dataset: openDataset(dir) });
    key = (await createApiKey(db, { role: 'MERCHANDISER', name: 'merch' })).key;
    const item = await db.prisma.item.findUniqueOrThrow({ where: { externalId: 'm1' } });
    await db.prisma.itemFeature.create({ data: { itemId: item.id, modality: 'TEXT', encoder: 'use-lite', encoderVersion: '1', dimension: 2, vector: Buffer.alloc(8), createdAt: new Date('2026-01-01T00:00:00Z') } });
    await db.prisma.itemFeature.create({ data: { itemId: item.id, modality: 'IMAGE', encoder: 'clip', encoderVersion: '2', dimension: 2, status: 'FAILED', error: 'not an image', createdAt: new Date('2026-01-02T00:00:00Z') } });
    server = createApolloServer();
  });
  afterAll(async () => {
    await server.stop();
    await db.dispose();
  });

  async function features(id: string) {
    const response = await server.executeOperation(
      { query: 'query ($id: ID!) { item(id: $id) { features { modality encoder status error createdAt } } }', variables: { id } },
      { contextValue: await createRequestContext(db, state, { authorization: `Bearer ${key}` }) },
    );
    assert(response.body.kind === 'single');
    expect(response.body.singleResult.errors).toBeUndefined();
    return (response.body.singleResult.data as { item: { features: unknown[] } }).item.features;
  }

  it('lists an item\'s stored features per modality, newest first, with the encoder and why one failed', async () => {
    expect(await features('m1')).toEqual([
      { modality: 'IMAGE', encoder: 'clip@2', status: 'FAILED', error: 'not an image', createdAt: '2026-01-02T00:00:00.000Z' },
      { modality: 'TEXT', encoder: 'use-lite@1', status: 'READY', error: null, createdAt: '2026-01-01T00:00:00.000Z' },
    ]);
  });

  it('is empty for an item whose features were never computed', async () => {
    expect(await features('m2')).toEqual([]);
  });
});

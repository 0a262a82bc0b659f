import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { testDatabaseTargets, type TestDatabase } from './testing/index.ts';

const targets = await testDatabaseTargets();

describe.each(targets)('schema on $kind', ({ create }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('records the migration in Prisma bookkeeping and is idempotent', async () => {
    const rows = await db.sql.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      'SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    expect(rows.map((row) => row.migration_name)).toContain('20261127000000_init');
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.checksum) && row.applied_steps_count === 1)).toBe(true);
    const again = await migrate(db.sql);
    expect(again.applied).toEqual([]);
  });

  it('creates and reads back every model through the generated client', async () => {
    const { prisma } = db;
    const user = await prisma.user.create({ data: { externalId: 'u1', attributes: { age: 30 } } });
    const item = await prisma.item.create({
      data: { externalId: 'i1', title: 'Toy Story', attributes: { genres: ['Animation'], year: 1995 }, imageUri: 'file:///x/1.jpg' },
    });
    const vector = Buffer.from(new Float32Array([0.5, -1.25]).buffer);
    await prisma.itemFeature.create({
      data: { itemId: item.id, modality: 'TEXT', encoder: 'use-lite', encoderVersion: '0.2.0', dimension: 2, vector },
    });
    await prisma.itemFeature.create({
      data: { itemId: item.id, modality: 'IMAGE', encoder: 'mobilenet', encoderVersion: '1', dimension: 0, status: 'FAILED', error: 'truncated JPEG' },
    });
    const interaction = await prisma.interaction.create({
      data: { userId: user.id, itemId: item.id, kind: 'RATING', value: 4.5, occurredAt: new Date(881250949000), clientEventId: 'e1' },
    });
    const modelVersion = await prisma.modelVersion.create({
      data: { name: 'v1', config: { d: 64 }, encoders: { TEXT: 'use-lite@0.2.0' }, artifactBytes: 3, artifactChunks: { create: [{ seq: 0, bytes: Buffer.from([1, 2, 3]) }] }, metrics: { recall10: 0.2 } },
    });
    const schedule = await prisma.retrainSchedule.create({ data: { name: 'nightly', cron: '0 3 * * *' } });
    await prisma.trainingRun.create({ data: { modelVersionId: modelVersion.id, scheduleId: schedule.id, jobId: 'job-1', progress: 0.5 } });
    await prisma.apiKey.create({ data: { name: 'console', prefix: 'fs_abc', keyHash: 'h'.repeat(64), role: 'ADMIN' } });

    const read = await prisma.user.findUniqueOrThrow({
      where: { externalId: 'u1' },
      include: { interactions: { include: { item: { include: { features: { orderBy: { modality: 'asc' } } } } } }, activity: true },
    });
    expect(read.attributes).toEqual({ age: 30 });
    // Kept by the database's triggers on interactions, read through the relation.
    expect(read.activity).toEqual({ userId: user.id, firstAt: new Date(881250949000), lastAt: new Date(881250949000), events: 1 });
    expect(read.interactions).toHaveLength(1);
    const [readInteraction] = read.interactions;
    expect(readInteraction?.id).toBe(interaction.id);
    expect(typeof readInteraction?.id).toBe('bigint');
    expect(readInteraction?.occurredAt.toISOString()).toBe('1997-12-04T15:55:49.000Z');
    expect(readInteraction?.item.attributes).toEqual({ genres: ['Animation'], year: 1995 });
    const [text, image] = readInteraction?.item.features ?? [];
    expect(new Float32Array(new Uint8Array(text!.vector!).buffer)).toEqual(new Float32Array([0.5, -1.25]));
    expect(image).toMatchObject({ status: 'FAILED', error: 'truncated JPEG', vector: null });

    const run = await prisma.trainingRun.findFirstOrThrow({ include: { modelVersion: { include: { artifactChunks: true } }, schedule: true } });
    expect(run).toMatchObject({ status: 'QUEUED', progress: 0.5, jobId: 'job-1' });
    expect(run.modelVersion?.status).toBe('TRAINING');
    expect(run.modelVersion?.artifactChunks.map((chunk) => [chunk.seq, [...chunk.bytes]])).toEqual([[0, [1, 2, 3]]]);
    expect(run.schedule).toMatchObject({ cron: '0 3 * * *', timezone: 'UTC', enabled: true });
    expect(await prisma.apiKey.findUniqueOrThrow({ where: { keyHash: 'h'.repeat(64) } })).toMatchObject({ role: 'ADMIN' });
  });

  it('enforces the unique and foreign keys the import relies on', async () => {
    const { prisma } = db;
    await expect(prisma.item.create({ data: { externalId: 'i1', title: 'duplicate' } })).rejects.toThrow();
    await expect(
      prisma.interaction.create({ data: { userId: 999_999, itemId: 999_999, occurredAt: new Date() } }),
    ).rejects.toThrow();
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO items (external_id, title) VALUES ('tx-1', 'kept?')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.prisma.item.count({ where: { externalId: 'tx-1' } })).toBe(0);
  });

  it('bulk-loads CSV through COPY', async () => {
    await db.sql.transaction(async (tx) => {
      await tx.exec('CREATE TEMP TABLE copy_probe (a int, b text) ON COMMIT DROP');
      await tx.copyFromCsv('copy_probe', ['a', 'b'], '1,"x, y"\n2,\n');
      const rows = await tx.query<{ a: number; b: string | null }>('SELECT a, b FROM copy_probe ORDER BY a');
      expect(rows).toEqual([{ a: 1, b: 'x, y' }, { a: 2, b: null }]);
    });
  });
});

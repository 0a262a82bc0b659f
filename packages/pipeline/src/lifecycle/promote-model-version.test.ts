import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promoteModelVersion } from './promote-model-version.ts';
import { createVersion } from './testing-versions.ts';

describe.each(await testDatabaseTargets())('promoteModelVersion on $kind', ({ create }) => {
  let db: TestDatabase;
  const version = (name: string, status: 'READY' | 'TRAINING' | 'FAILED', artifact = true) => createVersion(db, name, { status, artifact });
  const statuses = async () => Object.fromEntries((await db.prisma.modelVersion.findMany({ orderBy: { id: 'asc' } })).map((v) => [v.name, v.status]));

  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('activates a READY version, retires the active one in the same step, and rolls back to a RETIRED one', async () => {
    const a = await version('a', 'READY');
    const b = await version('b', 'READY');
    expect(await promoteModelVersion(db, a)).toEqual({ versionId: a, previousVersionId: null });
    expect(await promoteModelVersion(db, b)).toEqual({ versionId: b, previousVersionId: a });
    expect(await statuses()).toEqual({ a: 'RETIRED', b: 'ACTIVE' });
    expect(await promoteModelVersion(db, a)).toEqual({ versionId: a, previousVersionId: b });
    expect(await statuses()).toEqual({ a: 'ACTIVE', b: 'RETIRED' });
    const row = await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: a } });
    expect(row.retiredAt).toBeNull();
    expect(row.promotedAt).toBeInstanceOf(Date);
    expect(await promoteModelVersion(db, a)).toEqual({ versionId: a, previousVersionId: null });
  });

  it('refuses unknown, TRAINING, FAILED and artifact-less versions with the reason', async () => {
    await expect(promoteModelVersion(db, 424242)).rejects.toThrow('model version 424242 does not exist');
    const training = await version('t', 'TRAINING');
    await expect(promoteModelVersion(db, training)).rejects.toThrow(`model version ${training} is TRAINING: only a READY version can be promoted`);
    const failed = await version('f', 'FAILED');
    await expect(promoteModelVersion(db, failed)).rejects.toThrow(`is FAILED`);
    const empty = await version('e', 'READY', false);
    await expect(promoteModelVersion(db, empty)).rejects.toThrow(`model version ${empty} has no trained artifact`);
  });

  it('has the database refuse a second ACTIVE version, whoever writes it', async () => {
    const c = await version('c', 'READY');
    await expect(db.sql.query(`UPDATE model_versions SET status = 'ACTIVE' WHERE id = $1`, [c])).rejects.toThrow(/model_versions_one_active|unique/);
  });
});

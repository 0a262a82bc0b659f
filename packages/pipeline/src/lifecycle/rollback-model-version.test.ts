import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { describe, expect, it } from 'vitest';
import { promoteModelVersion } from './promote-model-version.ts';
import { rollbackModelVersion } from './rollback-model-version.ts';
import { createVersion, statusesByName, versionsDatabaseEachTest } from './testing-versions.ts';

describe.each(await testDatabaseTargets())('rollbackModelVersion on $kind', ({ create }) => {
  let db: TestDatabase;
  versionsDatabaseEachTest(create, (opened) => {
    db = opened;
  });

  it('re-activates the version that was active before the current one, each time one further back', async () => {
    const [a, b, c] = [await createVersion(db, 'a'), await createVersion(db, 'b'), await createVersion(db, 'c')];
    await promoteModelVersion(db, a);
    await promoteModelVersion(db, b);
    await promoteModelVersion(db, c);
    expect(await rollbackModelVersion(db)).toEqual({ versionId: b, previousVersionId: c });
    expect(await statusesByName(db)).toEqual({ a: 'RETIRED', b: 'ACTIVE', c: 'RETIRED' });
    // c was retired last now: a second rollback undoes the first (as "undo" does), unless one names a.
    expect(await rollbackModelVersion(db)).toEqual({ versionId: c, previousVersionId: b });
    expect(await rollbackModelVersion(db, { toVersionId: a })).toEqual({ versionId: a, previousVersionId: c });
    expect(await statusesByName(db)).toEqual({ a: 'ACTIVE', b: 'RETIRED', c: 'RETIRED' });
    const rows = await db.prisma.modelVersion.findMany({ orderBy: { id: 'asc' } });
    expect(rows[0]).toMatchObject({ retiredAt: null, promotedAt: expect.any(Date) });
    expect(rows[2]!.retiredAt!.getTime()).toBeGreaterThanOrEqual(rows[1]!.retiredAt!.getTime());
  });

  it('follows retired_at rather than ids, and skips retired versions without an artifact', async () => {
    const old = await createVersion(db, 'old', { status: 'RETIRED' });
    const newer = await createVersion(db, 'newer', { status: 'RETIRED' });
    const hollow = await createVersion(db, 'hollow', { status: 'RETIRED', artifact: false });
    await createVersion(db, 'current', { status: 'ACTIVE' });
    await db.sql.query(`UPDATE model_versions SET retired_at = now() - interval '1 hour' WHERE id = $1`, [newer]);
    await db.sql.query(`UPDATE model_versions SET retired_at = now() - interval '1 minute' WHERE id = $1`, [old]);
    await db.sql.query(`UPDATE model_versions SET retired_at = now() WHERE id = $1`, [hollow]);
    expect((await rollbackModelVersion(db)).versionId).toBe(old);
  });

  it('says why when there is nothing to roll back to, and changes nothing', async () => {
    await expect(rollbackModelVersion(db)).rejects.toThrow('no model version is ACTIVE, so there is no previous one to roll back to: promote a version, or name the RETIRED one to re-activate');
    const a = await createVersion(db, 'a', { status: 'ACTIVE' });
    await expect(rollbackModelVersion(db)).rejects.toThrow(`model version ${a} is ACTIVE and no RETIRED version (with an artifact) exists: there is nothing to roll back to`);
    await expect(rollbackModelVersion(db, { toVersionId: a })).rejects.toThrow(`model version ${a} is the ACTIVE one already: there is nothing to roll back`);
    const ready = await createVersion(db, 'ready');
    await expect(rollbackModelVersion(db, { toVersionId: ready })).rejects.toThrow(`model version ${ready} is READY and has never been served: promote it instead of rolling back to it`);
    const failed = await createVersion(db, 'failed', { status: 'FAILED', artifact: false });
    await expect(rollbackModelVersion(db, { toVersionId: failed })).rejects.toThrow(`model version ${failed} is FAILED: only a RETIRED version can be rolled back to`);
    await expect(rollbackModelVersion(db, { toVersionId: 424242 })).rejects.toThrow('model version 424242 does not exist');
    const hollow = await createVersion(db, 'hollow', { status: 'RETIRED', artifact: false });
    await expect(rollbackModelVersion(db, { toVersionId: hollow })).rejects.toThrow(`model version ${hollow} has no trained artifact`);
    await expect(rollbackModelVersion(db)).rejects.toThrow('there is nothing to roll back to');
    expect(await statusesByName(db)).toEqual({ a: 'ACTIVE', ready: 'READY', failed: 'FAILED', hollow: 'RETIRED' });
  });

  it('names a RETIRED version to re-activate even when none is active', async () => {
    const a = await createVersion(db, 'a', { status: 'RETIRED' });
    expect(await rollbackModelVersion(db, { toVersionId: a })).toEqual({ versionId: a, previousVersionId: null });
    expect(await statusesByName(db)).toEqual({ a: 'ACTIVE' });
  });

  it('leaves exactly one version ACTIVE when rollbacks and promotions race', async () => {
    const ids = [await createVersion(db, 'a'), await createVersion(db, 'b'), await createVersion(db, 'c'), await createVersion(db, 'd')];
    for (const id of ids) await promoteModelVersion(db, id);
    const outcomes = await Promise.allSettled([rollbackModelVersion(db), rollbackModelVersion(db), promoteModelVersion(db, ids[0]!), rollbackModelVersion(db, { toVersionId: ids[1]! })]);
    // Each waits for the one before it and starts from what it left: none fails on the database's one-ACTIVE index.
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await db.prisma.modelVersion.count({ where: { status: 'ACTIVE' } })).toBe(1);
  });
});

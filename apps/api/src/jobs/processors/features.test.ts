import { promoteModelVersion, startModelTrial, stopModelTrial } from '@fewshot/pipeline/lifecycle';
import { copyModelVersion, trainTinyVersion } from '@fewshot/pipeline/testing';
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ItemFeaturizer } from '../../items/item-featurizer.ts';
import { servedEncoderRecords } from '../active-encoders.ts';
import type { FeaturesJobData, FeaturesJobResult } from '../queues.ts';
import { redisSkipReason, seededQueues } from '../testing/seeded-queues.ts';
import { featuresProcessor } from './features.ts';

/**
 * The features processor on real Redis jobs, the embedded database and the real use-lite encoder: while a trial runs
 * a version trained on another encoder than the active one, a new item gets that encoder's vectors too, or the
 * trial's users would never be shown it.
 */
describe.skipIf(redisSkipReason !== null)(`the features job${redisSkipReason ? ` (skipped: ${redisSkipReason})` : ''}`, () => {
  const featurizer = { current: undefined as ItemFeaturizer | undefined };
  const fixture = seededQueues('features', async () => featurizer.current?.close());

  it('encodes a new item for the active version\'s encoders and a running trial\'s where they differ', async () => {
    const { db, queues } = fixture;
    featurizer.current = new ItemFeaturizer(db);
    const run = featuresProcessor({ db, featurizer: featurizer.current, queues });
    const job = async (id: string, data: FeaturesJobData) => run((await queues.queue('features').add('features', data, { jobId: id })) as Job<FeaturesJobData, FeaturesJobResult>, new AbortController().signal);
    // The tiny version reads synthetic@1 text vectors (which no worker can compute); its copy on trial reads use-lite's.
    const control = (await trainTinyVersion(db)).versionId;
    const candidate = await copyModelVersion(db, control, 'on use-lite');
    const probe = await db.prisma.item.create({ data: { externalId: 'probe', title: 'A probe for the encoder version' } });
    await job('probe', { itemIds: [probe.id] });
    const useLite = await db.prisma.itemFeature.findFirstOrThrow({ where: { itemId: probe.id, modality: 'TEXT' }, select: { encoder: true, encoderVersion: true } });
    expect(useLite.encoder).toBe('use-lite');
    await db.prisma.modelVersion.update({ where: { id: candidate }, data: { encoders: { TEXT: { name: 'use-lite', version: useLite.encoderVersion } } } });
    await promoteModelVersion(db, control);
    expect(await servedEncoderRecords(db)).toEqual([{ TEXT: expect.objectContaining({ name: 'synthetic', version: '1' }) }]);
    await startModelTrial(db, { candidateVersionId: candidate, share: 0.5 });
    expect(await servedEncoderRecords(db)).toEqual([{ TEXT: expect.objectContaining({ name: 'synthetic', version: '1' }) }, { TEXT: { name: 'use-lite', version: useLite.encoderVersion } }]);

    const item = await db.prisma.item.create({ data: { externalId: 'new-in-trial', title: 'Trail running shoes' } });
    const result = await job('in-trial', { itemIds: [item.id] });
    expect(result.items).toEqual([{ itemId: item.id, outcomes: [
      expect.objectContaining({ modality: 'TEXT', encoder: 'synthetic@1', status: 'UNAVAILABLE' }),
      { modality: 'TEXT', encoder: `use-lite@${useLite.encoderVersion}`, status: 'READY', error: null },
    ] }]);
    expect(await db.prisma.itemFeature.count({ where: { itemId: item.id, encoder: 'use-lite', status: 'READY' } })).toBe(1);

    // A trial of a version on the same encoders needs nothing more; after the trial, the active version's alone.
    await stopModelTrial(db);
    expect(await servedEncoderRecords(db)).toEqual([{ TEXT: expect.objectContaining({ name: 'synthetic', version: '1' }) }]);
  }, 120_000);
});

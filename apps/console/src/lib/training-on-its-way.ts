import 'server-only';
import { graphql } from '@/gql';
import { request } from './api';
import type { Session } from './session';

const TrainingOnItsWay = graphql(`
  query TrainingOnItsWay {
    training: modelVersions(status: TRAINING, first: 1) { nodes { id name trainingRun { stage progress estimatedFinishAt } } }
    features: jobs(queues: [FEATURES], states: [WAITING, DELAYED, ACTIVE], first: 20) { nodes { id data progress { stage fraction } } }
  }
`);

/** A training that will give this database a model version without anyone starting one. */
export type TrainingOnItsWay =
  | { kind: 'training'; versionId: string; name: string; stage: string | null; fraction: number | null; finishesAt: string | null }
  /** A features job that queues a training when it finishes (npm start's first start does this). */
  | { kind: 'after-features'; jobId: string; stage: string | null; fraction: number | null; autoPromote: boolean };

/**
 * What is already under way to train a version: one TRAINING now, else a features job that trains when it is done.
 * Pages that would otherwise say "nothing is trained, start a training" say this instead, so nobody starts a second
 * training beside the first (on npm start's first start, the features take a few minutes before the training shows).
 * Admin only (jobs are); null for anyone else, and when the api cannot say.
 */
export async function trainingOnItsWay(session: Session): Promise<TrainingOnItsWay | null> {
  if (session.role !== 'ADMIN') return null;
  const data = await request(session, TrainingOnItsWay).catch(() => null);
  if (!data) return null;
  const version = data.training.nodes[0];
  if (version) return { kind: 'training', versionId: version.id, name: version.name, stage: version.trainingRun?.stage ?? null, fraction: version.trainingRun?.progress ?? null, finishesAt: version.trainingRun?.estimatedFinishAt ?? null };
  for (const job of data.features.nodes) {
    const thenTrain = (job.data as { thenTrain?: { autoPromote?: unknown } } | null)?.thenTrain;
    if (thenTrain) return { kind: 'after-features', jobId: job.id, stage: job.progress?.stage ?? null, fraction: job.progress?.fraction ?? null, autoPromote: thenTrain.autoPromote === true };
  }
  return null;
}

import type { Database } from '@fewshot/db';
import type { TimedSequenceDataset } from '@fewshot/model/coldstart';
import type { MmlTrainingData } from '@fewshot/model/mml';
import { loadEventLogFromDatabase } from '../data/event-log.ts';
import type { EncoderRef } from '../features/encoder-set.ts';
import { chooseStoredEncoder, loadFeatureTable } from '../features/feature-table.ts';

/** Which stored encoder each modality's learner reads (`name` or `name@version`); default: the best covered. */
export interface EncoderChoice {
  text?: string;
  image?: string;
}

/** Everything a training run reads from the database, indexed the way packages/model wants it. */
export interface TrainingSnapshot {
  /** One time-ordered sequence per user with events; item index i (1-based) is itemExternalIds[i − 1]. */
  dataset: TimedSequenceDataset;
  itemExternalIds: string[];
  userExternalIds: string[];
  /** Feature tables aligned to item indices, for the modalities that have stored vectors. */
  features: MmlTrainingData['features'];
  /** The encoder version each feature table came from (stored with the model version). */
  encoders: EncoderRef[];
  events: number;
}

/**
 * Reads the events of every user and the active items (interacted with or not, so new items keep an index), and
 * for text and image the stored vectors of one encoder version each. A modality without vectors trains no learner.
 */
export async function loadTrainingSnapshot(db: Database, choice: EncoderChoice = {}): Promise<TrainingSnapshot> {
  const log = await loadEventLogFromDatabase(db);
  if (log.itemExternalIds.length === 0) throw new Error('the database has no items to train on: import a dataset first (npx fewshot import DIR)');
  if (log.sequences.every((s) => s.length === 0)) throw new Error('the database has items but no interactions to learn from: import or record some first (npx fewshot import DIR)');
  const users = log.sequences.map((s, u) => u).filter((u) => log.sequences[u]!.length > 0);
  const dataset: TimedSequenceDataset = {
    numItems: log.itemExternalIds.length,
    sequences: users.map((u) => log.sequences[u]!),
    timestamps: users.map((u) => log.timestamps[u]!),
  };
  const features: MmlTrainingData['features'] = {};
  const encoders: EncoderRef[] = [];
  for (const [modality, key] of [['TEXT', 'text'], ['IMAGE', 'image']] as const) {
    const encoder = await storedEncoder(db, modality, choice[key]);
    if (!encoder) continue;
    const table = await loadFeatureTable(db.sql, encoder, log.itemExternalIds);
    features[key] = { size: encoder.dimension, table: table.table };
    encoders.push(encoder);
  }
  return {
    dataset,
    itemExternalIds: log.itemExternalIds,
    userExternalIds: users.map((u) => log.userExternalIds[u]!),
    features,
    encoders,
    events: dataset.sequences.reduce((sum, s) => sum + s.length, 0),
  };
}

/** The chosen encoder, or none when the database has no vectors of this modality (a named one must exist). */
async function storedEncoder(db: Database, modality: 'TEXT' | 'IMAGE', wanted: string | undefined): Promise<EncoderRef | undefined> {
  try {
    return await chooseStoredEncoder(db.sql, modality, wanted);
  } catch (error) {
    if (!wanted && error instanceof Error && error.message.startsWith('the database has no')) return undefined;
    throw error;
  }
}

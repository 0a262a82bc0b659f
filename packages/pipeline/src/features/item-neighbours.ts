import { createHash } from 'node:crypto';
import path from 'node:path';
import { dataDirectory, type SqlExecutor } from '@fewshot/db';
import { concatFeatures, topKNeighbours } from '@fewshot/features/neighbours';
import { encoderSetKey, sortEncoderSet, type EncoderRef } from './encoder-set.ts';
import { featureFingerprint, loadFeatureVectors } from './load-feature-vectors.ts';
import { readNeighbourCache, writeNeighbourCache } from './neighbour-cache-file.ts';

export interface ItemNeighboursOptions {
  /** The encoder set (one per modality) whose concatenated vectors define similarity. */
  encoders: readonly EncoderRef[];
  /** Neighbours per item (the generator uses 5–10). */
  k: number;
  /** Scale each modality's vector to unit length before concatenating (see concatFeatures). Default true. */
  normalize?: boolean;
  /** Where cached neighbours live; default `<data dir>/features/neighbours`. */
  cacheDir?: string;
}

export interface ItemNeighbours {
  encoderSet: string;
  k: number;
  /** Items that have at least one vector in the set; row r of the arrays below is itemIds[r]. */
  itemIds: Int32Array;
  /** [itemIds.length, k] neighbour item ids, best first; -1 pads when fewer exist. */
  neighbourIds: Int32Array;
  /** [itemIds.length, k] dot products of the concatenated features. */
  scores: Float32Array;
  fromCache: boolean;
}

/**
 * Top-K items by dot product of concatenated features, for the item embedding generator (MML stage 2).
 * Cached in a file per encoder set, reused while the stored vectors are unchanged (checked by a fingerprint of
 * the item_features rows, so a cache hit reads no vectors).
 */
export async function itemNeighbours(sql: SqlExecutor, options: ItemNeighboursOptions): Promise<ItemNeighbours> {
  const { k, normalize = true } = options;
  const encoders = sortEncoderSet(options.encoders);
  const encoderSet = encoderSetKey(encoders);
  const fingerprints = await Promise.all(encoders.map((encoder) => featureFingerprint(sql, encoder)));
  const inputsHash = sha256(JSON.stringify([encoderSet, normalize, fingerprints]));
  const file = path.join(options.cacheDir ?? path.join(dataDirectory(), 'features', 'neighbours'), `${sha256(`${encoderSet}|${normalize}`).slice(0, 24)}.bin`);

  const cached = await readNeighbourCache(file);
  if (cached && cached.header.inputsHash === inputsHash && cached.header.encoderSet === encoderSet && cached.header.k >= k) {
    return { encoderSet, k, itemIds: cached.itemIds, ...firstK(cached.neighbourIds, cached.scores, cached.header.k, k), fromCache: true };
  }

  const blocks = await Promise.all(encoders.map(async (encoder) => ({ dimension: encoder.dimension, vectors: await loadFeatureVectors(sql, encoder) })));
  const features = concatFeatures(blocks, { normalize });
  const top = await topKNeighbours(features.matrix, features.dimension, { k });
  const itemIds = Int32Array.from(features.itemIds);
  const neighbourIds = top.indices.map((row) => (row < 0 ? -1 : (itemIds[row] as number)));
  await writeNeighbourCache(file, {
    header: { encoderSet, normalize, k, items: itemIds.length, inputsHash, createdAt: new Date().toISOString() },
    itemIds,
    neighbourIds,
    scores: top.scores,
  });
  return { encoderSet, k, itemIds, neighbourIds, scores: top.scores, fromCache: false };
}

function firstK(ids: Int32Array, scores: Float32Array, stored: number, k: number): { neighbourIds: Int32Array; scores: Float32Array } {
  if (stored === k) return { neighbourIds: ids, scores };
  const rows = ids.length / stored;
  const outIds = new Int32Array(rows * k);
  const outScores = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    outIds.set(ids.subarray(r * stored, r * stored + k), r * k);
    outScores.set(scores.subarray(r * stored, r * stored + k), r * k);
  }
  return { neighbourIds: outIds, scores: outScores };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

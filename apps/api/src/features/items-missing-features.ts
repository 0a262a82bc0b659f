import type { SqlExecutor } from '@fewshot/db';
import type { Modality } from '@fewshot/features/encoder';

/** The columns the encoders need from an item. */
export interface ItemForFeatures {
  id: number;
  title: string;
  description: string | null;
  attributes: unknown;
  imageUri: string | null;
}

export interface FeatureTarget {
  modality: Modality;
  encoder: string;
  encoderVersion: string;
}

export interface MissingOptions {
  /** Also return items whose last attempt FAILED (after fixing a file, say). Default: only items never attempted. */
  retryFailed?: boolean;
}

/**
 * Items that still need a vector from this encoder version. An image needs an image reference; items without one
 * are not missing anything (they get zeros in the model) and are picked up once a reference is set.
 */
function missingWhere(target: FeatureTarget, { retryFailed = false }: MissingOptions): { sql: string; params: unknown[] } {
  const done = retryFailed ? `AND f.status = 'READY'` : '';
  const needsImage = target.modality === 'IMAGE' ? `AND i.image_uri IS NOT NULL AND i.image_uri <> ''` : '';
  return {
    sql: `NOT EXISTS (SELECT 1 FROM item_features f WHERE f.item_id = i.id AND f.modality = $1 AND f.encoder = $2
            AND f.encoder_version = $3 ${done}) ${needsImage}`,
    params: [target.modality, target.encoder, target.encoderVersion],
  };
}

export async function countItemsMissingFeature(sql: SqlExecutor, target: FeatureTarget, options: MissingOptions = {}): Promise<number> {
  const where = missingWhere(target, options);
  const [row] = await sql.query<{ count: string | number }>(`SELECT count(*) AS count FROM items i WHERE ${where.sql}`, where.params);
  return Number(row?.count ?? 0);
}

/**
 * The next `limit` missing items after `afterId`, in id order. The cursor (not only NOT EXISTS) guarantees
 * progress when `retryFailed` re-attempts items that fail again.
 */
export async function findItemsMissingFeature(
  sql: SqlExecutor,
  target: FeatureTarget,
  { afterId, limit, ...options }: MissingOptions & { afterId: number; limit: number },
): Promise<ItemForFeatures[]> {
  const where = missingWhere(target, options);
  return sql.query<ItemForFeatures>(
    `SELECT i.id, i.title, i.description, i.attributes, i.image_uri AS "imageUri" FROM items i
      WHERE i.id > $4 AND ${where.sql} ORDER BY i.id LIMIT $5`,
    [...where.params, afterId, limit],
  );
}

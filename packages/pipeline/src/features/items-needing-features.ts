import type { SqlExecutor } from '@fewshot/db';
import type { Modality } from '@fewshot/features/encoder';
import { featureInput, type FeatureInput, type ItemForFeatures } from './feature-input.ts';

export interface FeatureTarget {
  modality: Modality;
  encoder: string;
  encoderVersion: string;
}

export interface NeedOptions {
  /** Also re-attempt items whose last attempt FAILED on the same input. Default: failures stay until the input changes. */
  retryFailed?: boolean;
  /** Only these items (database ids); default: the whole catalog. */
  itemIds?: readonly number[];
}

export type WhyNeeded = 'new' | 'changed' | 'retry';

export interface ItemNeedingFeature {
  item: ItemForFeatures;
  input: Exclude<FeatureInput, { kind: 'none' }>;
  why: WhyNeeded;
}

export interface NeedScan {
  items: ItemNeedingFeature[];
  /** Items that have a row but no longer any input (an image reference removed): their rows should go. */
  orphanIds: number[];
  /** The last item id examined: the next scan continues after it. */
  lastId: number;
  /** True when the scan reached the end of the catalog (false: it stopped at `limit` items). */
  done: boolean;
}

interface ScannedRow extends ItemForFeatures {
  status: 'READY' | 'FAILED' | null;
  sourceSha256: string | null;
}

/** Items examined per query: large enough to be few queries, small enough to hold attribute JSON for. */
const SCAN_PAGE = 1000;

type Classified =
  | { id: number; need: ItemNeedingFeature }
  | { id: number; orphan: true }
  | { id: number };

/**
 * The catalog in id order after `afterId`, each item classified against this encoder version's row: needed (no row
 * yet, a row computed from another input, or with retryFailed a failed row), orphaned (a row but no input any more),
 * or up to date. The item's current input is composed here, since the item text is built in TypeScript.
 */
async function* scanCatalog(sql: SqlExecutor, target: FeatureTarget, afterId: number, retryFailed: boolean, itemIds?: readonly number[]): AsyncGenerator<Classified> {
  for (let lastId = afterId; ;) {
    const params: unknown[] = [target.modality, target.encoder, target.encoderVersion, lastId, SCAN_PAGE];
    if (itemIds) params.push([...itemIds]);
    const rows = await sql.query<ScannedRow>(
      `SELECT i.id, i.title, i.description, i.attributes, i.image_uri AS "imageUri", f.status, f.source_sha256 AS "sourceSha256"
         FROM items i
         LEFT JOIN item_features f ON f.item_id = i.id AND f.modality = $1 AND f.encoder = $2 AND f.encoder_version = $3
        WHERE i.id > $4 ${itemIds ? 'AND i.id = ANY($6::int[])' : ''} ORDER BY i.id LIMIT $5`,
      params,
    );
    for (const { status, sourceSha256, ...item } of rows) {
      const input = featureInput(target.modality, item);
      if (input.kind === 'none') {
        yield status === null ? { id: item.id } : { id: item.id, orphan: true };
        continue;
      }
      const why: WhyNeeded | undefined = status === null ? 'new'
        : sourceSha256 !== input.sourceSha256 ? 'changed'
          : retryFailed && status === 'FAILED' ? 'retry' : undefined;
      yield why ? { id: item.id, need: { item, input, why } } : { id: item.id };
    }
    if (rows.length < SCAN_PAGE) return;
    lastId = rows.at(-1)!.id;
  }
}

/** The next `limit` items after `afterId` that need this encoder version's vector, and the orphans passed on the way. */
export async function findItemsNeedingFeature(
  sql: SqlExecutor,
  target: FeatureTarget,
  { afterId, limit, retryFailed = false, itemIds }: NeedOptions & { afterId: number; limit: number },
): Promise<NeedScan> {
  const scan: NeedScan = { items: [], orphanIds: [], lastId: afterId, done: true };
  for await (const entry of scanCatalog(sql, target, afterId, retryFailed, itemIds)) {
    scan.lastId = entry.id;
    if ('orphan' in entry) scan.orphanIds.push(entry.id);
    if ('need' in entry) scan.items.push(entry.need);
    if (scan.items.length === limit) return { ...scan, done: false };
  }
  return scan;
}

/** How many items need this encoder version's vector, by reason (one pass over the catalog, holding no items). */
export async function countItemsNeedingFeature(sql: SqlExecutor, target: FeatureTarget, { retryFailed = false, itemIds }: NeedOptions = {}): Promise<Record<WhyNeeded, number>> {
  const counts: Record<WhyNeeded, number> = { new: 0, changed: 0, retry: 0 };
  for await (const entry of scanCatalog(sql, target, 0, retryFailed, itemIds)) if ('need' in entry) counts[entry.need.why]++;
  return counts;
}

/** Deletes this encoder version's rows of items that no longer have an input for it. */
export async function deleteFeatureRows(sql: SqlExecutor, target: FeatureTarget, itemIds: readonly number[]): Promise<number> {
  if (itemIds.length === 0) return 0;
  const rows = await sql.query<{ id: number }>(
    `DELETE FROM item_features WHERE modality = $1 AND encoder = $2 AND encoder_version = $3 AND item_id = ANY($4::int[]) RETURNING id`,
    [target.modality, target.encoder, target.encoderVersion, [...itemIds]],
  );
  return rows.length;
}

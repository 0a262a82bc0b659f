import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@fewshot/db';
import { readImageHeader, type ImageHeader } from '@fewshot/features/image';
import { storedImageUri } from '@fewshot/pipeline/features';
import { badInput } from '../errors.ts';

/** An image that passed the content checks, ready to store. */
export interface AcceptedImage {
  bytes: Buffer;
  header: ImageHeader;
  sha256: string;
  /** Where it was fetched from, when it came from an `imageUrl`. */
  sourceUrl: string | null;
}

/**
 * Checks image bytes by content, never by the file name or declared type: JPEG or PNG by their magic bytes, with a
 * readable header whose dimensions are within the decoder's megapixel limit. Anything else is BAD_USER_INPUT
 * naming what the content is.
 */
export function acceptImage(bytes: Buffer, field: string, sourceUrl: string | null = null): AcceptedImage {
  let header: ImageHeader;
  try {
    header = readImageHeader(bytes);
  } catch (error) {
    throw badInput(`${field}: ${error instanceof Error ? error.message : String(error)}`, field);
  }
  return { bytes, header, sha256: createHash('sha256').update(bytes).digest('hex'), sourceUrl };
}

/**
 * Stores an item's image in the database (item_images, one row per item, replaced by a new image) and points the
 * item's image reference at it: `db:item_images/<sha256>`. Never a path: nothing a client sends names a file.
 */
export async function storeItemImage(sql: SqlExecutor, itemId: number, image: AcceptedImage): Promise<string> {
  const uri = storedImageUri(image.sha256);
  // NOTE: base64 text instead of bytea parameters (PGlite decodes bytea in JavaScript; see the model artifacts).
  await sql.query(
    `INSERT INTO item_images (item_id, content_type, bytes, byte_length, width, height, sha256, source_url)
     VALUES ($1, $2, decode($3, 'base64'), $4, $5, $6, $7, $8)
     ON CONFLICT (item_id) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
       byte_length = EXCLUDED.byte_length, width = EXCLUDED.width, height = EXCLUDED.height, sha256 = EXCLUDED.sha256,
       source_url = EXCLUDED.source_url, created_at = CURRENT_TIMESTAMP`,
    [itemId, image.header.contentType, image.bytes.toString('base64'), image.bytes.length, image.header.width, image.header.height, image.sha256, image.sourceUrl],
  );
  await sql.query(`UPDATE items SET image_uri = $2, updated_at = CURRENT_TIMESTAMP WHERE id = $1`, [itemId, uri]);
  return uri;
}

/** Removes an item's image: its stored row, and its reference whatever it was. */
export async function removeItemImage(sql: SqlExecutor, itemId: number): Promise<void> {
  await sql.query(`DELETE FROM item_images WHERE item_id = $1`, [itemId]);
  await sql.query(`UPDATE items SET image_uri = NULL, updated_at = CURRENT_TIMESTAMP WHERE id = $1 AND image_uri IS NOT NULL`, [itemId]);
}

/** The stable, path-absolute URL the api serves an item's image at (http-server.ts routes it). */
export function itemImagePath(externalId: string): string {
  return `/images/items/${encodeURIComponent(externalId)}`;
}

import type { SqlExecutor } from '@fewshot/db';
import type { ImageInput } from '@fewshot/features/encoder';

/**
 * An image the API stored in the database (uploaded, or fetched from a merchandiser's URL) is referenced from
 * `items.image_uri` as `db:item_images/<sha256>`: content-addressed, so a new image is a new reference and its
 * vector is recomputed (feature-input.ts fingerprints the reference).
 */
export const STORED_IMAGE_PREFIX = 'db:item_images/';

/** The reference of a stored image with this sha256. */
export function storedImageUri(sha256: string): string {
  return `${STORED_IMAGE_PREFIX}${sha256}`;
}

/** The sha256 a `db:item_images/…` reference names; null for any other reference. */
export function storedImageSha256(uri: string): string | null {
  if (!uri.startsWith(STORED_IMAGE_PREFIX)) return null;
  const sha = uri.slice(STORED_IMAGE_PREFIX.length);
  return /^[0-9a-f]{64}$/.test(sha) ? sha : null;
}

/**
 * Replaces references to stored images by their bytes (what the encoders' `readImageSource` accepts), in one query
 * per batch; other references pass through. A reference whose row is gone becomes a failure with its reason.
 */
export async function loadStoredImages(sql: SqlExecutor, inputs: readonly ImageInput[]): Promise<Array<{ ok: true; input: ImageInput } | { ok: false; error: string }>> {
  const wanted = new Set<string>();
  for (const input of inputs) {
    if (!('uri' in input) || !input.uri.startsWith(STORED_IMAGE_PREFIX)) continue;
    const sha = storedImageSha256(input.uri);
    if (sha) wanted.add(sha);
  }
  const bytes = new Map<string, Uint8Array>();
  if (wanted.size > 0) {
    // NOTE: base64 text instead of bytea (PGlite decodes bytea's hex form in JavaScript, 9× slower).
    const rows = await sql.query<{ sha256: string; bytes: string }>(
      `SELECT DISTINCT ON (sha256) sha256, encode(bytes, 'base64') AS bytes FROM item_images WHERE sha256 = ANY($1::text[])`,
      [[...wanted]],
    );
    for (const row of rows) bytes.set(row.sha256, Buffer.from(row.bytes, 'base64'));
  }
  return inputs.map((input) => {
    if (!('uri' in input) || !input.uri.startsWith(STORED_IMAGE_PREFIX)) return { ok: true, input };
    const sha = storedImageSha256(input.uri);
    const found = sha ? bytes.get(sha) : undefined;
    return found ? { ok: true, input: { bytes: found } } : { ok: false, error: `the stored image ${input.uri} is missing from the database (item_images)` };
  });
}

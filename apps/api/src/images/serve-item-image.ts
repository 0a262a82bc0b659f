import { open } from 'node:fs/promises';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Database } from '@fewshot/db';
import { MAX_IMAGE_BYTES, sniffImageFormat } from '@fewshot/features/image';
import { storedImageSha256 } from '@fewshot/pipeline/features';
import { sendJsonError } from '../json-response.ts';
import { MAX_ID_LENGTH } from '../services/check-input.ts';

/** The route's prefix: `GET /images/items/<url-encoded external id>`. */
export const ITEM_IMAGE_PREFIX = '/images/items/';

interface ImageRow {
  image_uri: string | null;
  content_type: string | null;
  sha256: string | null;
  byte_length: number | null;
}

function notFound(res: http.ServerResponse, status: number, message: string): void {
  const code = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : 'BAD_REQUEST';
  sendJsonError(res, status, code, message, status === 405 ? { allow: 'GET, HEAD' } : {});
}

/** Whether If-None-Match names this entity tag (weak comparison, as for GET). */
function matches(req: http.IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function send(req: http.IncomingMessage, res: http.ServerResponse, etag: string, contentType: string, length: number, body: () => Promise<Buffer>): Promise<void> | void {
  // Revalidated on every use (no-cache) so a replaced image shows at once; an unchanged one costs a 304.
  const headers = {
    etag,
    'cache-control': 'public, no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  };
  if (matches(req, etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': contentType, 'content-length': length });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  return body().then((bytes) => void res.end(bytes));
}

/**
 * Answers an item's image: bytes stored in the database (uploads and fetched URLs), or, for an operator's import
 * that referenced a local file (`file://`, the demo posters), that file, read only because an item references it;
 * the request names an item, never a path. Operator-imported http(s) references are redirected to. Content-Type
 * comes from the bytes; ETag (+ If-None-Match → 304), Content-Length and Cache-Control are set; 404 otherwise.
 */
export async function serveItemImage(db: Database, req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res, 405, `${req.method} is not allowed on item images: use GET or HEAD`);
  let externalId: string;
  try {
    externalId = decodeURIComponent(pathname.slice(ITEM_IMAGE_PREFIX.length));
  } catch {
    return notFound(res, 400, 'the item id in the image URL is not valid percent-encoding');
  }
  if (externalId === '' || externalId.length > MAX_ID_LENGTH || externalId.includes('\u0000')) return notFound(res, 404, `there is no item "${externalId.slice(0, 80)}"`);
  const [row] = await db.sql.query<ImageRow>(
    `SELECT i.image_uri, m.content_type, m.sha256, m.byte_length FROM items i LEFT JOIN item_images m ON m.item_id = i.id WHERE i.external_id = $1`,
    [externalId],
  );
  if (!row) return notFound(res, 404, `there is no item "${externalId}"`);
  const uri = row.image_uri;
  if (!uri) return notFound(res, 404, `the item "${externalId}" has no image`);
  const stored = storedImageSha256(uri);
  if (stored) {
    if (!row.sha256 || row.sha256 !== stored || !row.content_type) return notFound(res, 404, `the image of item "${externalId}" is missing from the database`);
    return send(req, res, `"${row.sha256}"`, row.content_type, Number(row.byte_length), async () => {
      const [image] = await db.sql.query<{ bytes: string }>(`SELECT encode(bytes, 'base64') AS bytes FROM item_images WHERE item_id = (SELECT id FROM items WHERE external_id = $1)`, [externalId]);
      return Buffer.from(image?.bytes ?? '', 'base64');
    });
  }
  if (/^https?:\/\//i.test(uri)) {
    res.writeHead(302, { location: uri, 'cache-control': 'public, max-age=300' }).end();
    return;
  }
  if (uri.startsWith('file:') || uri.startsWith('/')) return serveFile(req, res, externalId, uri);
  return notFound(res, 404, `the image of item "${externalId}" is not one the api serves`);
}

async function serveFile(req: http.IncomingMessage, res: http.ServerResponse, externalId: string, uri: string): Promise<void> {
  let file: string;
  try {
    file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return notFound(res, 404, `the image reference of item "${externalId}" is not a valid file URL`);
  }
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return notFound(res, 404, `the image file of item "${externalId}" is missing on the server`);
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size === 0 || info.size > MAX_IMAGE_BYTES) return notFound(res, 404, `the image file of item "${externalId}" is not a servable image`);
    // Only a JPEG or PNG is ever served, whatever a reference points at.
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    const sniffed = sniffImageFormat(head);
    if (sniffed.format === 'other') return notFound(res, 404, `the image file of item "${externalId}" is not a JPEG or PNG`);
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    await send(req, res, etag, sniffed.format === 'png' ? 'image/png' : 'image/jpeg', info.size, () => handle.readFile());
  } finally {
    await handle.close();
  }
}

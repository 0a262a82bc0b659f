import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ImageInput } from '../encoder.ts';
import { IMAGE_FETCH_TIMEOUT_MS, MAX_IMAGE_BYTES } from './image-limits.ts';

/** Reads an image's bytes from `file://` URLs, absolute paths or `http(s)://`, refusing files over the size limit. */
export async function readImageSource(input: ImageInput): Promise<Uint8Array> {
  if ('bytes' in input) {
    checkSize(input.bytes.byteLength, 'uploaded image');
    return input.bytes;
  }
  const { uri } = input;
  if (/^https?:\/\//i.test(uri)) return fetchImage(uri);
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  if (!file.startsWith('/')) throw new Error(`image reference "${uri}" is neither a file:// URL, an absolute path nor http(s)`);
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `image file not found: ${file}` : `cannot read image file ${file}: ${error.message}`);
  });
  if (!info.isFile()) throw new Error(`image reference ${file} is not a regular file`);
  checkSize(info.size, file);
  return readFile(file);
}

async function fetchImage(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(IMAGE_FETCH_TIMEOUT_MS), redirect: 'follow' }).catch((error: Error) => {
    throw new Error(`cannot download image ${url}: ${error.message}`);
  });
  if (!response.ok) throw new Error(`cannot download image ${url}: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > 0) checkSize(declared, url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  checkSize(bytes.byteLength, url);
  return bytes;
}

function checkSize(bytes: number, what: string): void {
  if (bytes === 0) throw new Error(`image is empty (0 bytes): ${what}`);
  if (bytes > MAX_IMAGE_BYTES) {
    const mb = (bytes / 1024 / 1024).toFixed(1);
    throw new Error(`image too large: ${mb} MB exceeds the ${MAX_IMAGE_BYTES / 1024 / 1024} MB limit (${what})`);
  }
}

import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ImageInput } from '../encoder.ts';
import { IMAGE_FETCH_TIMEOUT_MS, MAX_IMAGE_BYTES } from './image-limits.ts';

/** Reads an image's bytes from `file://` URLs, absolute paths or `http(s)://`, refusing files over the size limit. */
export async function readImageSource(input: ImageInput, { fetchTimeoutMs }: { fetchTimeoutMs?: number } = {}): Promise<Uint8Array> {
  if ('bytes' in input) {
    checkSize(input.bytes.byteLength, 'uploaded image');
    return input.bytes;
  }
  const { uri } = input;
  if (/^https?:\/\//i.test(uri)) return fetchImage(uri, fetchTimeoutMs);
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  if (!file.startsWith('/')) throw new Error(`image reference "${uri}" is neither a file:// URL, an absolute path nor http(s)`);
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `image file not found: ${file}` : `cannot read image file ${file}: ${error.message}`);
  });
  if (!info.isFile()) throw new Error(`image reference ${file} is not a regular file`);
  checkSize(info.size, file);
  return readFile(file);
}

/**
 * Downloads an image, stopping as soon as it passes the size limit: a server that declares no length (or lies
 * about it) cannot make a worker buffer more than MAX_IMAGE_BYTES.
 */
async function fetchImage(url: string, timeoutMs = IMAGE_FETCH_TIMEOUT_MS): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (error: unknown): Error => {
    if (signal.aborted) return new Error(`cannot download image ${url}: no complete answer within ${timeoutMs / 1000} s`);
    // undici says only "fetch failed"; the reason (refused, DNS, TLS) is in the cause.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new Error(`cannot download image ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`);
  };
  const response = await fetch(url, { signal, redirect: 'follow' }).catch((error: unknown) => {
    throw failed(error);
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`cannot download image ${url}: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > 0) {
    try {
      checkSize(declared, url);
    } catch (error) {
      await response.body?.cancel();
      throw error;
    }
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? []) {
      total += chunk.byteLength;
      if (total > MAX_IMAGE_BYTES) throw new Error(`image too large: more than the ${MAX_IMAGE_BYTES / 1024 / 1024} MB limit (${url})`);
      chunks.push(chunk);
    }
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    throw error instanceof Error && error.message.startsWith('image too large') ? error : failed(error);
  }
  checkSize(total, url);
  return Buffer.concat(chunks, total);
}

function checkSize(bytes: number, what: string): void {
  if (bytes === 0) throw new Error(`image is empty (0 bytes): ${what}`);
  if (bytes > MAX_IMAGE_BYTES) {
    const mb = (bytes / 1024 / 1024).toFixed(1);
    throw new Error(`image too large: ${mb} MB exceeds the ${MAX_IMAGE_BYTES / 1024 / 1024} MB limit (${what})`);
  }
}

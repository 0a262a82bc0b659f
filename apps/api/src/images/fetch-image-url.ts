import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import { IMAGE_FETCH_TIMEOUT_MS, MAX_IMAGE_BYTES } from '@fewshot/features/image';
import { forbiddenAddressCategory, isAllowedHost, type AllowedHost } from './address-policy.ts';

export interface FetchImageUrlOptions {
  /** Hosts the operator allows even when they resolve to refused addresses (FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS). */
  allowHosts: readonly AllowedHost[];
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Name resolution; tests swap it to prove the connection goes to the checked address. */
  resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

/** Why an image URL was not fetched, in words a merchandiser can act on. */
export class ImageFetchError extends Error {
  override name = 'ImageFetchError';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Downloads an image a merchandiser named by URL, as an SSRF-safe client (architecture.md, "Security rules"): http
 * and https only, no credentials in the URL; the host is resolved here and every address it resolves to must be
 * public (address-policy.ts) unless the operator allowed the host; the connection then goes to that checked
 * address (a pinned lookup), so a second DNS answer cannot move it (DNS rebinding). Redirects are followed by hand,
 * at most `maxRedirects`, each one checked the same way. The whole chain has one time limit, and the body stops at
 * the size limit whatever the server declares (the limits of packages/features/src/image).
 */
export async function fetchImageUrl(url: string, options: FetchImageUrlOptions): Promise<{ bytes: Buffer; finalUrl: string }> {
  const timeoutMs = options.timeoutMs ?? IMAGE_FETCH_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const maxRedirects = options.maxRedirects ?? 3;
  let current = parseImageUrl(url);
  for (let redirects = 0; ; redirects++) {
    const target = await withDeadline(checkedAddress(current, options), signal, timeoutMs, current);
    const response = await get(current, target, signal, timeoutMs);
    if (REDIRECTS.has(response.statusCode ?? 0)) {
      response.destroy();
      const location = response.headers.location;
      if (!location) throw new ImageFetchError(`cannot download image ${current.href}: HTTP ${response.statusCode} without a Location`);
      if (redirects >= maxRedirects) throw new ImageFetchError(`cannot download image ${url}: more than ${maxRedirects} redirects`);
      current = parseImageUrl(new URL(location, current).href, `redirected from ${current.href} to`);
      continue;
    }
    if (response.statusCode !== 200) {
      response.destroy();
      throw new ImageFetchError(`cannot download image ${current.href}: HTTP ${response.statusCode}`);
    }
    return { bytes: await readBody(response, current, options.maxBytes ?? MAX_IMAGE_BYTES, signal, timeoutMs), finalUrl: current.href };
  }
}

/** An http(s) URL without credentials; anything else is refused before any connection. */
export function parseImageUrl(text: string, context = 'imageUrl'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ImageFetchError(`${context} "${text.slice(0, 200)}" is not an absolute URL such as https://example.com/poster.jpg`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ImageFetchError(`${context} ${url.protocol}… is refused: only http and https URLs are fetched`);
  if (url.username || url.password) throw new ImageFetchError(`${context} must not contain credentials (user:password@)`);
  return url;
}

async function checkedAddress(url: URL, options: FetchImageUrlOptions): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await (options.resolve ?? ((name) => dnsLookup(name, { all: true, verbatim: true })))(host);
    } catch (error) {
      throw new ImageFetchError(`cannot download image ${url.href}: the host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  if (addresses.length === 0) throw new ImageFetchError(`cannot download image ${url.href}: the host ${host} has no address`);
  if (!isAllowedHost(url, options.allowHosts)) {
    // Every address must be public: a name with one public and one private address could be made to use either.
    for (const { address } of addresses) {
      const category = forbiddenAddressCategory(address);
      if (category) {
        const resolved = address === host ? '' : ` resolves to ${address}, which`;
        throw new ImageFetchError(
          `refused to download image ${url.href}: ${host}${resolved} is a ${category} address; the server fetches images from public addresses only (an operator can allow a host with FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS)`,
        );
      }
    }
  }
  return addresses[0]!;
}

/** One GET to the checked address; TLS still verifies the certificate against the URL's host name. */
function get(url: URL, target: { address: string; family: number }, signal: AbortSignal, timeoutMs: number): Promise<http.IncomingMessage> {
  // A lookup that answers with the address already checked: the socket cannot go anywhere else.
  const lookup = ((_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [target]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'GET',
      lookup,
      agent: false,
      signal,
      headers: { 'user-agent': 'fewshot-image-fetch/1', accept: 'image/jpeg, image/png;q=0.9, */*;q=0.1' },
    }, resolve);
    request.on('error', (error) => reject(failure(error, url, signal, timeoutMs)));
    request.end();
  });
}

async function readBody(response: http.IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Buffer> {
  const limit = maxBytes >= 1024 * 1024 ? `the ${+(maxBytes / 1024 / 1024).toFixed(1)} MB limit` : `the ${maxBytes}-byte limit`;
  const declared = Number(response.headers['content-length'] ?? '0');
  if (declared > maxBytes) {
    response.destroy();
    throw new ImageFetchError(`image too large: ${url.href} declares ${(declared / 1024 / 1024).toFixed(1)} MB, over ${limit}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        response.destroy();
        throw new ImageFetchError(`image too large: ${url.href} sent more than ${limit}`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw error instanceof ImageFetchError ? error : failure(error, url, signal, timeoutMs);
  }
  if (total === 0) throw new ImageFetchError(`image is empty (0 bytes): ${url.href}`);
  return Buffer.concat(chunks, total);
}

function failure(error: unknown, url: URL, signal: AbortSignal, timeoutMs: number): ImageFetchError {
  if (signal.aborted) return new ImageFetchError(`cannot download image ${url.href}: no complete answer within ${timeoutMs / 1000} s`);
  const code = (error as NodeJS.ErrnoException).code;
  return new ImageFetchError(`cannot download image ${url.href}: ${error instanceof Error ? error.message : String(error)}${code && !(error as Error).message?.includes(code) ? ` (${code})` : ''}`);
}

async function withDeadline<T>(work: Promise<T>, signal: AbortSignal, timeoutMs: number, url: URL): Promise<T> {
  if (signal.aborted) throw failure(new Error('timed out'), url, signal, timeoutMs);
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(failure(new Error('timed out'), url, signal, timeoutMs));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

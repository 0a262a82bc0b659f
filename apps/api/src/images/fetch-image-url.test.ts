import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllowedHost } from './address-policy.ts';
import { fetchImageUrl } from './fetch-image-url.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function listen(handler: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

describe('fetching an image URL without SSRF', () => {
  let images: { server: Server; port: number };
  let other: { server: Server; port: number };
  let otherHits = 0;
  let allow: AllowedHost[];
  let base = '';

  beforeAll(async () => {
    other = await listen((_, res) => {
      otherHits++;
      res.end('internal secret');
    });
    images = await listen((req, res) => {
      const to = (location: string) => res.writeHead(302, { location }).end();
      switch (req.url) {
        case '/poster.png': return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
        case '/hop': return to('/poster.png');
        case '/to-internal': return to(`http://127.0.0.1:${other.port}/`);
        case '/to-metadata': return to('http://169.254.169.254/latest/meta-data/');
        case '/to-private': return to('http://10.0.0.7/x.png');
        case '/to-file': return to('file:///etc/passwd');
        case '/loop': return to('/loop');
        case '/big': return void res.writeHead(200, { 'content-length': 100 }).end(Buffer.alloc(100));
        case '/endless': { // chunked, never ends
          const timer = setInterval(() => res.write(Buffer.alloc(64)), 10);
          return void res.on('close', () => clearInterval(timer));
        }
        case '/missing': return void res.writeHead(404).end();
        default: return void res.writeHead(500).end();
      }
    });
    allow = [{ host: '127.0.0.1', port: images.port }];
    base = `http://127.0.0.1:${images.port}`;
  });
  afterAll(() => {
    images.server.closeAllConnections();
    images.server.close();
    other.server.close();
  });

  it('downloads from an allowed host, following a redirect', async () => {
    const { bytes, finalUrl } = await fetchImageUrl(`${base}/hop`, { allowHosts: allow });
    expect(bytes.equals(PNG)).toBe(true);
    expect(finalUrl).toBe(`${base}/poster.png`);
  });

  it('refuses loopback without the allow-list, and private, metadata and non-http targets of a redirect, before connecting', async () => {
    await expect(fetchImageUrl(`${base}/poster.png`, { allowHosts: [] })).rejects.toThrow(/127\.0\.0\.1 is a loopback address; the server fetches images from public addresses only/);
    await expect(fetchImageUrl(`${base}/to-internal`, { allowHosts: allow })).rejects.toThrow(new RegExp(`refused to download image http://127.0.0.1:${other.port}/: 127.0.0.1 is a loopback address`));
    await expect(fetchImageUrl(`${base}/to-metadata`, { allowHosts: allow })).rejects.toThrow(/169\.254\.169\.254 is a cloud metadata address/);
    await expect(fetchImageUrl(`${base}/to-private`, { allowHosts: allow })).rejects.toThrow(/10\.0\.0\.7 is a private address/);
    await expect(fetchImageUrl(`${base}/to-file`, { allowHosts: allow })).rejects.toThrow(/redirected from .* to file:… is refused: only http and https/);
    await expect(fetchImageUrl(`${base}/loop`, { allowHosts: allow })).rejects.toThrow(/more than 3 redirects/);
    await expect(fetchImageUrl('http://[::ffff:127.0.0.1]:1/x', { allowHosts: [] })).rejects.toThrow(/is a loopback address/);
    await expect(fetchImageUrl('ftp://example.com/x.png', { allowHosts: [] })).rejects.toThrow(/only http and https/);
    await expect(fetchImageUrl(`http://user:pw@127.0.0.1:${images.port}/poster.png`, { allowHosts: allow })).rejects.toThrow(/credentials/);
    expect(otherHits).toBe(0);
  });

  it('checks what a name resolves to, every address of it, and connects to the address it checked', async () => {
    const resolve = async (name: string) => (name === 'images.test' ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '93.184.216.34', family: 4 }, { address: '10.1.1.1', family: 4 }]);
    // images.test exists only in this resolver: the download can only have gone to the address it returned.
    const { bytes } = await fetchImageUrl(`http://images.test:${images.port}/poster.png`, { allowHosts: [{ host: 'images.test', port: null }], resolve });
    expect(bytes.equals(PNG)).toBe(true);
    await expect(fetchImageUrl(`http://images.test:${images.port}/poster.png`, { allowHosts: [], resolve })).rejects.toThrow(/images\.test resolves to 127\.0\.0\.1, which is a loopback address/);
    await expect(fetchImageUrl('http://mixed.test/x.png', { allowHosts: [], resolve })).rejects.toThrow(/mixed\.test resolves to 10\.1\.1\.1, which is a private address/);
    await expect(fetchImageUrl('http://does-not-exist.invalid/x.png', { allowHosts: [] })).rejects.toThrow(/does not resolve/);
  });

  it('keeps the size and time limits and reports HTTP errors', async () => {
    await expect(fetchImageUrl(`${base}/big`, { allowHosts: allow, maxBytes: 50 })).rejects.toThrow(/image too large: .* declares 0\.0 MB/);
    await expect(fetchImageUrl(`${base}/endless`, { allowHosts: allow, maxBytes: 1000 })).rejects.toThrow(/image too large: .*\/endless sent more than the 1000-byte limit/);
    await expect(fetchImageUrl(`${base}/endless`, { allowHosts: allow, timeoutMs: 300 })).rejects.toThrow(/no complete answer within 0\.3 s/);
    await expect(fetchImageUrl(`${base}/missing`, { allowHosts: allow })).rejects.toThrow(/HTTP 404/);
  });
});

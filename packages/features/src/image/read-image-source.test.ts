import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES } from './image-limits.ts';
import { readImageSource } from './read-image-source.ts';

const IMAGE = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 5000 }, (_, i) => i % 251)]);
const MB = Buffer.alloc(1024 * 1024, 7);

/** A real HTTP server with one route per way a download can go wrong. */
function startServer(): Promise<{ server: Server; base: string; streamed: { bytes: number; closed: boolean } }> {
  const streamed = { bytes: 0, closed: false };
  const server = createServer((request, response) => {
    switch (request.url) {
      case '/poster.jpg':
        response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': IMAGE.length }).end(IMAGE);
        return;
      case '/moved.jpg':
        response.writeHead(302, { location: '/poster.jpg' }).end();
        return;
      case '/empty.jpg':
        response.writeHead(200, { 'content-length': 0 }).end();
        return;
      case '/declares-huge.jpg':
        // Declares more than the limit, then stalls: the client must refuse on the header alone.
        response.writeHead(200, { 'content-length': MAX_IMAGE_BYTES + 1 });
        response.write(IMAGE);
        return;
      case '/endless.jpg': {
        // No length, chunked, never ends on its own: the client must stop reading past the limit.
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        const pump = () => {
          while (!response.destroyed && streamed.bytes < 4 * MAX_IMAGE_BYTES) {
            streamed.bytes += MB.length;
            if (!response.write(MB)) return void response.once('drain', pump);
          }
        };
        response.on('close', () => {
          streamed.closed = true;
        });
        pump();
        return;
      }
      case '/silent.jpg':
        return; // never answers
      default:
        response.writeHead(404).end('not here');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, streamed });
  }));
}

describe('reading images over HTTP', () => {
  let http: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    http = await startServer();
  });
  afterAll(async () => {
    http.server.closeAllConnections();
    await new Promise((resolve) => http.server.close(resolve));
  });

  it('downloads an image, following redirects', async () => {
    expect(Buffer.from(await readImageSource({ uri: `${http.base}/poster.jpg` }))).toEqual(IMAGE);
    expect(Buffer.from(await readImageSource({ uri: `${http.base}/moved.jpg` }))).toEqual(IMAGE);
  });

  it('names the HTTP status of a failed download', async () => {
    await expect(readImageSource({ uri: `${http.base}/gone.jpg` })).rejects.toThrow(`cannot download image ${http.base}/gone.jpg: HTTP 404`);
  });

  it('refuses an empty body', async () => {
    await expect(readImageSource({ uri: `${http.base}/empty.jpg` })).rejects.toThrow(/^image is empty \(0 bytes\)/);
  });

  it('refuses a declared length over the limit without reading the body', async () => {
    await expect(readImageSource({ uri: `${http.base}/declares-huge.jpg` })).rejects.toThrow(/^image too large: 25\.0 MB exceeds the 25 MB limit/);
  });

  it('stops reading an undeclared body as soon as it passes the limit', async () => {
    await expect(readImageSource({ uri: `${http.base}/endless.jpg` })).rejects.toThrow(/^image too large: more than the 25 MB limit/);
    await expect.poll(() => http.streamed.closed).toBe(true);
    // The server could push 100 MB; the client hung up after little more than the limit (plus socket buffers).
    expect(http.streamed.bytes).toBeLessThan(2 * MAX_IMAGE_BYTES);
  });

  it('gives up on a server that does not answer in time', async () => {
    await expect(readImageSource({ uri: `${http.base}/silent.jpg` }, { fetchTimeoutMs: 300 })).rejects.toThrow(/no complete answer within 0\.3 s$/);
  });

  it('says why a connection failed, not only "fetch failed"', async () => {
    const closed = createServer();
    const port = await new Promise<number>((resolve) => closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)));
    await new Promise((resolve) => closed.close(resolve));
    await expect(readImageSource({ uri: `http://127.0.0.1:${port}/poster.jpg` })).rejects.toThrow(/cannot download image .*: fetch failed: .*ECONNREFUSED/);
  });
});

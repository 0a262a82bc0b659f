import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultipartError, readMultipartRequest } from './multipart.ts';
import { Upload, UploadScalar } from './upload.ts';

const LIMITS = { maxFileBytes: 1000, maxFiles: 1, maxFieldBytes: 10_000 };

/** A server that parses each request and answers with what it read (uploads summarised) or the error's status. */
describe('GraphQL multipart requests', () => {
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      readMultipartRequest(req, LIMITS).then(
        (operations) => res.end(JSON.stringify(operations, (_, value: unknown) => (value instanceof Upload ? { upload: value.filename, type: value.declaredType, size: value.bytes.length, hex: value.bytes.toString('hex').slice(0, 16), truncated: value.truncated } : value))),
        (error: unknown) => {
          if (error instanceof MultipartError) res.writeHead(error.status, { connection: 'close' }).end(error.message);
          else res.writeHead(500).end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => server.close());

  const send = async (parts: Array<[string, string | Blob, string?]>, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }) => {
    const form = new FormData();
    for (const [name, value, filename] of parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, value, filename);
    }
    const response = await fetch(url, { method: 'POST', body: form, headers });
    return { status: response.status, text: await response.text() };
  };
  const operations = JSON.stringify({ query: 'mutation ($image: Upload) { x(image: $image) }', variables: { image: null } });
  const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9])], { type: 'image/gif' });

  it('puts each file at its path in the variables, with the name and type the client declared', async () => {
    const { status, text } = await send([['operations', operations], ['map', '{"0":["variables.image"]}'], ['0', png, 'photo.jpg']]);
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      query: 'mutation ($image: Upload) { x(image: $image) }',
      variables: { image: { upload: 'photo.jpg', type: 'image/gif', size: 6, hex: '89504e470909', truncated: false } },
    });
  });

  it('flags a file over the limit after draining it, so the Upload scalar refuses it with a message', async () => {
    const { status, text } = await send([['operations', operations], ['map', '{"0":["variables.image"]}'], ['0', new Blob([new Uint8Array(5000)]), 'huge.png']]);
    expect(status).toBe(200);
    expect(JSON.parse(text).variables.image).toMatchObject({ size: 1000, truncated: true });
    const upload = new Upload('0', 'huge.png', 'image/png', Buffer.alloc(1000), true, 25 * 1024 * 1024);
    expect(() => UploadScalar.parseValue(upload)).toThrow('the uploaded file "huge.png" is larger than the 25 MB limit');
    expect(() => UploadScalar.parseValue('a string')).toThrow(/an Upload must be a file/);
  });

  it('refuses requests without a preflight header (CSRF), malformed maps, paths outside the variables, and too many files', async () => {
    const cases: Array<[Array<[string, string | Blob, string?]>, number, RegExp, Record<string, string>?]> = [
      [[['operations', operations], ['map', '{"0":["variables.image"]}'], ['0', png, 'a.png']], 400, /must carry a non-empty apollo-require-preflight or x-apollo-operation-name header/, {}],
      [[['operations', '{nope'], ['map', '{}']], 400, /operations field is not valid JSON/],
      [[['map', '{}'], ['operations', operations]], 400, /unexpected field "map"/],
      [[['operations', operations], ['map', '["variables.image"]']], 400, /map field must be a JSON object/],
      [[['operations', operations], ['map', '{"0":["query"]}'], ['0', png, 'a.png']], 400, /map path "query" must point into the variables/],
      [[['operations', operations], ['map', '{"0":["variables.__proto__.polluted"]}'], ['0', png, 'a.png']], 400, /is not a valid path/],
      [[['operations', operations], ['map', '{"0":["variables.other"]}'], ['0', png, 'a.png']], 400, /does not exist in operations/],
      [[['operations', JSON.stringify({ query: 'q', variables: { image: 'x' } })], ['map', '{"0":["variables.image"]}'], ['0', png, 'a.png']], 400, /must hold null/],
      [[['operations', operations], ['map', '{"0":["variables.image"]}']], 400, /the map names file "0", which was not sent/],
      [[['operations', operations], ['map', '{"0":["variables.image"],"1":["variables.image"]}']], 413, /at most 1 file\(s\) per request/],
      [[['operations', operations], ['map', '{"0":["variables.image"]}'], ['0', png, 'a.png'], ['1', png, 'b.png']], 413, /at most 1 file\(s\) per request/],
    ];
    for (const [parts, status, message, headers] of cases) {
      const answer = await send(parts, headers);
      expect(answer.status, answer.text).toBe(status);
      expect(answer.text).toMatch(message);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

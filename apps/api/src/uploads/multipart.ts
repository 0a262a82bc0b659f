import type http from 'node:http';
import { Busboy } from '@fastify/busboy';
import { Upload } from './upload.ts';

export interface UploadLimits {
  /** Largest file, in bytes; a larger one is drained and refused by the Upload scalar with a message. */
  maxFileBytes: number;
  /** Files per request. */
  maxFiles: number;
  /** Largest `operations` or `map` field, in bytes (the JSON body limit). */
  maxFieldBytes: number;
}

/** A malformed or refused multipart request, answered with this HTTP status before GraphQL runs. */
export class MultipartError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'MultipartError';
  }
}

/** Whether a request is a GraphQL multipart request (by its Content-Type). */
export function isMultipart(req: http.IncomingMessage): boolean {
  return /^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * multipart/form-data is a "simple" content type: a browser sends it cross-site without asking (CSRF). Apollo's
 * CSRF prevention refuses such a request unless it carries a header only scripts can set; it is checked here
 * first so nothing is read or buffered for a forged request, and Apollo checks it again.
 */
export function checkPreflightHeader(req: http.IncomingMessage): void {
  if (PREFLIGHT_HEADERS.some((name) => (req.headers[name]?.length ?? 0) > 0)) return;
  throw new MultipartError(400, `a multipart request (file upload) must carry a non-empty ${PREFLIGHT_HEADERS.join(' or ')} header, e.g. apollo-require-preflight: true (CSRF prevention)`);
}

/** The most bytes a multipart request may send in all: files over their limit are drained, a body past this is cut off. */
function multipartBodyLimit(limits: UploadLimits): number {
  return limits.maxFiles * limits.maxFileBytes * 2 + limits.maxFieldBytes * 2 + 64 * 1024;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Reads a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec): the
 * `operations` field (the JSON body), the `map` field (file field → object paths such as `variables.image`), then
 * the files, each put at its paths as an Upload. Only paths into `variables` are accepted, through existing
 * objects, and each must hold null, so a file can only take the place of a variable the client declared.
 * Limits: `maxFiles` files of at most `maxFileBytes` (a larger file is drained and flagged, so the client gets
 * a GraphQL error rather than a reset connection), fields of at most `maxFieldBytes`, and the whole body bounded.
 */
export async function readMultipartRequest(req: http.IncomingMessage, limits: UploadLimits): Promise<unknown> {
  checkPreflightHeader(req);
  let busboy: ReturnType<typeof Busboy>;
  try {
    busboy = Busboy({
      headers: req.headers as http.IncomingHttpHeaders & { 'content-type': string },
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fieldSize: limits.maxFieldBytes, fields: 2, parts: limits.maxFiles + 2 },
    });
  } catch (error) {
    throw new MultipartError(400, `malformed multipart request: ${error instanceof Error ? error.message : String(error)}`);
  }
  const maxBodyBytes = multipartBodyLimit(limits);
  return new Promise((resolve, reject) => {
    let operations: unknown;
    let map: Map<string, string[]> | undefined;
    const pending: Array<Promise<Upload>> = [];
    let failed = false;
    const fail = (error: MultipartError) => {
      if (failed) return;
      failed = true;
      req.unpipe(busboy);
      req.resume(); // the caller closes the connection on a 413
      reject(error);
    };
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // A file over the limit is drained, not buffered; a body far beyond any limit is cut off.
      if (received > maxBodyBytes) fail(new MultipartError(413, `request body is larger than ${maxBodyBytes} bytes`));
    });
    req.on('aborted', () => fail(new MultipartError(400, 'the request was aborted before its body was complete')));

    busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (failed) return;
      if (valueTruncated) return fail(new MultipartError(413, `the ${name} field is larger than ${limits.maxFieldBytes} bytes`));
      try {
        if (name === 'operations' && operations === undefined && !map) operations = parseJson(value, 'operations');
        else if (name === 'map' && operations !== undefined && !map) map = parseMap(value, limits.maxFiles);
        else fail(new MultipartError(400, `unexpected field "${name}": a GraphQL multipart request has the fields operations, then map, then the files`));
      } catch (error) {
        fail(error as MultipartError);
      }
    });
    busboy.on('file', (name, stream, filename, _encoding, mimeType) => {
      if (failed || !map || !map.has(name)) {
        stream.resume(); // not in the map: discarded
        if (!failed && !map) fail(new MultipartError(400, 'the files must come after the operations and map fields'));
        return;
      }
      pending.push(new Promise((done, error) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', error);
        stream.on('end', () => done(new Upload(name, filename ?? name, mimeType ?? '', Buffer.concat(chunks), stream.truncated, limits.maxFileBytes)));
      }));
    });
    busboy.on('fieldsLimit', () => fail(new MultipartError(400, 'a GraphQL multipart request has exactly two fields, operations and map, before its files')));
    busboy.on('filesLimit', () => fail(new MultipartError(413, `at most ${limits.maxFiles} file(s) per request`)));
    busboy.on('partsLimit', () => fail(new MultipartError(413, `at most ${limits.maxFiles} file(s) per request`)));
    busboy.on('error', (error: unknown) => fail(new MultipartError(400, `malformed multipart request: ${error instanceof Error ? error.message : String(error)}`)));
    busboy.on('finish', () => {
      if (failed) return;
      Promise.all(pending).then((uploads) => {
        if (failed) return;
        if (operations === undefined || !map) return fail(new MultipartError(400, 'a GraphQL multipart request needs the operations and map fields'));
        const byField = new Map(uploads.map((upload) => [upload.field, upload]));
        for (const [field, paths] of map) {
          const upload = byField.get(field);
          if (!upload) return fail(new MultipartError(400, `the map names file "${field}", which was not sent`));
          for (const path of paths) placeUpload(operations, path, upload);
        }
        resolve(operations);
      }).catch((error: unknown) => fail(error instanceof MultipartError ? error : new MultipartError(400, `malformed multipart request: ${error instanceof Error ? error.message : String(error)}`)));
    });
    req.pipe(busboy);
  });
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MultipartError(400, `the ${field} field is not valid JSON`);
  }
}

function parseMap(text: string, maxFiles: number): Map<string, string[]> {
  const value = parseJson(text, 'map');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MultipartError(400, 'the map field must be a JSON object such as {"0": ["variables.image"]}');
  const entries = Object.entries(value);
  if (entries.length > maxFiles) throw new MultipartError(413, `at most ${maxFiles} file(s) per request; the map names ${entries.length}`);
  for (const [field, paths] of entries) {
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p): p is string => typeof p === 'string')) {
      throw new MultipartError(400, `map["${field}"] must be a non-empty array of paths such as "variables.image"`);
    }
  }
  return new Map(entries as Array<[string, string[]]>);
}

/** Puts an upload at `variables.a.0.b` (or `0.variables.…` in a batch), where the operations hold null. */
function placeUpload(operations: unknown, path: string, upload: Upload): void {
  const keys = path.split('.');
  const start = Array.isArray(operations) ? 1 : 0;
  const bad = (why: string) => new MultipartError(400, `map path "${path}" ${why}`);
  if (keys[start] !== 'variables' || keys.length < start + 2) throw bad('must point into the variables, e.g. variables.image');
  if (keys.some((key) => FORBIDDEN_KEYS.has(key) || key === '')) throw bad('is not a valid path');
  let node: unknown = operations;
  for (const [i, key] of keys.entries()) {
    if (typeof node !== 'object' || node === null) throw bad('does not exist in operations');
    const container = node as Record<string, unknown>;
    if (!Object.hasOwn(container, key)) throw bad('does not exist in operations');
    if (i === keys.length - 1) {
      if (container[key] !== null) throw bad('must hold null in operations (the file takes its place)');
      container[key] = upload;
      return;
    }
    node = container[key];
  }
}

import { createReadStream, type ReadStream } from 'node:fs';
import { parse } from 'csv-parse';

export interface ReadRowsOptions {
  delimiter: string;
  /** Quoted fields (CSV, parsed by csv-parse) or none at all (MovieLens' tab- and pipe-separated files). */
  quoted: boolean;
  encoding?: BufferEncoding;
  onBytes?: ((bytesRead: number) => void) | undefined;
}

export interface RawRow {
  /** 1-based line number of the row (its last line, for a quoted field spanning lines). */
  line: number;
  fields: string[];
}

const BATCH_ROWS = 2000;

/** A text stream over a file in 1 MiB chunks, reporting the bytes read so far for progress bars. */
export function openTextStream(path: string, encoding: BufferEncoding, onBytes?: (bytesRead: number) => void): ReadStream {
  const stream = createReadStream(path, { encoding, highWaterMark: 1 << 20 });
  let bytesRead = 0;
  if (onBytes) stream.on('data', (chunk) => onBytes((bytesRead += Buffer.byteLength(chunk))));
  return stream;
}

/**
 * Streams a delimited text file in batches of rows, with line numbers, never holding the file in memory.
 * Batches keep the per-row cost of async iteration off the hot path. A malformed quoted row surfaces as a thrown
 * csv-parse error naming its line.
 */
export async function* readRows(path: string, options: ReadRowsOptions): AsyncGenerator<RawRow[]> {
  const stream = openTextStream(path, options.encoding ?? 'utf8', options.onBytes);
  yield* options.quoted ? quotedRows(stream, options.delimiter) : plainRows(stream, options.delimiter);
}

async function* plainRows(stream: AsyncIterable<string>, delimiter: string): AsyncGenerator<RawRow[]> {
  let rest = '';
  let line = 0;
  let batch: RawRow[] = [];
  const take = (text: string) => {
    line++;
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (trimmed.trim() === '') return;
    // A byte-order mark would otherwise stick to the first field.
    batch.push({ line, fields: (line === 1 ? trimmed.replace(/^\uFEFF/, '') : trimmed).split(delimiter) });
  };
  for await (const chunk of stream) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const text of lines) take(text);
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (rest !== '') take(rest);
  if (batch.length > 0) yield batch;
}

async function* quotedRows(stream: NodeJS.ReadableStream, delimiter: string): AsyncGenerator<RawRow[]> {
  const parser = stream.pipe(parse({ delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, info: true }));
  let batch: RawRow[] = [];
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    batch.push({ line: info.lines, fields: record });
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

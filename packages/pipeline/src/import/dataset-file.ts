import path from 'node:path';
import { createInterface } from 'node:readline';
import { FieldReader } from './fields.ts';
import { openTextStream, readRows, type ReadRowsOptions } from './read-rows.ts';
import { RowError, type DatasetFile, type ParsedRow, type RecordKind, type RecordOf } from './types.ts';

export type RowMapper<K extends RecordKind> = (fields: string[], reader: FieldReader, header: string[] | null) => RecordOf[K];

/**
 * A delimited file whose rows map to records. `header: true` reads the first row as column names. A row that
 * fails to map becomes a RowError; a broken file (an unclosed quote) is fatal: nothing after it can be trusted.
 */
export function delimitedFile<K extends RecordKind>(
  kind: K,
  filePath: string,
  options: Omit<ReadRowsOptions, 'onBytes'> & { header: boolean },
  map: RowMapper<K>,
): DatasetFile<K> {
  const name = path.basename(filePath);
  return {
    kind,
    path: filePath,
    async *rows(onBytes) {
      let header: string[] | null = null;
      try {
        for await (const rows of readRows(filePath, { ...options, onBytes })) {
          const parsed: ParsedRow<RecordOf[K]>[] = [];
          for (const { line, fields } of rows) {
            if (options.header && header === null) {
              header = fields.map((field) => field.trim());
              continue;
            }
            parsed.push(mapRow(name, line, (reader) => map(fields, reader, header)));
          }
          yield parsed;
        }
      } catch (error) {
        throw asFileError(name, error);
      }
    },
  };
}

/** A JSON Lines file: one object per line, blank lines ignored. */
export function jsonLinesFile<K extends RecordKind>(
  kind: K,
  filePath: string,
  map: (object: Record<string, unknown>, reader: FieldReader) => RecordOf[K],
): DatasetFile<K> {
  const name = path.basename(filePath);
  return {
    kind,
    path: filePath,
    async *rows(onBytes) {
      const stream = openTextStream(filePath, 'utf8', onBytes);
      let line = 0;
      let batch: ParsedRow<RecordOf[K]>[] = [];
      for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
        line++;
        if (text.trim() === '') continue;
        batch.push(mapRow(name, line, (reader) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch (error) {
            return reader.fail(null, `is not valid JSON (${(error as Error).message})`);
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) reader.fail(null, 'is not a JSON object');
          return map(parsed as Record<string, unknown>, reader);
        }));
        if (batch.length >= 1000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

function mapRow<T>(file: string, line: number, map: (reader: FieldReader) => T): ParsedRow<T> {
  try {
    return { line, record: map(new FieldReader(file, line)) };
  } catch (error) {
    if (error instanceof RowError) return { line, error };
    throw error;
  }
}

function asFileError(file: string, error: unknown): Error {
  if (error instanceof RowError) return error;
  const csvError = error as { code?: string; lines?: number; message?: string };
  if (csvError.code?.startsWith('CSV_')) {
    return new RowError(file, csvError.lines ?? 0, null, `malformed CSV, the rest of the file cannot be read (${csvError.message})`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Index of a named column in a header, or a clear error listing what the header has. */
export function columnIndex(header: string[] | null, names: readonly string[], reader: FieldReader, required = true): number {
  const index = header ? header.findIndex((column) => names.includes(column.split(':')[0]!.toLowerCase())) : -1;
  if (index < 0 && required) reader.fail(names[0]!, `column not found in header (${header?.join(', ') ?? 'no header'})`);
  return index;
}

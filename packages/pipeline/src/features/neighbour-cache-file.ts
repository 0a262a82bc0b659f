import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The on-disk form of cached item neighbours: "FSNB", format version, a JSON header, then int32 item ids [N],
 * int32 neighbour item ids [N, k] (-1 = none) and float32 scores [N, k], all little-endian.
 */
export interface NeighbourCacheHeader {
  encoderSet: string;
  normalize: boolean;
  k: number;
  items: number;
  /** sha256 of the encoder set and its vectors' fingerprints: a cached file is used only while they are unchanged. */
  inputsHash: string;
  createdAt: string;
}

export interface NeighbourCacheContent {
  header: NeighbourCacheHeader;
  itemIds: Int32Array;
  neighbourIds: Int32Array;
  scores: Float32Array;
}

const MAGIC = 'FSNB';
const FORMAT_VERSION = 1;

export async function writeNeighbourCache(file: string, content: NeighbourCacheContent): Promise<void> {
  const json = Buffer.from(JSON.stringify(content.header));
  const padded = Math.ceil(json.length / 4) * 4;
  const head = Buffer.alloc(12 + padded, 0x20); // JSON padded with spaces
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(FORMAT_VERSION, 4);
  head.writeUInt32LE(padded, 8);
  json.copy(head, 12);
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, Buffer.concat([head, bytesOf(content.itemIds), bytesOf(content.neighbourIds), bytesOf(content.scores)]));
  await rename(temporary, file); // readers never see half a file
}

/** The cached content, or null when the file is absent or not in this format. */
export async function readNeighbourCache(file: string): Promise<NeighbourCacheContent | null> {
  const bytes = await readFile(file).catch(() => null);
  if (!bytes || bytes.length < 12 || bytes.toString('latin1', 0, 4) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT_VERSION) return null;
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as NeighbourCacheHeader;
  const body = bytes.subarray(12 + headerLength);
  const { items: n, k } = header;
  if (body.length !== (n + 2 * n * k) * 4) return null;
  const copy = new Uint8Array(body).buffer; // aligned copy for the typed-array views
  return {
    header,
    itemIds: new Int32Array(copy, 0, n),
    neighbourIds: new Int32Array(copy, n * 4, n * k),
    scores: new Float32Array(copy, (n + n * k) * 4, n * k),
  };
}

function bytesOf(array: Int32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

// The file a model version travels in between databases (`fewshot models export` / `import`): one line of JSON (what
// the version is and how it was trained), a newline, then the artifact's bytes exactly as stored. No database here.
import { readMmlMetadata } from '@fewshot/model/mml';
import { artifactSha256 } from '../train/artifact-chunks.ts';

export const MODEL_VERSION_FILE_FORMAT = 'fewshot-model-version';
export const MODEL_VERSION_FILE_FORMAT_VERSION = 1;

/** What the first line says. */
export interface ModelVersionFileHeader {
  format: typeof MODEL_VERSION_FILE_FORMAT;
  formatVersion: number;
  exportedAt: string;
  /** The version as its own database knew it (id and status there, for the record). */
  version: { id: number; name: string; status: string; config: unknown; encoders: unknown; metrics: unknown; createdAt: string };
  /** The training run that made it (stages, learning curves, evaluation), when one is recorded. */
  run: { config: unknown; report: unknown; message: string | null; startedAt: string | null; finishedAt: string | null } | null;
  artifact: { bytes: number; sha256: string };
}

export interface ModelVersionFile {
  header: ModelVersionFileHeader;
  artifact: Uint8Array;
  /** The artifact's items by the client's ids: what a database must hold for the version to serve them. */
  itemExternalIds: string[];
}

export function encodeModelVersionFile(header: ModelVersionFileHeader, artifact: Uint8Array): Buffer {
  // JSON.stringify writes no raw newline, so the first newline ends the header.
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), artifact]);
}

/**
 * Reads and checks a model version file: its header, the artifact's length and sha256 against it, and the artifact's
 * own header (an MML model of a version this code reads, with an id for each item). Throws with what is wrong, naming
 * `source` (the file), before anything is written anywhere.
 */
export function decodeModelVersionFile(bytes: Uint8Array, source: string): ModelVersionFile {
  const newline = bytes.indexOf(0x0a);
  const refuse = (why: string): never => {
    throw new Error(`${source} is not a model version file fewshot can import: ${why}`);
  };
  if (newline < 0) refuse('it has no header line (export one with: fewshot models export <id> --out FILE)');
  let header: ModelVersionFileHeader;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(0, newline)).toString('utf8')) as ModelVersionFileHeader;
  } catch {
    return refuse('its first line is not JSON (export one with: fewshot models export <id> --out FILE)');
  }
  if (header?.format !== MODEL_VERSION_FILE_FORMAT) refuse(`its header names format ${JSON.stringify(header?.format)}, not "${MODEL_VERSION_FILE_FORMAT}"`);
  if (header.formatVersion !== MODEL_VERSION_FILE_FORMAT_VERSION) refuse(`it is format version ${JSON.stringify(header.formatVersion)}; this fewshot reads version ${MODEL_VERSION_FILE_FORMAT_VERSION}`);
  if (typeof header.version?.name !== 'string' || typeof header.artifact?.bytes !== 'number' || typeof header.artifact?.sha256 !== 'string') refuse('its header lacks the version\'s name or the artifact\'s length and sha256');
  const artifact = bytes.subarray(newline + 1);
  if (artifact.length !== header.artifact.bytes) refuse(`its artifact holds ${artifact.length} bytes, the header says ${header.artifact.bytes} (cut short in transfer?)`);
  const digest = artifactSha256(artifact);
  if (digest !== header.artifact.sha256) refuse(`its artifact's sha256 ${digest.slice(0, 12)}… is not the recorded ${header.artifact.sha256.slice(0, 12)}… (damaged in transfer?)`);
  let itemExternalIds: unknown;
  try {
    itemExternalIds = readMmlMetadata(artifact).itemExternalIds;
  } catch (error) {
    return refuse(`its artifact does not read as a model: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(itemExternalIds) || !itemExternalIds.every((id) => typeof id === 'string')) return refuse('its artifact does not name its items');
  return { header, artifact, itemExternalIds };
}

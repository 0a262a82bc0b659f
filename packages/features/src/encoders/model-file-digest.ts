import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * A short digest of model files, used as the version of user-supplied ONNX encoders: replacing the weights
 * changes the version, so vectors from the old and new files are never mixed.
 */
export async function modelFileDigest(files: readonly string[], extra = ''): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  hash.update(extra);
  return `sha256-${hash.digest('hex').slice(0, 12)}`;
}

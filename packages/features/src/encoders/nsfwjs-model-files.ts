import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The MobileNetV2 weights nsfwjs ships inside its npm tarball, as UMD bundles (a model.json object and a base64
 * weight shard). nsfwjs' own loader expects a browser bundler, so we read the files ourselves.
 */
export interface NsfwjsModelFiles {
  version: string;
  modelTopology: object;
  weightSpecs: Array<{ name: string; shape: number[]; dtype: string }>;
  weightData: ArrayBuffer;
}

export function readNsfwjsMobileNetV2(): NsfwjsModelFiles {
  const require = createRequire(import.meta.url);
  const root = packageRoot(path.dirname(require.resolve('nsfwjs')));
  const modelDir = path.join(root, 'dist', 'models', 'mobilenet_v2');
  const json = require(path.join(modelDir, 'model.min.js')) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: NsfwjsModelFiles['weightSpecs'] }>;
  };
  const buffers = json.weightsManifest.flatMap((group) =>
    group.paths.map((shard) => Buffer.from(require(path.join(modelDir, `${shard}.min.js`)) as string, 'base64')),
  );
  const weights = Buffer.concat(buffers);
  return {
    version: (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version,
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  };
}

function packageRoot(start: string): string {
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'nsfwjs') return dir;
  }
  throw new Error(`cannot find the nsfwjs package folder above ${start}; run npm install`);
}

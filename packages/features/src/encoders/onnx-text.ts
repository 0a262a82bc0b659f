import { access } from 'node:fs/promises';
import path from 'node:path';
import { AutoModel, AutoTokenizer, env, type Tensor } from '@huggingface/transformers';
import type { EncodeOutcome, Encoder } from '../encoder.ts';
import type { OnnxTextSpec } from '../encoder-spec.ts';
import { ITEM_TEXT_VERSION } from '../item-text.ts';
import { l2NormalizeInPlace } from './l2-normalize.ts';
import { modelFileDigest } from './model-file-digest.ts';

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', path.join('onnx', 'model.onnx')];

/**
 * A text model the user brings, in the Hugging Face layout transformers.js reads (e.g. a sentence-transformers
 * export). Remote loading is switched off: only the folder given is read, never the network.
 */
export async function loadOnnxText(spec: OnnxTextSpec): Promise<Encoder<'TEXT'>> {
  await checkFiles(spec.modelDir);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.dirname(spec.modelDir);
  const id = path.basename(spec.modelDir);
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const model = await AutoModel.from_pretrained(id, { dtype: 'fp32', device: 'cpu' });
  const settings = `${spec.pooling},${spec.normalize},${spec.maxTokens}`;
  const digest = await modelFileDigest(REQUIRED_FILES.map((file) => path.join(spec.modelDir, file)), settings);

  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: spec.maxTokens });
    const output = (await model(inputs)) as { last_hidden_state?: Tensor };
    const hidden = output.last_hidden_state;
    if (!hidden) throw new Error(`ONNX text model ${spec.modelDir} has no last_hidden_state output`);
    return pool(hidden, inputs.attention_mask as Tensor, spec.pooling).map((v) => (spec.normalize ? l2NormalizeInPlace(v) : v));
  };
  const [probe] = await embed(['dimension probe']);
  const dimension = probe?.length ?? 0;

  return {
    name: spec.name ?? `onnx-text-${id}`,
    version: `${digest}+${ITEM_TEXT_VERSION}`,
    modality: 'TEXT',
    dimension,
    async encode(batch) {
      const outcomes: EncodeOutcome[] = batch.map(() => ({ ok: false, error: 'empty text: nothing to encode' }));
      const nonEmpty = batch.flatMap((text, index) => (text.trim().length > 0 ? [index] : []));
      if (nonEmpty.length === 0) return outcomes;
      const vectors = await embed(nonEmpty.map((index) => batch[index] as string));
      nonEmpty.forEach((index, row) => {
        outcomes[index] = { ok: true, vector: vectors[row] as Float32Array };
      });
      return outcomes;
    },
    async close() {
      await model.dispose();
    },
  };
}

/** Mean over real (unmasked) tokens, or the first token: [B, T, H] → B × [H]. */
function pool(hidden: Tensor, mask: Tensor, pooling: 'mean' | 'cls'): Float32Array[] {
  const [B = 0, T = 0, H = 0] = hidden.dims;
  const data = hidden.data as Float32Array;
  const maskData = mask.data as BigInt64Array;
  const out: Float32Array[] = [];
  for (let b = 0; b < B; b++) {
    const vector = new Float32Array(H);
    if (pooling === 'cls') {
      vector.set(data.subarray(b * T * H, b * T * H + H));
    } else {
      let count = 0;
      for (let t = 0; t < T; t++) {
        if (maskData[b * T + t] === 0n) continue;
        count++;
        const offset = (b * T + t) * H;
        for (let h = 0; h < H; h++) vector[h] = (vector[h] as number) + (data[offset + h] as number);
      }
      if (count > 0) for (let h = 0; h < H; h++) vector[h] = (vector[h] as number) / count;
    }
    out.push(vector);
  }
  return out;
}

async function checkFiles(dir: string): Promise<void> {
  const missing: string[] = [];
  for (const file of REQUIRED_FILES) await access(path.join(dir, file)).catch(() => missing.push(file));
  if (missing.length > 0) {
    throw new Error(
      `ONNX text model folder ${dir} lacks ${missing.join(', ')}: export it in the Hugging Face layout ` +
        '(e.g. optimum-cli export onnx) and copy the folder here; nothing is downloaded',
    );
  }
}

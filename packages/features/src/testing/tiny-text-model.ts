import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeOnnxModel } from '@fewshot/onnx/writer';

/**
 * Writes a tiny but real transformers.js model folder (config.json, tokenizer.json, tokenizer_config.json,
 * onnx/model.onnx) so the ONNX text path can be tested offline: a word-level tokenizer and a graph that looks each
 * token up in a fixed embedding table (last_hidden_state = E[input_ids]). Mean pooling then makes texts that
 * share words close, which is what the tests check.
 */
export interface TinyTextModelOptions {
  /** Words of the vocabulary; anything else maps to [UNK]. */
  words: string[];
  hidden?: number;
  seed?: number;
}

export async function writeTinyTextModel(dir: string, { words, hidden = 16, seed = 7 }: TinyTextModelOptions): Promise<void> {
  const vocab: Record<string, number> = { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3 };
  for (const word of words) vocab[word.toLowerCase()] ??= Object.keys(vocab).length;
  const size = Object.keys(vocab).length;
  const random = mulberry32(seed);
  const table = new Float32Array(size * hidden).map(() => random() * 2 - 1);
  table.fill(0, 0, hidden); // [PAD] contributes nothing

  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  await writeFile(path.join(dir, 'onnx', 'model.onnx'), writeOnnxModel({
    name: 'tiny-text',
    inputs: [
      { name: 'input_ids', elemType: 'int64', shape: ['batch', 'sequence'] },
      { name: 'attention_mask', elemType: 'int64', shape: ['batch', 'sequence'] },
    ],
    outputs: [{ name: 'last_hidden_state', elemType: 'float', shape: ['batch', 'sequence', hidden] }],
    initializers: [{ name: 'embeddings', dims: [size, hidden], data: table }],
    nodes: [{ op: 'Gather', inputs: ['embeddings', 'input_ids'], outputs: ['last_hidden_state'], attributes: { axis: { int: 0 } } }],
  }));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({
    model_type: 'bert', architectures: ['BertModel'], hidden_size: hidden, vocab_size: size,
    num_attention_heads: 1, num_hidden_layers: 1, max_position_embeddings: 512,
  }));
  await writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify({
    tokenizer_class: 'BertTokenizer', model_max_length: 512, do_lower_case: true,
    pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]',
  }));
  await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]'].map((content, id) => ({
      id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
  }));
}

/** Small deterministic PRNG so the tiny model is the same in every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import { describe, expect, it } from 'vitest';
import { parseEncoderSpec, specModality } from './encoder-spec.ts';

describe('parseEncoderSpec', () => {
  it('reads the built-in encoders', () => {
    expect(parseEncoderSpec('use-lite')).toEqual({ kind: 'use-lite' });
    expect(specModality(parseEncoderSpec('mobilenet-v2'))).toBe('IMAGE');
  });

  it('reads ONNX paths and their settings', () => {
    expect(parseEncoderSpec('onnx-text:/models/minilm?pooling=cls&normalize=false&name=minilm')).toEqual({
      kind: 'onnx-text', modelDir: '/models/minilm', pooling: 'cls', normalize: false, maxTokens: 256, name: 'minilm',
    });
    expect(parseEncoderSpec('onnx-image:/m/clip.onnx?size=336&mean=0.48,0.46,0.41&std=0.27,0.26,0.28&output=image_embeds')).toMatchObject({
      kind: 'onnx-image', modelPath: '/m/clip.onnx', size: 336, layout: 'nchw', mean: [0.48, 0.46, 0.41], outputName: 'image_embeds',
    });
  });

  describe('bad input', () => {
    it('names the accepted forms', () => {
      expect(() => parseEncoderSpec('bert')).toThrow(/unknown encoder "bert": use one of use-lite, mobilenet-v2, onnx-text, onnx-image/);
      expect(() => parseEncoderSpec('onnx-text')).toThrow(/needs a local path/);
      expect(() => parseEncoderSpec('onnx-image:/m.onnx?mean=1,2')).toThrow(/three comma-separated numbers/);
      expect(() => parseEncoderSpec('use-lite:/x')).toThrow(/takes no path/);
    });
  });
});

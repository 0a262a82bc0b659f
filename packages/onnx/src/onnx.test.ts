import { describe, expect, it } from 'vitest';
import { InvalidFeedsError, OnnxSession, ort, parseProviders, probeProviders, validateFeeds } from './session/index.ts';
import { GraphBuilder, writeOnnxModel } from './writer/index.ts';

/** y = x · W + b with W an initializer and b a weight fed per run. */
function affineModel(): { model: Uint8Array; b: Float32Array } {
  const builder = new GraphBuilder();
  const x = builder.input({ name: 'x', elemType: 'float', shape: ['batch', 2] });
  const w = builder.weight('w', [2, 3], Float32Array.from([1, 2, 3, 4, 5, 6]));
  const bias = builder.weight('b', [3], Float32Array.from([0.5, -1, 0]), { asInput: true });
  builder.output(builder.op('Add', [builder.op('MatMul', [x, w]), bias]), { name: 'y', elemType: 'float', shape: ['batch', 3] });
  return { model: writeOnnxModel(builder.build('affine', { metadata: { purpose: 'test' } })), b: builder.parameterInputs.get('b')! };
}

describe('@fewshot/onnx', () => {
  it('writes a graph that onnxruntime runs, with weights fed as inputs', async () => {
    const { model, b } = affineModel();
    expect(Array.from(b)).toEqual([0.5, -1, 0]);
    const session = await OnnxSession.open(model);
    try {
      expect(session.provider).toBe('cpu');
      expect([...session.inputNames].sort()).toEqual(['b', 'x']);
      const x = new ort.Tensor('float32', Float32Array.from([1, 0, 1, 1]), [2, 2]);
      const out = await session.run({ x, b: new ort.Tensor('float32', b, [3]) });
      expect(Array.from(out.y!.data as Float32Array)).toEqual([1.5, 1, 3, 5.5, 6, 9]);
      const shifted = await session.run({ x, b: new ort.Tensor('float32', Float32Array.from([0, 0, 100]), [3]) });
      expect(Array.from(shifted.y!.data as Float32Array)).toEqual([1, 2, 103, 5, 7, 109]);
    } finally {
      await session.release();
    }
  });

  it('refuses bad feeds with every problem named, before onnxruntime sees them', async () => {
    const session = await OnnxSession.open(affineModel().model);
    try {
      const run = session.run({ x: new ort.Tensor('int64', BigInt64Array.from([1n, 2n, 3n]), [1, 3]), z: new ort.Tensor('float32', new Float32Array(1), [1]) });
      await expect(run).rejects.toThrow(InvalidFeedsError);
      await expect(run).rejects.toThrow('missing input "b"; input "x" must be float32, got int64; input "x" needs size 2 on axis 1, got 3; unknown input "z"');
    } finally {
      await session.release();
    }
  });

  it('checks that a symbolic dimension means one size across inputs, and ranks', () => {
    const inputs = [
      { name: 'a', type: 'float32', shape: ['batch', 4] },
      { name: 'c', type: 'float32', shape: ['batch'] },
    ];
    const tensor = (dims: number[]) => new ort.Tensor('float32', new Float32Array(dims.reduce((x, y) => x * y, 1)), dims);
    expect(() => validateFeeds({ a: tensor([2, 4]), c: tensor([2]) }, inputs)).not.toThrow();
    expect(() => validateFeeds({ a: tensor([2, 4]), c: tensor([3]) }, inputs)).toThrow('dimension "batch" is 2 in "a" but 3 in "c"');
    expect(() => validateFeeds({ a: tensor([8]), c: tensor([3]) }, inputs)).toThrow('input "a" must have 2 dimensions [batch,4], got [8]');
  });

  it('parses providers from configuration, cpu always last, unknown names refused', () => {
    expect(parseProviders(undefined)).toEqual(['cpu']);
    expect(parseProviders(' CUDA, webgpu ,cpu')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(parseProviders('cpu,cuda')).toEqual(['cuda', 'cpu']);
    expect(() => parseProviders('cuda,tpu')).toThrow('unknown execution provider "tpu"');
  });

  it('falls back to cpu when a configured provider does not load, and reports why', async () => {
    const fallbacks: string[] = [];
    // This machine has neither CUDA's provider library nor Vulkan: both must fall back (on a GPU host they may load).
    const session = await OnnxSession.open(affineModel().model, { providers: ['cuda', 'webgpu'], onFallback: (provider, reason) => fallbacks.push(`${provider}: ${reason}`) });
    try {
      if (session.provider === 'cpu') {
        expect(fallbacks.map((f) => f.split(':')[0])).toEqual(['cuda', 'webgpu']);
        expect(fallbacks.every((f) => f.length > 'webgpu: '.length)).toBe(true);
      } else {
        expect(['cuda', 'webgpu']).toContain(session.provider);
      }
    } finally {
      await session.release();
    }
  });
});

describe('probeProviders', () => {
  it('finds that cpu loads and runs, and says why another provider does not', async () => {
    const probes = await probeProviders(['cpu', 'webgpu']);
    expect(probes[0]).toEqual({ provider: 'cpu', loads: true });
    // Without Vulkan (this machine), webgpu does not load; on a host with it, it does.
    if (!probes[1]!.loads) expect(probes[1]!.reason).toBeTruthy();
  });
});

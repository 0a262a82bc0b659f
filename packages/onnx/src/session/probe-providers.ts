import { GraphBuilder, writeOnnxModel } from '../writer/index.ts';
import { OnnxSession, ort, supportedProviders } from './open-session.ts';

export interface ProviderProbe {
  provider: string;
  /** Whether a session opened and ran on this provider alone. */
  loads: boolean;
  /** Why not, when it does not (a missing library, no device). */
  reason?: string;
}

/**
 * Which execution providers actually load on this host: each provider onnxruntime-node was built with opens and
 * runs a one-node graph on its own. Listing a provider is not enough (CUDA's library ships separately, webgpu
 * needs Vulkan), so this is what health and `fewshot providers` report.
 */
export async function probeProviders(providers: readonly string[] = supportedProviders()): Promise<ProviderProbe[]> {
  const builder = new GraphBuilder();
  const x = builder.input({ name: 'x', elemType: 'float', shape: [2, 2] });
  builder.output(builder.op('MatMul', [x, x]), { name: 'y', elemType: 'float', shape: [2, 2] });
  const model = writeOnnxModel(builder.build('probe'));
  const probes: ProviderProbe[] = [];
  for (const provider of providers) {
    let failure: string | undefined;
    const session = await OnnxSession.open(model, { providers: [provider], onFallback: (_, reason) => (failure = reason) }).catch((error: Error) => {
      failure = error.message;
      return undefined;
    });
    if (!session) {
      probes.push({ provider, loads: false, reason: failure });
      continue;
    }
    try {
      if (session.provider !== provider) {
        probes.push({ provider, loads: false, reason: failure ?? `fell back to ${session.provider}` });
        continue;
      }
      const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [2, 2]) });
      const y = Array.from(out.y!.data as Float32Array);
      probes.push(y.join() === '7,10,15,22' ? { provider, loads: true } : { provider, loads: false, reason: `wrong result ${y.join(', ')}` });
    } catch (error) {
      probes.push({ provider, loads: false, reason: error instanceof Error ? error.message : String(error) });
    } finally {
      await session.release();
    }
  }
  return probes;
}

import { parseProviders, probeProviders, supportedProviders } from '@fewshot/onnx/session';
import type { ProvidersCommandOptions } from './providers.ts';

/** What `fewshot providers` does, loaded only when it runs (onnxruntime with it; see ./providers.ts). */
export async function runProviders(options: ProvidersCommandOptions): Promise<void> {
  const built = supportedProviders();
  const probes = await probeProviders(built);
  const wanted = options.want ? parseProviders(options.want) : undefined;
  const serving = wanted?.find((name) => probes.some((p) => p.provider === name && p.loads)) ?? 'cpu';
  if (options.json) {
    console.log(JSON.stringify({ built, probes, ...(wanted ? { wanted, serving } : {}) }, null, 2));
    return;
  }
  for (const probe of probes) console.log(`${probe.provider.padEnd(10)} ${probe.loads ? 'loads' : `does not load: ${probe.reason}`}`);
  if (wanted) console.log(`FEWSHOT_EXECUTION_PROVIDERS=${wanted.join(',')} would serve on ${serving}`);
}

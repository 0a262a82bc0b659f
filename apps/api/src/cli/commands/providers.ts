import type { Command } from 'commander';
import { parseProviders, probeProviders, supportedProviders } from '@fewshot/onnx/session';

/**
 * `fewshot providers`: which onnxruntime execution providers load on this host, and which one a given
 * FEWSHOT_EXECUTION_PROVIDERS setting would serve with. Run after `npm run gpu:cuda` on a CUDA host.
 */
export function registerProvidersCommand(program: Command): void {
  program
    .command('providers')
    .description('Which onnxruntime execution providers (cpu, cuda, webgpu, …) load on this host')
    .option('--want <list>', 'the FEWSHOT_EXECUTION_PROVIDERS value to check, e.g. cuda,webgpu,cpu')
    .option('--json', 'print the result as JSON')
    .action(async (options: { want?: string; json?: boolean }) => {
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
    });
}

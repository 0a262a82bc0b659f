import type { Command } from 'commander';

export interface ProvidersCommandOptions {
  want?: string;
  json?: boolean;
}

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
    .action(async (options: ProvidersCommandOptions) => {
      const { runProviders } = await import('./providers-action.ts');
      await runProviders(options);
    });
}

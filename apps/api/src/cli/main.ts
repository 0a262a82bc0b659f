import { Command } from 'commander';
import { cliCommands } from './commands/index.ts';

/**
 * Entry point of `npx fewshot …`: one sub-command per file under ./commands. Registering them loads nothing heavy:
 * each action imports its implementation (`*-action.ts`: the database, the pipeline, the model) when it runs.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('fewshot')
    .description('Fewshot: cold-start recommendation platform (MML). Data import, features, training, benchmarks.')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const registerCommand of cliCommands) registerCommand(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = 1;
    console.error(`fewshot: ${error instanceof Error ? error.message : String(error)}`);
    // Loaded here, not at the top: the api's env module (zod) would otherwise slow every invocation, even --help.
    const { readCliEnv } = await import('../env.ts');
    if (readCliEnv().FEWSHOT_DEBUG) console.error(error);
  }
}

import { Command } from 'commander';
import { readCliEnv } from '../env.ts';
import { cliCommands } from './commands/index.ts';

/** Entry point of `npx fewshot …`: one sub-command per file under ./commands. */
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
    if (readCliEnv().FEWSHOT_DEBUG) console.error(error);
  }
}

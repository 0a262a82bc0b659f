import type { Command } from 'commander';
import { nonNegativeInt, positiveInt, share } from '../arguments.ts';
import { DATABASE_URL_HELP_API_STOPPED as DATABASE_URL_HELP, type DatabaseOption } from './database-option.ts';

/**
 * `fewshot models list|outcomes|export|import|promote|rollback|trial`: model versions from the shell, how their lists
 * did online, moving them between databases (train where it is fast, serve where the users are), and trying one on a
 * share of users beside the active one. The same functions as the GraphQL API and the console.
 */
export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('List model versions and how their lists were followed, move them between databases, promote and roll back');
  models
    .command('list')
    .description('List model versions, newest first: id, status, name, created, NDCG@10 of new users, artifact size')
    .option('--json', 'print the list as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: DatabaseOption & { json?: boolean }) => {
      const { listModels } = await import('./models-action.ts');
      await listModels(options);
    });
  models
    .command('outcomes')
    .description('How often the lists a frontend showed known users were followed (an event on one of their items soon after), per version, path and the users\' events')
    .option('--days <n>', 'lists shown in the last n days', positiveInt, 7)
    .option('--within <minutes>', 'how long after a list an event still follows it, 1 to 10080', positiveInt, 1440)
    .option('--version <id>', 'only this version\'s lists', positiveInt)
    .option('--json', 'print the outcomes as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: DatabaseOption & { days: number; within: number; version?: number; json?: boolean }) => {
      const { showOutcomes } = await import('./models-action.ts');
      await showOutcomes(options);
    });
  models
    .command('export')
    .description('Write a version with a trained artifact to a file that `fewshot models import` reads into another database')
    .argument('<id>', 'the version\'s id, as models list shows it', positiveInt)
    .requiredOption('--out <file>', 'the file to write (replaced if it exists)')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (id: number, options: DatabaseOption & { out: string }) => {
      const { exportModel } = await import('./models-action.ts');
      await exportModel(id, options);
    });
  models
    .command('import')
    .description('Store an exported version as a READY version of this database (promote it to serve it)')
    .argument('<file>', 'a file written by fewshot models export')
    .option('--name <name>', 'the version\'s name here (default: its name there, with "(imported)")')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (file: string, options: DatabaseOption & { name?: string }) => {
      const { importModel } = await import('./models-action.ts');
      await importModel(file, options);
    });
  models
    .command('promote')
    .description('Make a READY version the ACTIVE one (the one active before is RETIRED); every api replica serves it at once')
    .argument('<id>', 'the version\'s id', positiveInt)
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (id: number, options: DatabaseOption) => {
      const { promoteModel } = await import('./models-action.ts');
      await promoteModel(id, options);
    });
  const trial = models.command('trial').description('Try a version on a share of users beside the active one, and compare how each arm followed its lists');
  trial
    .command('start')
    .description('Serve a READY (or RETIRED) version to a share of known users, drawn per user; the active version serves everyone else. With --new-item-slots, try that setting on the active version instead')
    .argument('[id]', 'the version\'s id (with --new-item-slots: the active version, which may be left out)', positiveInt)
    .requiredOption('--share <fraction>', 'the share of known users it serves, 0.01 to 0.99 (0.1 or 10%)', share)
    .option('--planned-users <count>', 'the users, both arms together, it means to reach, 20 to 10000000 (default 1000): its interval, valid at every look, is tightest there', positiveInt)
    .option('--no-stop-if-worse', 'keep it running even once its lists are clearly followed less often (by default the api stops it then)')
    .option('--promote-if-better', 'promote it by itself once its lists are clearly followed more often')
    .option('--new-item-slots <n>', 'try this many slots for items new to the version (added after its training, or without events in it; 0 to 100) in the active version\'s lists for the trial\'s users, against the api replicas\' FEWSHOT_NEW_ITEM_SLOTS for everyone else', nonNegativeInt)
    .option('--new-item-within <rank>', 'with --new-item-slots: only a new item the user\'s scores rank within the top this-many fills a trial\'s slot (0: any rank); left out, the replicas\' FEWSHOT_NEW_ITEM_WITHIN bounds both arms', nonNegativeInt)
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (id: number | undefined, options: DatabaseOption & { share: number; plannedUsers?: number; stopIfWorse: boolean; promoteIfBetter?: boolean; newItemSlots?: number; newItemWithin?: number }) => {
      const { startTrial } = await import('./models-trial-action.ts');
      await startTrial(id, options);
    });
  trial
    .command('stop')
    .description('Stop the running trial: every user is served by the active version again')
    .option('--id <id>', 'the running trial\'s id (a check that it is the one meant)', positiveInt)
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: DatabaseOption & { id?: number }) => {
      const { stopTrial } = await import('./models-trial-action.ts');
      await stopTrial(options);
    });
  trial
    .command('show')
    .description('How each arm of a trial followed its lists, with the difference and its 95% interval (valid however often it is read): the running trial, else the latest')
    .argument('[id]', 'a trial\'s id', positiveInt)
    .option('--within <minutes>', 'how long after a list an event still follows it, 1 to 10080', positiveInt, 1440)
    .option('--timeline <points>', 'also the overall difference at this many moments over the trial, 1 to 50, each read with the lists and follows made by then', positiveInt)
    .option('--json', 'print the trial and its results as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (id: number | undefined, options: DatabaseOption & { within: number; json?: boolean; timeline?: number }) => {
      const { showTrial } = await import('./models-trial-action.ts');
      await showTrial(id, options);
    });
  trial
    .command('list')
    .description('Every trial, newest first: its versions, share, planned users, status and dates')
    .option('--json', 'print the list as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: DatabaseOption & { json?: boolean }) => {
      const { listTrials } = await import('./models-trial-action.ts');
      await listTrials(options);
    });
  models
    .command('rollback')
    .description('Re-activate the version that was active before the current one (or the RETIRED one named by --to)')
    .option('--to <id>', 'a RETIRED version to re-activate', positiveInt)
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: DatabaseOption & { to?: number }) => {
      const { rollbackModel } = await import('./models-action.ts');
      await rollbackModel(options);
    });
}

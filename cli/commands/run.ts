import { DfkApiError, type DfkClient, type Format, type StoreOptions, type Task } from '#client/index';
import { EXIT } from '../failure.ts';
import { cancelOnInterrupt } from '../interrupt.ts';
import { fileNameFor, formatBytes, placeOf, save } from '../output.ts';
import type { CommandContext, Root } from '../program.ts';
import { progressOn, recordsOf } from '../progress.ts';
import { addExportOptions, type ExportFlags, exportOptionsOf } from './export-options.ts';
import { formatOption } from './formats.ts';
import { readSchemeFile } from './scheme-file.ts';

// The service writes `requests` every few seconds: a 2 s wait keeps the line live (the end is answered at once).
export const PROGRESS_WAIT_SECONDS = 2;

const EXIT_HELP = `
Ctrl-C cancels the task and saves what was extracted so far; a second Ctrl-C quits at once.
Exit codes: 0 completed, 1 error, 2 bad usage or a scheme the API refuses (400), 130 cancelled.`;

interface RunOptions extends ExportFlags {
  format?: Format;
  output?: string;
}

export function runCommand(root: Root, context: CommandContext) {
  const run = root
    .command('run')
    .description('Create and run an extraction, show its progress, and download the results')
    .argument('<scheme>', 'a JSON file: the collection scheme (or a create body with "scheme" and "webhook")')
    .addOption(formatOption("the results' format (default: the scheme's, else json)"))
    .option(
      '-o, --output <file>',
      'where to save the results, - for stdout (default: <scheme name>.<format>)',
    )
    .addHelpText('after', EXIT_HELP);
  addExportOptions(run).action(async (file, options, command) => {
    context.exitWith(await runTask(await context.connect(command.optsWithGlobals()), file, options, context));
  });
}

/** Saves what a cancelled or failed extraction has; false when it extracted nothing. */
async function savePartial(
  client: DfkClient,
  task: Task,
  query: StoreOptions,
  output: string,
  context: CommandContext,
) {
  try {
    const bytes = await save(await client.download(task.id, query), output);
    context.say(`Saved the partial results (${formatBytes(bytes)}) to ${placeOf(output)}`);
  } catch (error) {
    if (!(error instanceof DfkApiError && error.status === 409)) throw error;
    context.say('No data was extracted, nothing saved');
  }
}

async function runTask(client: DfkClient, file: string, options: RunOptions, context: CommandContext) {
  const { scheme, webhook } = await readSchemeFile(file);
  const format = options.format ?? scheme.format ?? 'json';
  const query = { format, ...exportOptionsOf(options) };
  const output = options.output ?? fileNameFor(scheme.name || 'results', format);
  const progress = progressOn(process.stderr);
  const interrupt = cancelOnInterrupt(client.cancel, progress.note);
  try {
    let announced = false;
    const task = await client
      .runAndWait(scheme, {
        webhook,
        waitSeconds: PROGRESS_WAIT_SECONDS,
        onProgress(current) {
          if (!announced) progress.note(`Task ${current.id}`);
          announced = true;
          interrupt.track(current.id);
          progress.update(current);
        },
      })
      .finally(() => progress.done());
    if (task.status === 'completed') {
      const bytes = await save(await client.download(task.id, query), output);
      const records = recordsOf(task) === undefined ? '' : `${recordsOf(task)} records, `;
      context.say(`Saved ${records}${formatBytes(bytes)} to ${placeOf(output)}`);
      return EXIT.completed;
    }
    if (task.status === 'error') context.say(`Task ${task.id} failed: ${task.error ?? 'no reason given'}`);
    else context.say(`Task ${task.id} cancelled`);
    await savePartial(client, task, query, output, context);
    return task.status === 'cancelled' ? EXIT.cancelled : EXIT.error;
  } finally {
    interrupt.dispose();
  }
}

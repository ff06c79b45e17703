import { EXIT } from '../failure.ts';
import { formatBytes, save } from '../output.ts';
import type { CommandContext, Root } from '../program.ts';
import { addExportOptions, exportOptionsOf } from './export-options.ts';
import { formatOption } from './formats.ts';

export function storeCommand(root: Root, context: CommandContext) {
  const store = root
    .command('store')
    .description("Download a task's results (a cancelled or failed extraction's partial data too)")
    .argument('<id>', 'the task id')
    .addOption(formatOption("the results' format (default: the task's)"))
    .option('-o, --output <file>', 'where to save them (default: stdout)', '-')
    .option('--link', 'print the presigned link and its details as JSON instead of downloading');
  addExportOptions(store).action(async (id, options, command) => {
    const client = await context.connect(command.optsWithGlobals());
    const query = { ...(options.format && { format: options.format }), ...exportOptionsOf(options) };
    if (options.link) context.print(JSON.stringify(await client.store(id, query), null, 2));
    else {
      const bytes = await save(await client.download(id, query), options.output);
      if (options.output !== '-') context.say(`Saved ${formatBytes(bytes)} to ${options.output}`);
    }
    context.exitWith(EXIT.completed);
  });
}

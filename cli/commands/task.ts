import { InvalidArgumentError } from '@commander-js/extra-typings';
import { MAX_WAIT_SECONDS } from '#core/tasks/await-final';
import { EXIT } from '../failure.ts';
import type { CommandContext, Root } from '../program.ts';

const waitSeconds = (value: string) => {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds > MAX_WAIT_SECONDS)
    throw new InvalidArgumentError(`seconds from 0 to ${MAX_WAIT_SECONDS}`);
  return seconds;
};

/** `dfk info|cancel|delete|scheme ID`: one call on one task. */
export function taskCommands(root: Root, context: CommandContext) {
  const json = (value: unknown) => context.print(JSON.stringify(value, null, 2));

  root
    .command('info')
    .description('The task object, as JSON')
    .argument('<id>', 'the task id')
    .option(
      '--wait <seconds>',
      `hold the answer until the task ends, at most this long (0 to ${MAX_WAIT_SECONDS})`,
      waitSeconds,
    )
    .action(async (id, options, command) => {
      const client = await context.connect(command.optsWithGlobals());
      json(await client.info(id, { wait: options.wait }));
      context.exitWith(EXIT.completed);
    });

  root
    .command('cancel')
    .description('Cancel a task; the data extracted so far stays available through `dfk store`')
    .argument('<id>', 'the task id')
    .action(async (id, _options, command) => {
      const task = await (await context.connect(command.optsWithGlobals())).cancel(id);
      context.say(`Task ${task.id} ${task.status}`);
      context.exitWith(EXIT.completed);
    });

  root
    .command('delete')
    .description('Delete a task and all its data (cancelling it first if it runs)')
    .argument('<id>', 'the task id')
    .action(async (id, _options, command) => {
      await (await context.connect(command.optsWithGlobals())).delete(id);
      context.say(`Task ${id} deleted`);
      context.exitWith(EXIT.completed);
    });

  root
    .command('scheme')
    .description("The task's scheme (or conversion settings) as submitted, as JSON")
    .argument('<id>', 'the task id')
    .action(async (id, _options, command) => {
      json(await (await context.connect(command.optsWithGlobals())).scheme(id));
      context.exitWith(EXIT.completed);
    });
}

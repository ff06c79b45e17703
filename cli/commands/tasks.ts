import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { Task } from '#client/index';
import { EXIT } from '../failure.ts';
import type { CommandContext, Root } from '../program.ts';
import { recordsOf } from '../progress.ts';
import { table } from '../table.ts';

export const STATUSES = ['initialized', 'queued', 'running', 'cancelled', 'completed', 'error'] as const;
const MAX_PAGE = 1000;

export const positiveInteger = (value: string) => {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('a whole number from 1');
  return Number(value);
};

const row = (task: Task) => [
  task.id,
  task.type,
  task.status,
  task.type === 'extraction' ? task.requests : '',
  recordsOf(task) ?? '',
  task.createdAt,
  task.elapsed === null ? '' : `${task.elapsed}s`,
];

export function tasksCommand(root: Root, context: CommandContext) {
  root
    .command('tasks')
    .description("List the account's tasks by creation time, following the pages")
    .addOption(new Option('--status <status>', 'only the tasks in this status').choices(STATUSES))
    .option('--limit <n>', 'at most this many tasks (default: all)', positiveInteger)
    .addOption(new Option('--order <order>', 'by createdAt').choices(['asc', 'desc'] as const).default('asc'))
    .option('--json', 'a JSON array instead of a table')
    .action(async (options, command) => {
      const client = await context.connect(command.optsWithGlobals());
      const tasks: Task[] = [];
      const pageSize = Math.min(options.limit ?? MAX_PAGE, MAX_PAGE);
      for await (const task of client.tasks({
        status: options.status,
        order: options.order,
        limit: pageSize,
      })) {
        tasks.push(task);
        if (tasks.length === options.limit) break;
      }
      if (options.json) context.print(JSON.stringify(tasks, null, 2));
      else if (tasks.length === 0) context.say('No tasks');
      else
        context.print(
          table(['ID', 'TYPE', 'STATUS', 'REQUESTS', 'RECORDS', 'CREATED', 'ELAPSED'], tasks.map(row)),
        );
      context.exitWith(EXIT.completed);
    });
}

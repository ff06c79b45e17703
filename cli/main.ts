import { convertCommand } from './commands/convert.ts';
import { runCommand } from './commands/run.ts';
import { storeCommand } from './commands/store.ts';
import { taskCommands } from './commands/task.ts';
import { tasksCommand } from './commands/tasks.ts';
import { webhooksCommand } from './commands/webhooks.ts';
import { reportFailure } from './failure.ts';
import { commandContext, rootCommand } from './program.ts';

/** Runs `dfk` on the arguments (`process.argv`) and resolves with its exit code. */
export async function main(argv: string[]): Promise<number> {
  const root = rootCommand();
  const context = commandContext();
  for (const register of [
    runCommand,
    convertCommand,
    tasksCommand,
    taskCommands,
    storeCommand,
    webhooksCommand,
  ])
    register(root, context);
  try {
    await root.parseAsync(argv);
    return context.code;
  } catch (error) {
    return reportFailure(error, context.say);
  }
}

import { assertConversionReady } from '../conversions/ready.ts';
import { conflict } from '../errors.ts';
import type { Task } from '../task.ts';
import type { TaskDeps } from './deps.ts';
import { findTask } from './find.ts';

/**
 * initialized → queued, then starts the execution named after the task. On a queued task the
 * start is repeated (Step Functions dedupes by name), so a run whose start failed can be retried.
 * A conversion whose input is not there yet (upload not arrived, source task unfinished) is a 409.
 */
export async function runTask(
  deps: Pick<TaskDeps, 'tasks' | 'store' | 'executions' | 'events'>,
  account: string,
  id: string,
): Promise<Task> {
  let task = await findTask(deps.tasks, account, id);
  if (task.status === 'initialized') {
    if (task.type === 'conversion') await assertConversionReady(deps, task);
    task = (await deps.tasks.transition(id, 'queued')) ?? (await findTask(deps.tasks, account, id));
  }
  if (task.status === 'queued') {
    // Announced on every run that finds it queued: the message id is fixed, so it goes out once.
    await deps.events?.emit(task, 'task.queued');
    await deps.executions.start(id);
    return task;
  }
  if (task.status === 'running') return task;
  throw conflict(`The task is ${task.status} and cannot run again`, task.status);
}

import { notFound } from '../errors.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import type { Task } from '../task.ts';

/** The account's task, or a 404 that is the same whether the task is missing or another account's. */
export async function findTask(
  tasks: TaskRepository,
  account: string,
  id: string,
  what?: string,
): Promise<Task> {
  const task = await tasks.get(id, account);
  if (!task) throw notFound(what);
  return task;
}

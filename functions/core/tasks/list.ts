import type { TaskRepository } from '../ports/task-repository.ts';
import type { TaskStatus, TaskView } from '../task.ts';
import { toTaskView } from '../task.ts';

export interface ListOptions {
  limit: number;
  order: 'asc' | 'desc';
  status?: TaskStatus;
  cursor?: string;
}

/** One page of the account's tasks by creation time: one query, however many tasks exist. */
export async function listTasks(
  tasks: TaskRepository,
  account: string,
  options: ListOptions,
): Promise<{ tasks: TaskView[]; nextCursor?: string }> {
  const page = await tasks.list({ account, ...options });
  const now = new Date();
  return { tasks: page.tasks.map((task) => toTaskView(task, now)), nextCursor: page.nextCursor };
}

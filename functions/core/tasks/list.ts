import type { Cursors } from '../cursor.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import type { TaskStatus, TaskView } from '../task.ts';
import { toTaskView } from '../task.ts';

export interface ListOptions {
  limit: number;
  order: 'asc' | 'desc';
  status?: TaskStatus;
  cursor?: string;
}

/** A task's position in a listing: its creation time, then its id. */
const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z#[0-9A-Za-z]{1,64}$/;

/** One page of the account's tasks by creation time: one query, however many tasks exist. */
export async function listTasks(
  deps: { tasks: TaskRepository; cursors: Cursors },
  account: string,
  options: ListOptions,
): Promise<{ tasks: TaskView[]; nextCursor?: string }> {
  const { cursor, ...rest } = options;
  // The order is not part of the listing: a cursor may turn back through the same tasks.
  const listing = `tasks\n${account}\n${options.status ?? ''}`;
  const after = cursor === undefined ? undefined : await deps.cursors.open(cursor, listing, POSITION);
  const page = await deps.tasks.list({ account, ...rest, after });
  const now = new Date();
  return {
    tasks: page.tasks.map((task) => toTaskView(task, now)),
    nextCursor: page.last === undefined ? undefined : await deps.cursors.seal(listing, page.last),
  };
}

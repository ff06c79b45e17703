import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';

/**
 * The last write of every execution: marks the task settled, or, when it was deleted while the
 * workflow ran, deletes whatever the workflow wrote after the delete.
 */
export async function settleTask(
  deps: { tasks: TaskRepository; store: TaskStore },
  taskId: string,
  storeID: string | undefined,
): Promise<void> {
  const exists = await deps.tasks.markSettled(taskId);
  if (!exists && storeID) await deps.store.deleteAll(`${storeID}/`);
}

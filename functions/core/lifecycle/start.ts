import type { TaskEvents } from '../ports/task-events.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { nowIso } from '../time.ts';
import type { LifecycleState } from './state.ts';

/** queued → running; a task cancelled or deleted before it started does not proceed. */
export async function startTask(
  tasks: TaskRepository,
  taskId: string,
  events?: TaskEvents,
): Promise<LifecycleState> {
  const task =
    (await tasks.transition(taskId, 'running', { set: { startTime: nowIso() } })) ??
    (await tasks.get(taskId));
  if (!task) return { taskId, proceed: false };
  if (task.status === 'running') await events?.emit(task, 'task.running');
  // A retried Start finds its own earlier transition: still running, still proceeding.
  const { storeID, type, renderer } = task;
  return { taskId, storeID, type, ...(renderer ? { renderer } : {}), proceed: task.status === 'running' };
}

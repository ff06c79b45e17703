import { isFinished } from '../transitions.ts';
import { removeTaskWebhook } from '../webhooks/endpoints.ts';
import { cancelTask } from './cancel.ts';
import type { TaskDeps } from './deps.ts';
import { findTask } from './find.ts';

/**
 * Deletes the task and every object of its store, cancelling it first if it is still going.
 * A batch that was mid-write when this ran finds the task gone; the workflow's last step then
 * deletes the store again, so nothing outlives the task.
 */
export async function deleteTask(
  deps: Pick<TaskDeps, 'tasks' | 'store' | 'webhooks'>,
  account: string,
  id: string,
): Promise<void> {
  const task = await findTask(deps.tasks, account, id);
  if (!isFinished(task.status)) await cancelTask(deps, account, id);
  await deps.tasks.delete(id);
  await deps.store.deleteAll(`${task.storeID}/`);
  // Its own webhook goes too; deliveries still pending end at their next attempt.
  await removeTaskWebhook(deps.webhooks, id);
}

import { conflict } from '../errors.ts';
import type { Task } from '../task.ts';
import { nowIso } from '../time.ts';
import type { TaskDeps } from './deps.ts';
import { findTask } from './find.ts';

/**
 * Cooperative cancel: the status becomes `cancelled` and a running batch stops at its next
 * progress write. A task that never ran has no workflow to wait for, so it is settled at once.
 */
export async function cancelTask(deps: Pick<TaskDeps, 'tasks'>, account: string, id: string): Promise<Task> {
  const task = await findTask(deps.tasks, account, id);
  if (task.status === 'cancelled') return task;
  const endTime = nowIso();
  const cancelled =
    (await deps.tasks.transition(id, 'cancelled', {
      from: ['initialized'],
      set: { endTime, settled: true },
    })) ?? (await deps.tasks.transition(id, 'cancelled', { set: { endTime } }));
  if (cancelled) return cancelled;
  const current = await findTask(deps.tasks, account, id);
  if (current.status === 'cancelled') return current;
  throw conflict(`The task is ${current.status} and cannot be cancelled`, current.status);
}

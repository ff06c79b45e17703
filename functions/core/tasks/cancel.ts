import { conflict } from '../errors.ts';
import type { Task } from '../task.ts';
import { nowIso } from '../time.ts';
import type { TaskDeps } from './deps.ts';
import { findTask } from './find.ts';

/**
 * Cooperative cancel: the status becomes `cancelled` and a running batch stops at its next
 * progress write. A task that never ran has no workflow to wait for, so it is settled at once. A
 * queued one may have lost its execution (a run whose start failed): its lifecycle is started
 * again, a no-op when it exists, so its Finish step settles and announces it either way.
 */
export async function cancelTask(
  deps: Pick<TaskDeps, 'tasks' | 'events'> & Partial<Pick<TaskDeps, 'executions'>>,
  account: string,
  id: string,
): Promise<Task> {
  const task = await findTask(deps.tasks, account, id);
  if (task.status === 'cancelled') return announced(deps, task);
  const endTime = nowIso();
  const cancelled =
    (await deps.tasks.transition(id, 'cancelled', {
      from: ['initialized'],
      set: { endTime, settled: true },
    })) ?? (await deps.tasks.transition(id, 'cancelled', { set: { endTime } }));
  if (cancelled && task.status === 'queued') await deps.executions?.start(id);
  if (cancelled) return announced(deps, cancelled);
  const current = await findTask(deps.tasks, account, id);
  if (current.status === 'cancelled') return announced(deps, current);
  throw conflict(`The task is ${current.status} and cannot be cancelled`, current.status);
}

/**
 * A settled cancelled task (one that never ran) is announced here; a running one by its workflow
 * once its partial results are written. Repeating it is harmless: the message id is fixed.
 */
async function announced(deps: Pick<TaskDeps, 'events'>, task: Task): Promise<Task> {
  if (task.settled) await deps.events?.emit(task, 'task.cancelled');
  return task;
}

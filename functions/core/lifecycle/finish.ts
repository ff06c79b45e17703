import type { Meter } from '../ports/meter.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskEvents } from '../ports/task-events.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { exportResults } from '../results/export.ts';
import { nowIso } from '../time.ts';
import { emitFinalEvent } from '../webhooks/notify.ts';
import { settleTask } from './settle.ts';
import type { LifecycleState } from './state.ts';

/**
 * running → completed (a cancelled task stays cancelled), then the task is settled. An extraction
 * that reaches here without results (cancelled before its first batch, or resumed after an
 * interrupted export) is exported first, so a settled task always has its results file.
 */
export async function finishTask(
  deps: { tasks: TaskRepository; store: TaskStore; events?: TaskEvents; meter?: Meter },
  state: LifecycleState,
): Promise<LifecycleState> {
  const task = await deps.tasks.get(state.taskId);
  if (task?.type === 'extraction' && !task.results[task.format]) await exportResults(deps, task, task.format);
  const completed = await deps.tasks.transition(state.taskId, 'completed', { set: { endTime: nowIso() } });
  // Finish is reached only by a running or cancelled task: one it could not complete was cancelled.
  if (task) deps.meter?.count('TasksEnded', 1, { outcome: completed ? 'completed' : 'cancelled' });
  await settleTask(deps, state.taskId, state.storeID ?? task?.storeID);
  // task.completed (or task.cancelled) only now that its results can be downloaded.
  await emitFinalEvent(deps, state.taskId);
  return state;
}

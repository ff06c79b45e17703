import type { LifecycleState } from '../step.ts';
import type { TaskStore } from '../store.ts';
import type { TaskRepository } from '../task-repository.ts';
import { nowIso } from '../time.ts';
import { settleTask } from './settle.ts';

/** running → completed (a cancelled task stays cancelled), then the task is settled. */
export async function finishTask(
  deps: { tasks: TaskRepository; store: TaskStore },
  state: LifecycleState,
): Promise<LifecycleState> {
  await deps.tasks.transition(state.taskId, 'completed', { set: { endTime: nowIso() } });
  await settleTask(deps, state.taskId, state.storeID);
  return state;
}

import type { LifecycleState } from '../step.ts';
import type { TaskStore } from '../store.ts';
import type { TaskRepository } from '../task-repository.ts';
import { exportResults } from '../tasks/export.ts';

/** Writes the task's results in its scheme's format, from every part written so far. */
export async function exportTaskResults(
  deps: { tasks: TaskRepository; store: TaskStore },
  state: LifecycleState,
): Promise<LifecycleState> {
  const task = await deps.tasks.get(state.taskId);
  if (task) await exportResults(deps, task, task.format);
  return state;
}

import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { exportResults } from '../results/export.ts';
import type { LifecycleState } from './state.ts';

/** Writes the task's results in its scheme's format, from every part written so far. */
export async function exportTaskResults(
  deps: { tasks: TaskRepository; store: TaskStore },
  state: LifecycleState,
): Promise<LifecycleState> {
  const task = await deps.tasks.get(state.taskId);
  if (task) await exportResults(deps, task, task.format);
  return state;
}

import type { Log } from '../ports/log.ts';
import type { Meter } from '../ports/meter.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskEvents } from '../ports/task-events.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { exportResults } from '../results/export.ts';
import { nowIso } from '../time.ts';
import { emitFinalEvent } from '../webhooks/notify.ts';
import { settleTask } from './settle.ts';
import type { LifecycleState } from './state.ts';

const USER_FACING_ERRORS = new Set(['TaskFailed']);

/** The task's `error`: our own failures say why; anything else says no more than that it failed. */
export function reasonOf(failure: LifecycleState['failure']): string {
  if (!failure?.Error) return 'The task could not be processed';
  if (failure.Error === 'States.Timeout' || failure.Error === 'Sandbox.Timedout')
    return 'A step of the task timed out';
  if (USER_FACING_ERRORS.has(failure.Error)) {
    try {
      const cause = JSON.parse(failure.Cause ?? '{}') as { errorMessage?: string };
      if (cause.errorMessage) return cause.errorMessage;
    } catch {
      // a Cause that is not JSON falls through to the generic reason
    }
  }
  return 'Internal error while running the task';
}

/** Any step failed: keep what was extracted, then queued|running → error with the reason. */
export async function failTask(
  deps: { tasks: TaskRepository; store: TaskStore; log: Log; events?: TaskEvents; meter?: Meter },
  state: LifecycleState,
): Promise<LifecycleState> {
  deps.log.warn('Task failed', { taskId: state.taskId, error: state.failure?.Error });
  const task = await deps.tasks.get(state.taskId);
  if (task && task.type === 'extraction' && !task.results[task.format]) {
    try {
      await exportResults(deps, task, task.format);
    } catch (error) {
      deps.log.error('Partial export failed', { error });
    }
  }
  const failed = await deps.tasks.transition(state.taskId, 'error', {
    set: { error: reasonOf(state.failure), endTime: nowIso() },
  });
  if (failed) deps.meter?.count('TasksEnded', 1, { outcome: 'error' });
  await settleTask(deps, state.taskId, state.storeID ?? task?.storeID);
  await emitFinalEvent(deps, state.taskId);
  return state;
}

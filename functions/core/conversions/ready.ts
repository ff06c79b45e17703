import type { ConversionScheme } from '#conversion/scheme';
import { conflict } from '../errors.ts';
import { storedScheme, storeKeys, type TaskStore } from '../store.ts';
import type { Task } from '../task.ts';
import type { TaskRepository } from '../task-repository.ts';

/** Whether an extraction has a results file to convert (what `store` would also serve). */
export function hasExtractedData(task: Task): boolean {
  if (task.status === 'completed') return true;
  return (task.status === 'cancelled' || task.status === 'error') && task.settled && task.records > 0;
}

/**
 * A conversion may run once its input is there: the upload has arrived, the source extraction has
 * results. Otherwise a 409 that says what is missing (a URL is only known when it is fetched).
 */
export async function assertConversionReady(
  deps: { tasks: TaskRepository; store: TaskStore },
  task: Task,
): Promise<void> {
  const scheme = await storedScheme<ConversionScheme>(deps.store, task.storeID);
  if (scheme.source.upload && (await deps.store.head(storeKeys.upload(task.storeID))) === null) {
    throw conflict(
      'The upload has not arrived yet: PUT the file to the upload URL that create returned, then run',
      task.status,
    );
  }
  if (scheme.source.taskId !== undefined) {
    const source = await deps.tasks.get(scheme.source.taskId, task.account);
    if (!source) throw conflict('The source task no longer exists', task.status);
    if (!hasExtractedData(source)) {
      throw conflict(`The source task is ${source.status} and has no results to convert yet`, task.status);
    }
  }
}

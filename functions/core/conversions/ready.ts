import type { ConversionScheme } from '#conversion/scheme';
import { conflict } from '../errors.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { storedScheme, storeKeys } from '../store-keys.ts';
import { hasResults, type Task } from '../task.ts';

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
    if (!hasResults(source)) {
      throw conflict(`The source task is ${source.status} and has no results to convert yet`, task.status);
    }
  }
}

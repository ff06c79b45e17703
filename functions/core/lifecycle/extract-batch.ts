import { type CrawlFrontier, crawlBatch, FirstPageError, newFrontier } from '#extraction/crawl';
import type { FetchPage } from '#extraction/fetch-page';
import { extractionSchemeSchema } from '#extraction/scheme';
import { settings } from '../config.ts';
import { TaskFailedError } from '../errors.ts';
import type { LifecycleState } from '../step.ts';
import type { TaskStore } from '../store.ts';
import { storeKeys } from '../store.ts';
import type { TaskRepository } from '../task-repository.ts';

export interface ExtractDeps {
  tasks: TaskRepository;
  store: TaskStore;
  fetchPage: FetchPage;
}

/**
 * One bounded step of a crawl: resume the frontier, crawl until the time budget runs out, the
 * crawl ends or a progress write finds the task no longer running; then write the batch's
 * records as one part and the frontier for the next step.
 */
export async function extractBatch(deps: ExtractDeps, state: LifecycleState): Promise<LifecycleState> {
  const batch = state.batch ?? 0;
  const task = await deps.tasks.get(state.taskId);
  if (!task || task.status !== 'running') return { ...state, batch, done: true };
  const scheme = extractionSchemeSchema.parse(await deps.store.getJson(storeKeys.scheme(task.storeID)));
  const frontier =
    (await deps.store.getJson<CrawlFrontier>(storeKeys.frontier(task.storeID))) ?? newFrontier(scheme);
  let result: Awaited<ReturnType<typeof crawlBatch>>;
  try {
    result = await crawlBatch({
      scheme,
      frontier,
      fetchPage: deps.fetchPage,
      deadline: Date.now() + settings.batchSeconds * 1000,
      progressEveryMs: settings.progressSeconds * 1000,
      onProgress: (counters) => deps.tasks.recordProgress(task.id, counters),
    });
  } catch (error) {
    if (error instanceof FirstPageError) throw new TaskFailedError(error.message, { cause: error });
    throw error;
  }
  if (result.records.length > 0) {
    const lines = result.records.map((record) => JSON.stringify(record)).join('\n');
    await deps.store.putText(storeKeys.part(task.storeID, batch), `${lines}\n`);
  }
  await deps.store.putJson(storeKeys.frontier(task.storeID), result.frontier);
  return { ...state, storeID: task.storeID, batch: batch + 1, done: result.done || result.stopped };
}

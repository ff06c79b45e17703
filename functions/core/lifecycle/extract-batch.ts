import { crawlBatch, crawlDefaults, FirstPageError } from '#extraction/crawl';
import type { FetchPage } from '#extraction/fetch-page';
import { type CrawlFrontier, newFrontier } from '#extraction/frontier';
import { type ExtractionScheme, storedSchemeSchema } from '#extraction/scheme';
import { unmatchedSelectors } from '#extraction/selector-matches';
import { TaskFailedError } from '../errors.ts';
import type { Log } from '../ports/log.ts';
import type { Meter } from '../ports/meter.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { storeKeys } from '../store-keys.ts';
import { whileRunning } from './heartbeat.ts';
import type { LifecycleState } from './state.ts';

/** Pages a task's batch opens for itself (a browser context) and closes when the batch ends. */
export interface TaskPages {
  forTask(scheme: ExtractionScheme): FetchPage & { close(): Promise<void> };
}

export interface ExtractDeps {
  tasks: TaskRepository;
  store: TaskStore;
  /** One fetcher for every task (HTTP), or pages of the task's own (headless Chromium). */
  fetchPage: FetchPage | TaskPages;
  log: Log;
  meter?: Meter;
  /** Work budget of one batch, in seconds. */
  batchSeconds: number;
  /** How often progress is written (and a cancel noticed), in seconds. */
  progressSeconds: number;
}

/** What a batch leaves for the next one: the crawl frontier and the number of the next part. */
interface SavedCrawl {
  nextPart: number;
  frontier: CrawlFrontier;
}

/**
 * One bounded step of a crawl: resume the frontier, crawl until the time budget runs out, the
 * crawl ends or a progress write finds the task no longer running; then write the batch's
 * records as one part and the frontier for the next step. The part number comes from the saved
 * frontier, not the state, so a retried or restarted step overwrites its own part, never another.
 */
export async function extractBatch(deps: ExtractDeps, state: LifecycleState): Promise<LifecycleState> {
  const task = await deps.tasks.get(state.taskId);
  if (task?.status !== 'running') return { ...state, done: true };
  const scheme = storedSchemeSchema.parse(await deps.store.getJson(storeKeys.scheme(task.storeID)));
  const saved = (await deps.store.getJson<SavedCrawl>(storeKeys.frontier(task.storeID))) ?? {
    nextPart: 0,
    frontier: newFrontier(scheme),
  };
  let counters = saved.frontier.counters;
  const fetchedBefore = counters.requests;
  const beat = () => deps.tasks.recordProgress(task.id, counters);
  let result: Awaited<ReturnType<typeof crawlBatch>>;
  const own = 'forTask' in deps.fetchPage ? deps.fetchPage.forTask(scheme) : undefined;
  const fetchPage = own ?? (deps.fetchPage as FetchPage);
  try {
    result = await whileRunning(beat, deps.progressSeconds * 1000, (signal) =>
      crawlBatch({
        scheme,
        frontier: saved.frontier,
        fetchPage,
        deadline: Date.now() + deps.batchSeconds * 1000,
        signal,
        onCounters: (latest) => {
          counters = latest;
        },
      }),
    );
  } catch (error) {
    if (error instanceof FirstPageError) {
      throw new TaskFailedError(error.message, { cause: error });
    }
    throw error;
  } finally {
    await own?.close();
  }
  // A task stopped since the last tick is seen by the next step, which finds it no longer running;
  // one cancelled meanwhile still gets the counters of the pages this batch fetched.
  await deps.tasks.recordBatchCounters(task.id, result.frontier.counters);
  if (result.done || result.stopped) {
    const warnings = crawlWarnings(scheme, result.frontier);
    if (warnings.length > 0) await deps.tasks.saveWarnings(task.id, warnings);
  }
  deps.meter?.count('PagesFetched', result.frontier.counters.requests - fetchedBefore);
  for (const failure of result.failures) {
    deps.log.warn('Page failed after its retries', {
      taskId: task.id,
      url: failure.url,
      reason: failure.reason,
    });
  }
  if (result.failuresOmitted > 0) {
    deps.log.warn('More pages failed than are logged one by one', {
      taskId: task.id,
      omitted: result.failuresOmitted,
    });
  }
  if (result.records.length > 0) {
    const lines = result.records.map((record) => JSON.stringify(record)).join('\n');
    await deps.store.putText(storeKeys.part(task.storeID, saved.nextPart), `${lines}\n`);
  }
  const nextPart = saved.nextPart + (result.records.length > 0 ? 1 : 0);
  await deps.store.putJson(storeKeys.frontier(task.storeID), { nextPart, frontier: result.frontier });
  return { ...state, storeID: task.storeID, batch: nextPart, done: result.done || result.stopped };
}

/** What the task's info says of a crawl that ended: pages a limit left out, selectors that matched nothing. */
function crawlWarnings(scheme: ExtractionScheme, frontier: CrawlFrontier): string[] {
  const { skippedRequests } = frontier.counters;
  const limit = scheme.maxRequests ?? crawlDefaults.maxRequests;
  const skipped =
    skippedRequests > 0
      ? [
          `maxRequests (${limit}) was reached: ${skippedRequests} ${skippedRequests === 1 ? 'page was' : 'pages were'} not fetched`,
        ]
      : [];
  return [...skipped, ...unmatchedSelectors(scheme, frontier.matches ?? {})];
}

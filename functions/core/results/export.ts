import { createInterface } from 'node:readline';
import { formatInfo } from '#conversion/formats';
import type { OutputRecord } from '#conversion/records';
import { writerFor } from '#conversion/writers';
import { columnsFor } from '#extraction/columns';
import type { ExtractionScheme } from '#extraction/scheme';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { storedScheme, storeKeys } from '../store-keys.ts';
import type { ResultFormat, StoredResult, Task } from '../task.ts';
import { reconvertResults } from './reconvert.ts';
import { uploadResult } from './upload-result.ts';

/** Every record of the task's parts, in batch order, one line at a time. */
async function* partRecords(store: TaskStore, storeID: string, count: { records: number }) {
  for (const key of await store.list(storeKeys.partsPrefix(storeID))) {
    const lines = createInterface({ input: await store.read(key), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (line === '') continue;
      count.records++;
      yield JSON.parse(line) as OutputRecord;
    }
  }
}

/**
 * Streams the parts through the format's writer into one object of the store and records it on
 * the task; memory stays flat however many records there are.
 */
export async function exportResults(
  deps: { tasks: TaskRepository; store: TaskStore },
  task: Task,
  format: ResultFormat,
): Promise<StoredResult> {
  if (task.type === 'conversion') return reconvertResults(deps, task, format);
  const writer = writerFor(format);
  const scheme = await storedScheme<ExtractionScheme>(deps.store, task.storeID);
  const count = { records: 0 };
  const body = writer(partRecords(deps.store, task.storeID, count), columnsFor(scheme));
  const { extension, contentType } = formatInfo[format];
  const result = await uploadResult(deps.store, storeKeys.result(task.storeID, extension), body, contentType);
  await deps.tasks.saveResult(task.id, format, result, { records: count.records });
  return result;
}

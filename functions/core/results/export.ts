import { createInterface } from 'node:readline';
import { writeExport } from '#conversion/export';
import { type ExportOptions, hasExportOptions } from '#conversion/export-options';
import type { OutputRecord } from '#conversion/records';
import { columnsFor, fieldNamesFor, recordKeysFor } from '#extraction/columns';
import type { ExtractionScheme } from '#extraction/scheme';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { storedScheme, storeKeys } from '../store-keys.ts';
import type { ResultFormat, StoredResult, Task } from '../task.ts';
import { checkFieldNames } from './field-check.ts';
import { keepResult } from './keep-result.ts';
import { reconvertResults } from './reconvert.ts';

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
 * Streams the parts through the format's writer into one object of the store and records it (on
 * the task; with export options, in its manifest); memory stays flat however many records there
 * are. `options` are canonical (`exportOptionsFor`); a field they name that the scheme has not is a 400.
 */
export async function exportResults(
  deps: { tasks: TaskRepository; store: TaskStore },
  task: Task,
  format: ResultFormat,
  options: ExportOptions = {},
): Promise<StoredResult> {
  if (task.type === 'conversion') return reconvertResults(deps, task, format, options);
  const scheme = await storedScheme<ExtractionScheme>(deps.store, task.storeID);
  const names = fieldNamesFor(scheme);
  if (hasExportOptions(options)) checkFieldNames(options, names);
  // A table without flattening has a column per key of the record, its nested values as JSON.
  const columns = options.flatten === false ? recordKeysFor(scheme) : columnsFor(scheme);
  const count = { records: 0 };
  const body = writeExport(
    format,
    partRecords(deps.store, task.storeID, count),
    { columns, groups: names.groups },
    options,
  );
  return keepResult(deps, task, format, options, body, () => ({ records: count.records }));
}

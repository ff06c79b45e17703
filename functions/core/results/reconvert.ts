import { convert } from '#conversion/convert';
import type { ExportOptions } from '#conversion/export-options';
import { fieldNamesOf } from '#conversion/field-names';
import type { ConversionOptions } from '#conversion/scheme';
import type { ByteSource } from '#conversion/text';
import { resultsNotReady } from '../errors.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import type { ResultFormat, StoredResult, Task } from '../task.ts';
import { checkFieldNames } from './field-check.ts';
import { keepResult } from './keep-result.ts';

/**
 * A converted file in another format or with export options (`store?format=`, `fields`…): its own
 * output read back and written again, so the records are exactly those of the file the task made,
 * whatever its source was. `fields` and `omit` are checked against the names that file has: its
 * header, or (json, jsonl, xml) every record's, in a pass before the one that writes.
 */
export async function reconvertResults(
  deps: { tasks: TaskRepository; store: TaskStore },
  task: Task,
  format: ResultFormat,
  options: ExportOptions = {},
): Promise<StoredResult> {
  const made = task.results[task.format];
  if (!made) throw resultsNotReady('The converted file is not there yet', task.status, 2);
  // Our CSV is comma-separated: detection could be misled by `;` in column names.
  const read: ConversionOptions = {
    ...(task.format === 'csv' ? { delimiter: ',' } : {}),
    ...(options.flatten === false ? { flatten: false } : {}),
  };
  const open = async () => (await deps.store.read(made.key)) as ByteSource;
  let groups: ReadonlySet<string> = new Set();
  if (options.fields || options.omit) {
    const names = await fieldNamesOf({ from: task.format, to: format, options: read, open });
    checkFieldNames(options, names);
    groups = names.groups;
  }
  const conversion = convert({
    from: task.format,
    to: format,
    options: read,
    open,
    export: { options, groups },
    // Our own workbook goes on to Sheet2… past Excel's last row: all of it is the task's records.
    allSheets: task.format === 'excel',
  });
  return keepResult(deps, task, format, options, conversion.output);
}

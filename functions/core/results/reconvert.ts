import { convert } from '#conversion/convert';
import { formatInfo } from '#conversion/formats';
import type { ByteSource } from '#conversion/text';
import { resultsNotReady } from '../errors.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { storeKeys } from '../store-keys.ts';
import type { ResultFormat, StoredResult, Task } from '../task.ts';
import { uploadResult } from './upload-result.ts';

/**
 * A converted file in another format (`store?format=`): its own output read back and written
 * again, so the records are exactly those of the file the task made, whatever its source was.
 */
export async function reconvertResults(
  deps: { tasks: TaskRepository; store: TaskStore },
  task: Task,
  format: ResultFormat,
): Promise<StoredResult> {
  const made = task.results[task.format];
  if (!made) throw resultsNotReady('The converted file is not there yet', task.status, 2);
  const conversion = convert({
    from: task.format,
    to: format,
    // Our CSV is comma-separated: detection could be misled by `;` in column names.
    options: task.format === 'csv' ? { delimiter: ',' } : {},
    open: async () => (await deps.store.read(made.key)) as ByteSource,
  });
  const { extension, contentType } = formatInfo[format];
  const result = await uploadResult(
    deps.store,
    storeKeys.result(task.storeID, extension),
    conversion.output,
    contentType,
  );
  await deps.tasks.saveResult(task.id, format, result);
  return result;
}

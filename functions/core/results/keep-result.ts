import { type ExportOptions, hasExportOptions } from '#conversion/export-options';
import { formatInfo } from '#conversion/formats';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { storeKeys } from '../store-keys.ts';
import type { ResultFormat, StoredResult, Task } from '../task.ts';
import { uploadResult } from './upload-result.ts';
import { type VariantManifest, variantId } from './variants.ts';

/**
 * Uploads an export and records it where `storedResult` finds it: a format without options on the
 * task (with the export's counters), a variant in its manifest.
 */
export async function keepResult(
  deps: { tasks: TaskRepository; store: TaskStore },
  task: Task,
  format: ResultFormat,
  options: ExportOptions,
  body: AsyncIterable<string | Uint8Array>,
  counters?: () => { records?: number },
): Promise<StoredResult> {
  const { extension, contentType } = formatInfo[format];
  if (!hasExportOptions(options)) {
    const result = await uploadResult(
      deps.store,
      storeKeys.result(task.storeID, extension),
      body,
      contentType,
    );
    await deps.tasks.saveResult(task.id, format, result, counters?.());
    return result;
  }
  const variant = variantId(format, options);
  const result = await uploadResult(
    deps.store,
    storeKeys.variant(task.storeID, variant, extension),
    body,
    contentType,
  );
  const manifest: VariantManifest = { ...result, format, options };
  await deps.store.putJson(storeKeys.variantManifest(task.storeID, variant), manifest);
  return result;
}

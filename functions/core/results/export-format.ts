import { exportOptionsFor } from '#conversion/export-options';
import { notFound } from '../errors.ts';
import type { ExportFormatEvent } from '../ports/format-exporter.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import type { StoredResult } from '../task.ts';
import { exportResults } from './export.ts';
import { storedResult } from './variants.ts';

/**
 * The ExportFormat function's use case (behind `FormatExporter`): the task's results in another
 * format or with export options, written once from the same parts (or the converted file) and
 * then kept. The caller has checked the account and that the task has results; a file already
 * there is returned as it is.
 */
export async function exportFormat(
  deps: { tasks: TaskRepository; store: TaskStore },
  event: ExportFormatEvent,
): Promise<StoredResult> {
  const task = await deps.tasks.get(event.taskId);
  if (!task) throw notFound();
  const options = exportOptionsFor(event.format, event.options ?? {});
  return (
    (await storedResult(deps.store, task, event.format, options)) ??
    (await exportResults(deps, task, event.format, options))
  );
}

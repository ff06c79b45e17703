import type { StoreLink } from '#contract/store-link';
import { type ExportOptions, exportOptionsFor } from '#conversion/export-options';
import { formatInfo } from '#conversion/formats';
import { resultsNotReady } from '../errors.ts';
import type { FormatExporter } from '../ports/format-exporter.ts';
import { storedResult } from '../results/variants.ts';
import { hasResults, type ResultFormat } from '../task.ts';
import { formatTime } from '../time.ts';
import { isFinished } from '../transitions.ts';
import type { TaskDeps } from './deps.ts';
import { findTask } from './find.ts';

export type { StoreLink } from '#contract/store-link';

export async function storeLink(
  deps: Pick<TaskDeps, 'tasks' | 'store'> & { exporter: FormatExporter; linkTtlSeconds: number },
  account: string,
  id: string,
  requested?: ResultFormat,
  given: ExportOptions = {},
): Promise<StoreLink> {
  const task = await findTask(deps.tasks, account, id);
  if (!hasResults(task)) {
    if (task.status === 'cancelled' && !task.settled) {
      throw resultsNotReady(
        'The task was cancelled and is still writing its partial results',
        task.status,
        2,
      );
    }
    if (isFinished(task.status))
      throw resultsNotReady(
        task.type === 'conversion'
          ? 'The conversion ended without a converted file'
          : 'The task ended without extracting any data',
        task.status,
      );
    throw resultsNotReady(`The task is ${task.status}; its results are not ready yet`, task.status);
  }
  const format = requested ?? task.format;
  // Options that do not change this format's file are dropped, so one file serves every spelling.
  const options = exportOptionsFor(format, given);
  // Another format (or options) is generated from the same parts once, then kept: by the export
  // function, so this one bundles no writer.
  const result =
    (await storedResult(deps.store, task, format, options)) ??
    (await deps.exporter.export(task.id, format, options));
  const expiresInSeconds = deps.linkTtlSeconds;
  const url = await deps.store.presignGet(result.key, {
    expiresInSeconds,
    downloadName: `${task.id}.${formatInfo[format].extension}`,
    contentType: formatInfo[format].contentType,
  });
  return {
    url,
    format,
    size: result.size,
    ...(result.md5 ? { md5: result.md5, md5sum: result.md5 } : {}),
    options,
    expiresAt: formatTime(new Date(Date.now() + expiresInSeconds * 1000).toISOString()) as string,
  };
}

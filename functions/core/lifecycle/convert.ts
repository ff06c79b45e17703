import { ConversionStopped, convert } from '#conversion/convert';
import { MalformedInputError } from '#conversion/errors';
import { formatInfo } from '#conversion/formats';
import { conversionIssues, conversionSchemeSchema } from '#conversion/scheme';
import { conversionInput, type SourceDeps } from '../conversions/source.ts';
import { TaskFailedError } from '../errors.ts';
import type { Log } from '../ports/log.ts';
import { uploadResult } from '../results/upload-result.ts';
import { storeKeys } from '../store-keys.ts';
import { whileRunning } from './heartbeat.ts';
import type { LifecycleState } from './state.ts';

/** The contract's `fileSize`: megabytes of 2^20 bytes, two decimals. */
export const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;

/**
 * The Convert step: input (URL, upload or extraction results) → reader → writer → one multipart
 * upload, streaming all the way. Every few seconds a write conditional on `running` checks that
 * the task is still wanted: a cancel stops the conversion and drops the half-written file. Input
 * that cannot be read fails the task with the line or record and the reason.
 */
export async function convertTask(
  deps: SourceDeps & { log: Log },
  state: LifecycleState,
): Promise<LifecycleState> {
  const task = await deps.tasks.get(state.taskId);
  if (task?.status !== 'running') return state;
  const next = { ...state, storeID: task.storeID };
  const scheme = conversionSchemeSchema.parse(await deps.store.getJson(storeKeys.scheme(task.storeID)));
  try {
    const input = await conversionInput(deps, task, scheme);
    // `from` inferred now may not take an option given for another format.
    const issue = conversionIssues({ ...scheme, from: input.from })[0];
    if (issue) throw new TaskFailedError(`The input is ${input.from}: ${issue.reason}`);
    let converted = { records: 0 };
    const beat = () =>
      deps.tasks.recordProgress(task.id, { requests: 0, failedRequests: 0, records: converted.records });
    const { extension, contentType } = formatInfo[scheme.to];
    const { conversion, result } = await whileRunning(beat, deps.progressSeconds * 1000, async (signal) => {
      const conversion = convert({
        from: input.from,
        to: scheme.to,
        // The Content-Type's charset stands for `encoding` when it is not given.
        options: { ...scheme.options, encoding: scheme.options?.encoding ?? input.charset },
        open: input.open,
        signal,
      });
      converted = conversion.progress;
      const key = storeKeys.result(task.storeID, extension);
      const result = await uploadResult(deps.store, key, conversion.output, contentType);
      return { conversion, result };
    });
    await deps.tasks.saveResult(task.id, scheme.to, result, {
      records: conversion.progress.records,
      fileSize: megabytes(result.size),
    });
    deps.log.info('Converted', {
      taskId: task.id,
      from: input.from,
      to: scheme.to,
      records: conversion.progress.records,
    });
    return next;
  } catch (error) {
    if (error instanceof ConversionStopped) return next; // cancelled: Finish leaves it cancelled
    if (error instanceof MalformedInputError) throw new TaskFailedError(error.message, { cause: error });
    throw error;
  }
}

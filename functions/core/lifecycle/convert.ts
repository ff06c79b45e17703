import { Readable } from 'node:stream';
import { ConversionStopped, convert } from '#conversion/convert';
import { MalformedInputError } from '#conversion/errors';
import { formatInfo } from '#conversion/formats';
import { conversionIssues, conversionSchemeSchema } from '#conversion/scheme';
import type { LifecycleState } from '#core/lifecycle/state';
import { settings } from '#runtime/config';
import { logger } from '#runtime/observability';
import { conversionInput, type SourceDeps } from '../conversions/source.ts';
import { TaskFailedError } from '../errors.ts';
import { storeKeys } from '../store-keys.ts';

/** The contract's `fileSize`: megabytes of 2^20 bytes, two decimals. */
export const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;

/**
 * The Convert step: input (URL, upload or extraction results) → reader → writer → one multipart
 * upload, streaming all the way. Every few seconds a write conditional on `running` checks that
 * the task is still wanted: a cancel stops the conversion and drops the half-written file. Input
 * that cannot be read fails the task with the line or record and the reason.
 */
export async function convertTask(deps: SourceDeps, state: LifecycleState): Promise<LifecycleState> {
  const task = await deps.tasks.get(state.taskId);
  if (task?.status !== 'running') return state;
  const next = { ...state, storeID: task.storeID };
  const scheme = conversionSchemeSchema.parse(await deps.store.getJson(storeKeys.scheme(task.storeID)));
  try {
    const input = await conversionInput(deps, task, scheme);
    // `from` inferred now may not take an option given for another format.
    const issue = conversionIssues({ ...scheme, from: input.from })[0];
    if (issue) throw new TaskFailedError(`The input is ${input.from}: ${issue.reason}`);
    const running = new AbortController();
    const heartbeat = setInterval(() => {
      deps.tasks.recordProgress(task.id, { requests: 0, failedRequests: 0 }).then(
        (stillRunning) => stillRunning || running.abort(),
        () => undefined, // a failed write is retried at the next tick
      );
    }, settings.progressSeconds * 1000);
    const conversion = convert({
      from: input.from,
      to: scheme.to,
      options: scheme.options,
      open: input.open,
      signal: running.signal,
    });
    const { extension, contentType } = formatInfo[scheme.to];
    const result = await deps.store
      .upload(storeKeys.result(task.storeID, extension), Readable.from(conversion.output), contentType)
      .finally(() => clearInterval(heartbeat));
    await deps.tasks.saveResult(task.id, scheme.to, result, {
      records: conversion.progress.records,
      fileSize: megabytes(result.size),
    });
    logger.info('Converted', {
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

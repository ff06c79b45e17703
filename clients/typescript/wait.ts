import type { EndpointCalls } from './calls.ts';
import { type ExtractionScheme, FINAL_STATUSES, type Task, type TaskWebhook } from './types.ts';

export interface WaitForTaskOptions {
  /** Called with the task after every answer (the created one first, for runAndWait). */
  onProgress?: (task: Task) => void;
  /**
   * How long each `info?wait=` call holds the answer (0 to 25 s, default 20). The answer comes at
   * once when the task ends; a shorter wait only gives `onProgress` more frequent counters.
   */
  waitSeconds?: number;
  signal?: AbortSignal;
}

export interface RunAndWaitOptions extends WaitForTaskOptions {
  webhook?: TaskWebhook;
}

const DEFAULT_WAIT_SECONDS = 20;

/** The task once it is completed, failed or cancelled, asking `info?wait=` until then. */
export async function waitForTask(
  calls: Pick<EndpointCalls, 'info'>,
  id: string,
  options: WaitForTaskOptions = {},
): Promise<Task> {
  const wait = options.waitSeconds ?? DEFAULT_WAIT_SECONDS;
  for (;;) {
    const task = await calls.info(id, { wait, signal: options.signal });
    options.onProgress?.(task);
    if (FINAL_STATUSES.has(task.status)) return task;
  }
}

/**
 * Creates an extraction task from `scheme`, runs it and resolves with it once it has ended (its
 * `status` says how: `completed`, `error` with the reason, or `cancelled`).
 */
export async function runAndWait(
  calls: Pick<EndpointCalls, 'create' | 'info'>,
  scheme: ExtractionScheme,
  options: RunAndWaitOptions = {},
): Promise<Task> {
  const created = await calls.create({ type: 'extraction', scheme, run: true, webhook: options.webhook });
  options.onProgress?.(created);
  return FINAL_STATUSES.has(created.status) ? created : waitForTask(calls, created.id, options);
}

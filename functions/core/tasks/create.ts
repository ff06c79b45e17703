import { payloadId } from '../canonical-json.ts';
import { newId } from '../ids.ts';
import { storeKeys } from '../store-keys.ts';
import type { Renderer, ResultFormat, Task, TaskType } from '../task.ts';
import { nowIso } from '../time.ts';
import { saveTaskWebhook, type TaskWebhook } from '../webhooks/endpoints.ts';
import type { TaskDeps } from './deps.ts';
import { runTask } from './run.ts';

export interface NewTask {
  account: string;
  type: TaskType;
  renderer?: Renderer | undefined;
  /** The scheme exactly as submitted: `scheme` serves it back and `payloadID` hashes it. */
  scheme: Record<string, unknown>;
  format: ResultFormat;
  run: boolean;
  /** The task's own webhook (`webhook` in create), its URL checked and its secret made. */
  webhook?: TaskWebhook | undefined;
}

export async function createTask(deps: TaskDeps, input: NewTask): Promise<Task> {
  const task: Task = {
    id: newId(),
    account: input.account,
    type: input.type,
    ...(input.renderer ? { renderer: input.renderer } : {}),
    payloadID: payloadId(input.scheme),
    storeID: newId(),
    format: input.format,
    status: 'initialized',
    requests: 0,
    failedRequests: 0,
    fileSize: 0,
    records: 0,
    createdAt: nowIso(),
    startTime: null,
    endTime: null,
    error: null,
    results: {},
    settled: false,
  };
  // The scheme goes to the store first: a task never exists without its scheme.
  await deps.store.putJson(storeKeys.scheme(task.storeID), input.scheme);
  // And its webhook before it exists, so a run at once already announces to it.
  if (input.webhook) await saveTaskWebhook(deps.webhooks, task, input.webhook);
  await deps.tasks.create(task);
  return input.run ? runTask(deps, input.account, task.id) : task;
}

// HTTP → authenticate → validate id → core.cancelTask (a queued task's lifecycle started again) → 200 task (cancelled)

import { toTaskView } from '#core/task';
import { cancelTask } from '#core/tasks/cancel';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { executions } from '#runtime/services/executions';
import { taskEvents } from '#runtime/services/task-events';
import { taskRepository } from '#runtime/services/tasks';
import { taskIdOf } from './params.ts';

const deps = { tasks: taskRepository(), events: taskEvents(), executions: executions() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  return { status: 200, body: toTaskView(await cancelTask(deps, account, id)) };
});

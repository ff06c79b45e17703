// HTTP → authenticate → validate id → core.runTask → 200 task (queued)

import { toTaskView } from '#core/task';
import { runTask } from '#core/tasks/run';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { executions } from '#runtime/services/executions';
import { taskStore } from '#runtime/services/store';
import { taskEvents } from '#runtime/services/task-events';
import { taskRepository } from '#runtime/services/tasks';
import { taskIdOf } from './params.ts';

const deps = { tasks: taskRepository(), store: taskStore(), executions: executions(), events: taskEvents() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  return { status: 200, body: toTaskView(await runTask(deps, account, id)) };
});

// HTTP → authenticate → validate id → core.runTask → 200 task (queued)
import { apiHandler } from '#core/http';
import { apiKeys } from '#core/services/api-keys';
import { executions } from '#core/services/executions';
import { taskStore } from '#core/services/store';
import { taskEvents } from '#core/services/task-events';
import { taskRepository } from '#core/services/tasks';
import { toTaskView } from '#core/task';
import { runTask } from '#core/tasks/run';
import { taskIdOf } from './params.ts';

const deps = { tasks: taskRepository(), store: taskStore(), executions: executions(), events: taskEvents() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  return { status: 200, body: toTaskView(await runTask(deps, account, id)) };
});

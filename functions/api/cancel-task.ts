// HTTP → authenticate → validate id → core.cancelTask → 200 task (cancelled)
import { apiHandler } from '#core/http';
import { apiKeys } from '#core/services/api-keys';
import { taskEvents } from '#core/services/task-events';
import { taskRepository } from '#core/services/tasks';
import { toTaskView } from '#core/task';
import { cancelTask } from '#core/tasks/cancel';
import { taskIdOf } from './params.ts';

const deps = { tasks: taskRepository(), events: taskEvents() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  return { status: 200, body: toTaskView(await cancelTask(deps, account, id)) };
});

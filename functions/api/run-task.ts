// HTTP → authenticate → validate id → core.runTask → 200 task (queued)
import { apiHandler } from '#core/http';
import { executions, taskRepository, taskStore } from '#core/services';
import { toTaskView } from '#core/task';
import { runTask } from '#core/tasks/run';
import { taskEvents } from '#core/webhooks/services';
import { taskIdOf } from './schemas.ts';

const deps = { tasks: taskRepository(), store: taskStore(), executions: executions(), events: taskEvents() };

export const handler = apiHandler(async ({ account, params }) => {
  const id = taskIdOf(params);
  return { status: 200, body: toTaskView(await runTask(deps, account, id)) };
});

// HTTP → authenticate → validate id → core.deleteTask → 204
import { apiHandler } from '#core/http';
import { taskRepository, taskStore } from '#core/services';
import { deleteTask } from '#core/tasks/remove';
import { webhookRepository } from '#core/webhooks/services';
import { taskIdOf } from './schemas.ts';

const deps = { tasks: taskRepository(), store: taskStore(), webhooks: webhookRepository() };

export const handler = apiHandler(async ({ account, params }) => {
  const id = taskIdOf(params);
  await deleteTask(deps, account, id);
  return { status: 204 };
});

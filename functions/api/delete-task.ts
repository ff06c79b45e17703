// HTTP → authenticate → validate id → core.deleteTask → 204
import { apiHandler } from '#core/http';
import { apiKeys } from '#core/services/api-keys';
import { taskStore } from '#core/services/store';
import { taskRepository } from '#core/services/tasks';
import { webhookRepository } from '#core/services/webhooks';
import { deleteTask } from '#core/tasks/remove';
import { taskIdOf } from './params.ts';

const deps = { tasks: taskRepository(), store: taskStore(), webhooks: webhookRepository() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  await deleteTask(deps, account, id);
  return { status: 204 };
});

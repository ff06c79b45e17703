// HTTP → authenticate → validate id → core.deleteTask → 204

import { deleteTask } from '#core/tasks/remove';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { taskStore } from '#runtime/services/store';
import { taskRepository } from '#runtime/services/tasks';
import { webhookRepository } from '#runtime/services/webhooks';
import { taskIdOf } from './params.ts';

const deps = { tasks: taskRepository(), store: taskStore(), webhooks: webhookRepository() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  await deleteTask(deps, account, id);
  return { status: 204 };
});

// HTTP → authenticate → validate id → core.findTask → 200 task

import { toTaskView } from '#core/task';
import { findTask } from '#core/tasks/find';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { taskRepository } from '#runtime/services/tasks';
import { taskIdOf } from './params.ts';

const tasks = taskRepository();

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  return { status: 200, body: toTaskView(await findTask(tasks, account, id)) };
});

// HTTP → authenticate → validate id → core.findTask → store scheme.json → 200 scheme as submitted

import { storeKeys } from '#core/store-keys';
import { findTask } from '#core/tasks/find';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { taskStore } from '#runtime/services/store';
import { taskRepository } from '#runtime/services/tasks';
import { taskIdOf } from './params.ts';

const tasks = taskRepository();
const store = taskStore();

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  const task = await findTask(tasks, account, id);
  return { status: 200, body: await store.getJson(storeKeys.scheme(task.storeID)) };
});

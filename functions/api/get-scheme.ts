// HTTP → authenticate → validate id → core.findTask → store scheme.json → 200 scheme as submitted
import { apiHandler } from '#core/http';
import { apiKeys } from '#core/services/api-keys';
import { taskStore } from '#core/services/store';
import { taskRepository } from '#core/services/tasks';
import { storeKeys } from '#core/store';
import { findTask } from '#core/tasks/find';
import { taskIdOf } from './params.ts';

const tasks = taskRepository();
const store = taskStore();

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  const id = taskIdOf(params);
  const task = await findTask(tasks, account, id);
  return { status: 200, body: await store.getJson(storeKeys.scheme(task.storeID)) };
});
